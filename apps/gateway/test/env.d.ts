import type { D1Migration } from 'cloudflare:test';
import type { WorkerBindings } from '../worker-configuration';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerBindings {
      INTERNAL_SIGNING_SECRET: string;
      TEST_MIGRATIONS: D1Migration[];
      TEST_DB: D1Database;
      TEST_DEV_PRIVATE_JWK: string;
      FAULTY_THROWS: Fetcher;
      FAULTY_HANGS: Fetcher;
      FAULTY_PLAIN_500: Fetcher;
      FAULTY_GARBAGE: Fetcher;
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    supabase: { url: string; tokens: string[] };
    /** test/jwks-fixture.ts: scenario issuers whose JWKS endpoint a test controls. */
    jwksFixture: { url: string; publicJwk: import('jose').JWK; privateJwk: import('jose').JWK };
    /** The integrations Worker's local providers (test/provider-fakes.ts). */
    providers: { linkedInLog: string; sendGrid: string; boards: string };
    oidc: {
      issuer: string;
      jwksUrl: string;
      validToken: string;
      wrongAudienceToken: string;
      expiredToken: string;
      hs256WithPublicKeyToken: string;
    };
  }
}

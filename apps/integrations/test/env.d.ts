import type { IntegrationsEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends IntegrationsEnv {
      INTERNAL_SIGNING_SECRET: string;
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}

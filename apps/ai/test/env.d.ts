import type { AiEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends AiEnv {
      INTERNAL_SIGNING_SECRET: string;
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}

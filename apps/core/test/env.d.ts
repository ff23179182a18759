import type { D1Migration } from 'cloudflare:test';
import type { CoreEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends CoreEnv {
      TEST_MIGRATIONS: D1Migration[];
      INTERNAL_SIGNING_SECRET: string;
      EMPTY_DB: D1Database;
    }
  }
}

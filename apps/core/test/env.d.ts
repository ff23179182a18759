import type { D1Migration } from 'cloudflare:test';
import type { WorkerBindings } from '../worker-configuration';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerBindings {
      TEST_MIGRATIONS: D1Migration[];
      INTERNAL_SIGNING_SECRET: string;
      EMPTY_DB: D1Database;
      SECOND_SHARD: D1Database;
    }
  }
}

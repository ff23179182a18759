import type { WorkerBindings } from '../worker-configuration';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerBindings {
      INTERNAL_SIGNING_SECRET: string;
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}

import type { D1Migration } from 'cloudflare:test';
import type { SingleEnv } from '../src/compose';

declare global {
  namespace Cloudflare {
    interface Env extends SingleEnv {
      TEST_MIGRATIONS: D1Migration[];
      TEST_DEV_PRIVATE_JWK: string;
    }
  }
}

import type { IntegrationsEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends IntegrationsEnv {
      INTERNAL_SIGNING_SECRET: string;
    }
  }
}

import type { ServiceEnv } from '@jobmatch/shared-middleware';

export interface IntegrationsEnv extends ServiceEnv {
  DB: D1Database;

  OAUTH_STATES: KVNamespace;
  EXPORTS: R2Bucket;
}

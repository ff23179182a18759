import type { ServiceEnv } from '@jobmatch/shared-middleware';

export interface CoreEnv extends ServiceEnv {
  DB: D1Database;
  AVATARS: R2Bucket;
  RESUMES: R2Bucket;
  EXPORTS: R2Bucket;
  /** Session state (shared with the gateway, which reads it on every request). */
  SESSIONS: KVNamespace;
}

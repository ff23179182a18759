import type { ServiceEnv } from '@jobmatch/shared-middleware';

export interface CoreEnv extends ServiceEnv {
  DB: D1Database;
  AVATARS: R2Bucket;
  RESUMES: R2Bucket;
  EXPORTS: R2Bucket;
  /** Session state (shared with the gateway, which reads it on every request). */
  SESSIONS: KVNamespace;
  /** Public origin of the gateway (e.g. https://api.example.com); signed URLs are relative without it. */
  PUBLIC_API_URL?: string;
  /** Scheduled maintenance archives unsaved jobs older than this many days (default 90). */
  JOB_ARCHIVE_AFTER_DAYS?: string;
}

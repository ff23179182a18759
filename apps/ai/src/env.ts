import type { ServiceEnv } from '@jobmatch/shared-middleware';

export interface AiEnv extends ServiceEnv {
  DB: D1Database;
  JOB_ANALYSIS_CACHE: KVNamespace;
  EMBEDDINGS_CACHE: KVNamespace;
  /** Workers AI; absent in local development (no network), see the local provider. */
  AI?: Ai;

}

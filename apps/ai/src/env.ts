import type { ServiceEnv } from '@jobmatch/shared-middleware';

export interface AiEnv extends ServiceEnv {
  DB: D1Database;
  JOB_ANALYSIS_CACHE: KVNamespace;
  EMBEDDINGS_CACHE: KVNamespace;
  /** The resumes bucket (core writes it on upload; ai only reads the caller's own objects). */
  RESUMES: R2Bucket;
  /** Workers AI; bound only in staging/production (it has no local mode), see the local provider. */
  AI?: Ai;
  /** Vectorize index for search, when bound (deployed envs); otherwise the D1 index is used. */
  VECTORIZE?: VectorizeIndex;
  /** Workers Analytics Engine, when bound: usage points go there instead of D1 counters. */
  AI_ANALYTICS?: AnalyticsEngineDataset;

  /** Secret. With it, OpenAI joins the provider chain. */
  OPENAI_API_KEY?: string;
  /** OpenAI-compatible endpoint (OpenAI, Cloudflare AI Gateway, a local server in tests). */
  OPENAI_BASE_URL?: string;
  OPENAI_CHAT_MODEL?: string;
  OPENAI_EMBEDDING_MODEL?: string;
  /** A vision-capable chat model for image resumes; unset: image resumes answer 422. */
  OPENAI_VISION_MODEL?: string;
  OPENAI_TIMEOUT_MS?: string;
  OPENAI_MAX_RETRIES?: string;
  WORKERS_AI_CHAT_MODEL?: string;
  WORKERS_AI_EMBEDDING_MODEL?: string;
  /** Provider order, comma-separated (default "openai,workers-ai,local"); unconfigured ones are skipped. */
  AI_PROVIDER_ORDER?: string;
  /** How often measured usage is flushed to D1 (ms, default 5000). */
  AI_USAGE_FLUSH_MS?: string;
}

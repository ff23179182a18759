/**
 * ai's environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Workers AI
 * is bound only in staging and production, so the generated type has `AI?: Ai`: local
 * development and tests run without it (see the local provider). Below: secrets and optional vars.
 */
import type { WorkerBindings } from '../worker-configuration';

/** Optional bindings and settings (documented here; the generated type lists what the config binds). */
interface AiSettings {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
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

export type AiEnv = WorkerBindings & AiSettings;

/**
 * One interface for every model provider (OpenAI, Workers AI). The local deterministic
 * provider is not a model: it implements each task directly (src/local) and is the last link
 * of every chain (providers/chain.ts).
 */
import type * as v from 'valibot';

export type ProviderId = 'openai' | 'workers-ai' | 'local';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A structured-output request: the answer must validate against `schema` (nullable, never optional, fields). */
export interface JsonTask<S extends v.GenericSchema = v.GenericSchema> {
  /** Task name (metrics, JSON schema name): job_analysis, job_parse, application_variants, … */
  name: string;
  schema: S;
  system: string;
  user: string;
  maxTokens: number;
  /** An image (data URL) for vision tasks; only vision-capable providers accept it. */
  imageDataUrl?: string;
}

export interface JsonAnswer {
  /** The parsed JSON (validated by the chain, not trusted yet). */
  value: unknown;
  model: string;
  usage: TokenUsage;
}

export interface EmbeddingAnswer {
  vectors: number[][];
  model: string;
  usage: TokenUsage;
}

export interface ModelProvider {
  readonly id: Exclude<ProviderId, 'local'>;
  readonly chatModel: string;
  readonly embeddingModel: string;
  /** Set when the provider can read images. */
  readonly visionModel: string | null;
  completeJson(task: JsonTask): Promise<JsonAnswer>;
  embed(texts: string[]): Promise<EmbeddingAnswer>;
}

/** The model answered, but not with something usable (bad JSON, schema mismatch, cut off): retry once, then fall back. */
export class ModelOutputError extends Error {
  override name = 'ModelOutputError';
  constructor(
    message: string,
    readonly usage: TokenUsage = { promptTokens: 0, completionTokens: 0 },
  ) {
    super(message);
  }
}

/** The provider could not answer (429/5xx after retries, timeout, network): fall back at once. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0 };

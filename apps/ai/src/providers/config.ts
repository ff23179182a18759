/**
 * Which providers serve this environment, in chain order. OpenAI needs its key, Workers AI its
 * binding; the local deterministic provider needs nothing and is always last, so the dev stack,
 * tests and CI work offline. `AI_PROVIDER_ORDER` reorders or drops model providers.
 */
import type { AiEnv } from '../env';
import { OpenAiProvider } from './openai';
import type { ModelProvider } from './types';
import { WorkersAiProvider } from './workers-ai';

export const LOCAL_PROVIDER = 'local' as const;
/** The local provider's name in every answer: deterministic rules and hashing, not a model. */
export const LOCAL_MODEL = 'local-rules-v1';
export const LOCAL_EMBEDDING_MODEL = 'local-hash-ngram-768-v1';
export const EMBEDDING_DIMENSIONS = 768;

export const DEFAULTS = {
  openAiBaseUrl: 'https://api.openai.com/v1',
  openAiChatModel: 'gpt-4o-mini',
  openAiEmbeddingModel: 'text-embedding-3-small',
  openAiTimeoutMs: 20_000,
  openAiMaxRetries: 2,
  workersAiChatModel: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  workersAiEmbeddingModel: '@cf/baai/bge-base-en-v1.5',
  workersAiTimeoutMs: 20_000,
} as const;

const intVar = (raw: string | undefined, fallback: number, min: number, max: number): number => {
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};
const textVar = (raw: string | undefined, fallback: string): string => (raw?.trim() ? raw.trim() : fallback);

/** The configured model providers, in order (possibly none: then only the local provider answers). */
export function modelProviders(env: AiEnv): ModelProvider[] {
  const order = textVar(env.AI_PROVIDER_ORDER, 'openai,workers-ai,local')
    .split(',')
    .map((s) => s.trim().toLowerCase());
  const out: ModelProvider[] = [];
  for (const id of order) {
    if (id === 'openai' && env.OPENAI_API_KEY) {
      out.push(
        new OpenAiProvider({
          apiKey: env.OPENAI_API_KEY,
          baseURL: textVar(env.OPENAI_BASE_URL, DEFAULTS.openAiBaseUrl),
          chatModel: textVar(env.OPENAI_CHAT_MODEL, DEFAULTS.openAiChatModel),
          embeddingModel: textVar(env.OPENAI_EMBEDDING_MODEL, DEFAULTS.openAiEmbeddingModel),
          visionModel: env.OPENAI_VISION_MODEL?.trim() || null,
          timeoutMs: intVar(env.OPENAI_TIMEOUT_MS, DEFAULTS.openAiTimeoutMs, 100, 120_000),
          maxRetries: intVar(env.OPENAI_MAX_RETRIES, DEFAULTS.openAiMaxRetries, 0, 5),
          embeddingDimensions: EMBEDDING_DIMENSIONS,
        }),
      );
    } else if (id === 'workers-ai' && env.AI) {
      out.push(
        new WorkersAiProvider(env.AI, {
          chatModel: textVar(env.WORKERS_AI_CHAT_MODEL, DEFAULTS.workersAiChatModel),
          embeddingModel: textVar(env.WORKERS_AI_EMBEDDING_MODEL, DEFAULTS.workersAiEmbeddingModel),
          timeoutMs: DEFAULTS.workersAiTimeoutMs,
        }),
      );
    }
  }
  return out;
}

/** For /health and the analytics answers: what this environment would use. */
export function providerSummary(env: AiEnv): { chain: string[]; embeddings: string; vision: string | null } {
  const providers = modelProviders(env);
  return {
    chain: [...providers.map((p) => `${p.id}:${p.chatModel}`), `${LOCAL_PROVIDER}:${LOCAL_MODEL}`],
    embeddings: providers[0] ? `${providers[0].id}:${providers[0].embeddingModel}` : `${LOCAL_PROVIDER}:${LOCAL_EMBEDDING_MODEL}`,
    vision: providers.find((p) => p.visionModel)?.visionModel ?? null,
  };
}

/**
 * Embedding providers in chain order (the configured model providers, then the local hashed
 * n-grams) and the EMBEDDINGS_CACHE in front of model embeddings: key = model + the full
 * SHA-256 of model and text, 30 days. Local embeddings are not cached: computing one is cheaper
 * than a KV read.
 */
import { aiCaches } from '@jobmatch/kv-schemas';
import type { AiEnv } from '../env';
import { sha256Hex } from '../hash';
import { localEmbedding } from '../local/embeddings';
import type { Meter } from '../metrics/meter';
import { costUsdMicros } from '../metrics/prices';
import { EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL, modelProviders } from '../providers/config';
import type { ProviderId } from '../providers/types';

export interface Embedder {
  provider: ProviderId;
  model: string;
  /** Embeds texts, metering the call. */
  embed(texts: string[], task: string): Promise<number[][]>;
}

const MAX_TEXTS_PER_CALL = 96;

export function embedders(env: AiEnv, meter: Meter): Embedder[] {
  const out: Embedder[] = modelProviders(env).map((p) => ({
    provider: p.id,
    model: p.embeddingModel,
    async embed(texts, task) {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += MAX_TEXTS_PER_CALL) {
        const started = Date.now();
        try {
          const answer = await p.embed(texts.slice(i, i + MAX_TEXTS_PER_CALL));
          meter.call({ provider: p.id, model: answer.model, task, ok: true, latencyMs: Date.now() - started, ...answer.usage });
          vectors.push(...answer.vectors);
        } catch (error) {
          meter.call({
            provider: p.id,
            model: p.embeddingModel,
            task,
            ok: false,
            latencyMs: Date.now() - started,
            promptTokens: 0,
            completionTokens: 0,
          });
          throw error;
        }
      }
      return vectors;
    },
  }));
  out.push({
    provider: 'local',
    model: LOCAL_EMBEDDING_MODEL,
    async embed(texts, task) {
      const started = Date.now();
      const vectors = texts.map(localEmbedding);
      meter.call({
        provider: 'local',
        model: LOCAL_EMBEDDING_MODEL,
        task,
        ok: true,
        latencyMs: Date.now() - started,
        promptTokens: 0,
        completionTokens: 0,
      });
      return vectors;
    },
  });
  return out;
}

export const embeddingTextHash = (model: string, text: string) => sha256Hex(`${model}\n${text}`);

/** One text's embedding, through EMBEDDINGS_CACHE for model embedders. */
export async function embedCached(env: AiEnv, meter: Meter, embedder: Embedder, text: string, task: string): Promise<number[]> {
  if (embedder.provider === 'local') return (await embedder.embed([text], task))[0]!;
  const id = { model: embedder.model, textHash: await embeddingTextHash(embedder.model, text) };
  const cached = await aiCaches.embedding.get(env.EMBEDDINGS_CACHE, id);
  if (cached && cached.vector.length === cached.dimensions && cached.dimensions > 0) {
    // What the hit saved: the tokens of this text (≈ 4 characters each) at the model's price.
    meter.cache({
      cache: 'embeddings_kv',
      hit: true,
      savedUsdMicros: costUsdMicros(embedder.provider, embedder.model, Math.ceil(text.length / 4), 0),
      task,
    });
    return cached.vector;
  }
  meter.cache({ cache: 'embeddings_kv', hit: false, task });
  const [vector] = await embedder.embed([text], task);
  try {
    await aiCaches.embedding.put(env.EMBEDDINGS_CACHE, id, {
      vector: vector!,
      dimensions: vector!.length,
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'embedding_cache_write_failed', error: String(error) }));
  }
  return vector!;
}

export { EMBEDDING_DIMENSIONS };

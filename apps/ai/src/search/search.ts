/**
 * POST /api/jobs/search: semantic (cosine over the user's own index) or hybrid
 * (0.7 × semantic + 0.3 × FTS5 keyword score, both 0–1). The candidate set is the user's jobs
 * from the start — the index and the FTS query are filtered by user id before anything is
 * ranked. A failing embedding provider falls back to the next (finally the local one).
 */
import { jobEmbeddings, type Job, userDb } from '@jobmatch/db';
import type { AiEnv } from '../env';
import { words } from '../local/text';
import type { Meter } from '../metrics/meter';
import { ModelOutputError, ProviderUnavailableError } from '../providers/types';
import { embedCached, embedders, type Embedder } from './embedders';
import { loadIndex, similarities, syncIndex } from './job-index';

export const SEMANTIC_WEIGHT = 0.7;
export const KEYWORD_WEIGHT = 0.3;

export interface SearchRequest {
  query: string;
  limit: number;
  searchType: 'semantic' | 'hybrid';
}

export interface SearchScore {
  jobId: string;
  keywordScore: number;
  semanticScore: number;
  combinedScore: number;
}

export interface SearchAnswer {
  jobs: Job[];
  searchType: 'semantic' | 'hybrid';
  resultCount: number;
  scores: SearchScore[];
  provider: string;
  embeddingModel: string;
  indexed: number;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

export async function searchJobs(env: AiEnv, userId: string, meter: Meter, req: SearchRequest): Promise<SearchAnswer> {
  let lastError: unknown;
  for (const embedder of embedders(env, meter)) {
    try {
      return await searchWith(env, userId, meter, embedder, req);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError) && !(error instanceof ModelOutputError)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

async function searchWith(env: AiEnv, userId: string, meter: Meter, embedder: Embedder, req: SearchRequest): Promise<SearchAnswer> {
  const indexed = await syncIndex(env, userId, embedder, meter);
  const queryVector = await embedCached(env, meter, embedder, req.query, 'query_embedding');

  const semantic = new Map<string, number>();
  if (env.VECTORIZE && embedder.provider !== 'local') {
    const result = await env.VECTORIZE.query(queryVector, { topK: Math.min(100, req.limit * 4), namespace: userId });
    for (const m of result.matches) semantic.set(m.id, Math.max(0, m.score));
  } else {
    const index = await loadIndex(env, userId, embedder.model);
    const sims = similarities(index, queryVector);
    index.ids.forEach((id, i) => {
      semantic.set(id, Math.max(0, sims[i]!));
    });
  }

  const keyword = new Map<string, number>();
  if (req.searchType === 'hybrid') {
    const ranks = await jobEmbeddings.keywordRanks(await userDb(env, userId), userId, words(req.query), 500);
    // bm25 is negative, more negative is better: scale so the best match is 1.
    const best = Math.min(...ranks.map((r) => r.rank), -1e-9);
    for (const r of ranks) keyword.set(r.jobId, Math.max(0, Math.min(1, r.rank / best)));
  }

  const candidates = new Set([...semantic.keys(), ...keyword.keys()]);
  const scored: SearchScore[] = [];
  for (const jobId of candidates) {
    const s = semantic.get(jobId) ?? 0;
    const k = keyword.get(jobId) ?? 0;
    const combined = req.searchType === 'hybrid' ? SEMANTIC_WEIGHT * s + KEYWORD_WEIGHT * k : s;
    if (combined <= 0) continue;
    scored.push({ jobId, semanticScore: round(s), keywordScore: round(k), combinedScore: round(combined) });
  }
  scored.sort((a, b) => b.combinedScore - a.combinedScore || a.jobId.localeCompare(b.jobId));
  const top = scored.slice(0, req.limit);
  const rows = new Map(
    (
      await jobEmbeddings.getJobsByIds(
        await userDb(env, userId),
        userId,
        top.map((s) => s.jobId),
      )
    ).map((j) => [j.id, j]),
  );
  const present = top.filter((s) => rows.has(s.jobId));
  return {
    jobs: present.map((s) => rows.get(s.jobId)!),
    searchType: req.searchType,
    resultCount: present.length,
    scores: present,
    provider: embedder.provider,
    embeddingModel: embedder.model,
    indexed,
  };
}

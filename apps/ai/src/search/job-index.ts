/**
 * The per-user job index for one embedding model, kept incrementally in D1 (job_embeddings):
 * before a search, only jobs that are new or whose row changed are looked at, and only those
 * whose embedded text changed are re-embedded. Decoded vectors are memoised per isolate and
 * re-read only when the index's stamp (count + latest write) changes. With a Vectorize binding
 * the vectors are also upserted there, in the user's own namespace.
 */
import { jobEmbeddings, type Job, userDb } from '@jobmatch/db';
import type { AiEnv } from '../env';
import { sha256Hex } from '../hash';
import type { Meter } from '../metrics/meter';
import type { Embedder } from './embedders';
import { decodeVectorInto, encodeVector } from './vector-codec';

/** Jobs (re-)embedded per search at most; the rest follow on the next searches. */
export const MAX_INDEXED_PER_REQUEST = { local: 2000, model: 300 } as const;
/** Decoded vectors kept per isolate, all users together (768 dims × 4 bytes ≈ 3 KiB each). */
const MEMO_MAX_VECTORS = 8000;
/**
 * Users memoised per isolate, whatever their vector count: an empty index weighs nothing in
 * MEMO_MAX_VECTORS, so without this every distinct user who searched would stay for good.
 */
export const MEMO_MAX_USERS = 500;

export function jobText(job: Job): string {
  return [
    job.title,
    job.company,
    job.location ?? '',
    job.work_arrangement ?? '',
    job.experience_level ?? '',
    [...job.required_skills, ...job.preferred_skills].join(', '),
    job.description ?? '',
  ]
    .join('\n')
    .slice(0, 8000);
}

export interface LoadedIndex {
  ids: string[];
  dims: number;
  /** ids.length × dims, row-major. */
  matrix: Float32Array;
}

const memo = new Map<string, { stamp: string; index: LoadedIndex }>();

export async function syncIndex(env: AiEnv, userId: string, embedder: Embedder, meter: Meter): Promise<number> {
  const cap = embedder.provider === 'local' ? MAX_INDEXED_PER_REQUEST.local : MAX_INDEXED_PER_REQUEST.model;
  const stale = await jobEmbeddings.listJobsToIndex(await userDb(env, userId), userId, embedder.model, cap);
  if (stale.length === 0) {
    meter.cache({ cache: 'search_index', hit: true, task: 'job_search' });
    return 0;
  }
  meter.cache({ cache: 'search_index', hit: false, task: 'job_search' });
  const withHash = await Promise.all(stale.map(async (s) => ({ ...s, text: jobText(s.job), hash: await sha256Hex(jobText(s.job)) })));
  const unchanged = withHash.filter((s) => s.indexedHash === s.hash);
  const toEmbed = withHash.filter((s) => s.indexedHash !== s.hash);
  await jobEmbeddings.restampEmbeddings(
    await userDb(env, userId),
    userId,
    embedder.model,
    unchanged.map((s) => ({ jobId: s.job.id, jobUpdatedAt: s.updatedAt })),
  );
  if (toEmbed.length) {
    const vectors = await embedder.embed(
      toEmbed.map((s) => s.text),
      'job_index',
    );
    const rows = toEmbed.map((s, i) => ({
      jobId: s.job.id,
      contentHash: s.hash,
      jobUpdatedAt: s.updatedAt,
      dimensions: vectors[i]!.length,
      vector: encodeVector(vectors[i]!),
    }));
    // D1 batches stay well under the statement limits.
    for (let i = 0; i < rows.length; i += 100)
      await jobEmbeddings.upsertEmbeddings(await userDb(env, userId), userId, embedder.model, rows.slice(i, i + 100));
    if (env.VECTORIZE && embedder.provider !== 'local') {
      await env.VECTORIZE.upsert(
        toEmbed.map((s, i) => ({ id: s.job.id, values: vectors[i]!, namespace: userId, metadata: { model: embedder.model } })),
      );
    }
  }
  return toEmbed.length;
}

/** The user's vectors for the model, decoded (memoised per isolate while the index is unchanged). */
export async function loadIndex(env: AiEnv, userId: string, model: string): Promise<LoadedIndex> {
  const key = `${userId}|${model}`;
  const stamp = await jobEmbeddings.indexStamp(await userDb(env, userId), userId, model);
  const known = memo.get(key);
  if (known && known.stamp === stamp) {
    memo.delete(key);
    memo.set(key, known); // most recently used last
    return known.index;
  }
  const rows = await jobEmbeddings.listVectors(await userDb(env, userId), userId, model);
  const dims = rows[0] ? atob(rows[0].vector).length / 4 : 0;
  const matrix = new Float32Array(rows.length * dims);
  const ids: string[] = [];
  for (const row of rows) {
    if (decodeVectorInto(row.vector, matrix, ids.length * dims) !== dims) continue; // a vector of another size is skipped
    ids.push(row.jobId);
  }
  const index = { ids, dims, matrix: matrix.subarray(0, ids.length * dims) };
  memo.set(key, { stamp, index });
  let total = [...memo.values()].reduce((n, m) => n + m.index.ids.length, 0);
  for (const [k, m] of memo) {
    if ((total <= MEMO_MAX_VECTORS && memo.size <= MEMO_MAX_USERS) || k === key) break;
    memo.delete(k);
    total -= m.index.ids.length;
  }
  return index;
}

/** How many users' indexes this isolate holds (tests). */
export const memoisedIndexCount = (): number => memo.size;

/** Cosine similarity of the query with every row (rows are L2-normalised by every embedder we use; normalised again to be safe). */
export function similarities(index: LoadedIndex, query: ArrayLike<number>): Float64Array {
  const out = new Float64Array(index.ids.length);
  const { dims, matrix } = index;
  let qn = 0;
  for (let d = 0; d < dims; d++) qn += (query[d] ?? 0) ** 2;
  qn = Math.sqrt(qn);
  for (let r = 0; r < index.ids.length; r++) {
    let dot = 0;
    let rn = 0;
    const base = r * dims;
    for (let d = 0; d < dims; d++) {
      const x = matrix[base + d]!;
      dot += x * (query[d] ?? 0);
      rn += x * x;
    }
    const denom = Math.sqrt(rn) * qn;
    out[r] = denom > 1e-12 ? dot / denom : 0;
  }
  return out;
}

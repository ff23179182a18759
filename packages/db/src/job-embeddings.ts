/**
 * SQL for job_embeddings (ai Worker, migration 0008): the per-user semantic search index,
 * plus the user-scoped reads of jobs that search needs (jobs to (re-)index, rows by id, FTS
 * keyword ranks). Every statement is filtered by user id; ranking happens inside the query
 * that already filtered, never on another user's rows.
 */
import { rowToJob, type Job } from './jobs';
import { ftsOwnerMatch, ftsTerms, newId, nowIso, num, type Row } from './sql';

const JOB_COLUMNS_J = `j.id, j.title, j.company, j.location, j.description, j.url, j.source, j.job_type,
  j.experience_level, j.work_arrangement, j.salary_min, j.salary_max, j.match_score, j.saved, j.archived,
  j.added_at, j.created_at, j.required_skills, j.preferred_skills`;

/** Statements stay under D1's 100 bound parameters. */
const MAX_IDS_PER_STATEMENT = 90;

export interface JobToIndex {
  job: Job;
  /** jobs.updated_at: stored with the vector so an unchanged job is never re-embedded. */
  updatedAt: string;
  /** The content hash of the stored vector, when there is one (a changed row may embed the same text). */
  indexedHash: string | null;
}

/** The user's jobs that have no vector for `model` yet, or whose row changed since it was embedded. */
export async function listJobsToIndex(db: D1Database, userId: string, model: string, limit: number): Promise<JobToIndex[]> {
  const { results } = await db
    .prepare(
      `SELECT ${JOB_COLUMNS_J}, j.updated_at AS job_updated_at, e.content_hash AS indexed_hash
       FROM jobs j LEFT JOIN job_embeddings e ON e.user_id = j.user_id AND e.model = ?2 AND e.job_id = j.id
       WHERE j.user_id = ?1 AND (e.job_id IS NULL OR e.job_updated_at <> j.updated_at)
       ORDER BY j.added_at DESC, j.id LIMIT ?3`,
    )
    .bind(userId, model, limit)
    .all<Row>();
  return results.map((row) => ({
    job: rowToJob(row),
    updatedAt: String(row.job_updated_at),
    indexedHash: row.indexed_hash === null || row.indexed_hash === undefined ? null : String(row.indexed_hash),
  }));
}

export interface EmbeddingRow {
  jobId: string;
  contentHash: string;
  jobUpdatedAt: string;
  dimensions: number;
  /** Base64 of little-endian Float32 values (see the migration for why not a BLOB). */
  vector: string;
}

/** Stores (or replaces) vectors of the user's own jobs; a job id that is not theirs writes nothing. */
export async function upsertEmbeddings(db: D1Database, userId: string, model: string, rows: EmbeddingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const now = nowIso();
  const statements = rows.map((r) =>
    db
      .prepare(
        `INSERT INTO job_embeddings (id, user_id, job_id, model, dimensions, content_hash, job_updated_at, vector, indexed_at)
         SELECT ?9, ?1, id, ?2, ?4, ?5, ?6, ?7, ?8 FROM jobs WHERE id = ?3 AND user_id = ?1
         ON CONFLICT (user_id, model, job_id) DO UPDATE SET dimensions = excluded.dimensions,
           content_hash = excluded.content_hash, job_updated_at = excluded.job_updated_at,
           vector = excluded.vector, indexed_at = excluded.indexed_at`,
      )
      .bind(userId, model, r.jobId, r.dimensions, r.contentHash, r.jobUpdatedAt, r.vector, now, newId()),
  );
  await db.batch(statements);
}

/** Marks vectors as current for a changed row whose embedded text did not change (no re-embedding). */
export async function restampEmbeddings(
  db: D1Database,
  userId: string,
  model: string,
  rows: { jobId: string; jobUpdatedAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.batch(
    rows.map((r) =>
      db
        .prepare('UPDATE job_embeddings SET job_updated_at = ?4 WHERE user_id = ?1 AND model = ?2 AND job_id = ?3')
        .bind(userId, model, r.jobId, r.jobUpdatedAt),
    ),
  );
}

/** A cheap fingerprint of the user's index: changes whenever a vector is added, replaced or removed. */
export async function indexStamp(db: D1Database, userId: string, model: string): Promise<string> {
  const row = await db
    .prepare('SELECT count(*) AS n, max(indexed_at) AS latest FROM job_embeddings WHERE user_id = ?1 AND model = ?2')
    .bind(userId, model)
    .first<Row>();
  return `${num(row?.n) ?? 0}|${row?.latest ?? ''}`;
}

/** Every vector of the user's index for `model` (user filter first: ranking never sees another user's rows). */
export async function listVectors(db: D1Database, userId: string, model: string): Promise<{ jobId: string; vector: string }[]> {
  const { results } = await db
    .prepare('SELECT job_id, vector FROM job_embeddings WHERE user_id = ?1 AND model = ?2')
    .bind(userId, model)
    .all<Row>();
  return results.map((row) => ({ jobId: String(row.job_id), vector: String(row.vector) }));
}

/** The user's jobs with these ids (others' ids are simply absent), in no particular order. */
export async function getJobsByIds(db: D1Database, userId: string, ids: string[]): Promise<Job[]> {
  const out: Job[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + MAX_IDS_PER_STATEMENT);
    const placeholders = chunk.map((_, n) => `?${n + 2}`).join(', ');
    const { results } = await db
      .prepare(`SELECT ${JOB_COLUMNS_J} FROM jobs j WHERE j.user_id = ?1 AND j.id IN (${placeholders})`)
      .bind(userId, ...chunk)
      .all<Row>();
    out.push(...results.map(rowToJob));
  }
  return out;
}

/**
 * FTS5 keyword ranks of the user's jobs for any of `words` (OR of quoted prefix terms, so
 * user input is never FTS syntax; words under the minimum length are left out). bm25: lower is
 * better; the owner column weighs 0. The match walks only the user's entries (migration 0014).
 */
export async function keywordRanks(
  db: D1Database,
  userId: string,
  words: string[],
  limit: number,
): Promise<{ jobId: string; rank: number }[]> {
  const terms = ftsTerms(words, 'OR');
  if (terms === null) return [];
  const { results } = await db
    .prepare(
      `SELECT j.id AS job_id, bm25(jobs_fts, 0.0, 1.0, 1.0, 1.0, 1.0) AS rank
       FROM jobs_fts JOIN jobs j ON j.rowid = jobs_fts.rowid
       WHERE jobs_fts MATCH ${ftsOwnerMatch('?2', '?1')} AND j.user_id = ?2
       ORDER BY rank LIMIT ?3`,
    )
    .bind(terms, userId, limit)
    .all<Row>();
  return results.map((row) => ({ jobId: String(row.job_id), rank: Number(row.rank) }));
}

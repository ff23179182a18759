/**
 * SQL for job_compatibility_analyses (ai Worker): one analysis per user, job and profile
 * version. A profile write bumps users.profile_version, so older analyses stop matching.
 */
import { newId, nowIso, parseJsonColumn, type Row } from './sql';

export interface JobAnalysis<T = Record<string, unknown>> {
  id: string;
  job_id: string;
  profile_version: number;
  analysis: T;
  created_at: string;
  updated_at: string;
}

const ANALYSIS_COLUMNS = 'id, job_id, profile_version, analysis, created_at, updated_at';

function rowToAnalysis<T>(row: Row): JobAnalysis<T> {
  return {
    id: String(row.id),
    job_id: String(row.job_id),
    profile_version: Number(row.profile_version),
    analysis: parseJsonColumn<T>(row.analysis, {} as T),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The analysis of the user's job for this profile version, if one was stored. */
export async function getAnalysis<T = Record<string, unknown>>(
  db: D1Database,
  userId: string,
  jobId: string,
  profileVersion: number,
): Promise<JobAnalysis<T> | null> {
  const row = await db
    .prepare(
      `SELECT ${ANALYSIS_COLUMNS} FROM job_compatibility_analyses
       WHERE user_id = ?1 AND job_id = ?2 AND profile_version = ?3`,
    )
    .bind(userId, jobId, profileVersion)
    .first<Row>();
  return row ? rowToAnalysis<T>(row) : null;
}

/**
 * Stores (or replaces) the analysis of the user's own job; null when the job is not theirs,
 * so a caller can never attach an analysis to another user's job.
 */
export async function saveAnalysis<T>(
  db: D1Database,
  userId: string,
  jobId: string,
  profileVersion: number,
  analysis: T,
): Promise<JobAnalysis<T> | null> {
  const now = nowIso();
  const row = await db
    .prepare(
      `INSERT INTO job_compatibility_analyses (id, user_id, job_id, profile_version, analysis, created_at, updated_at)
       SELECT ?1, ?2, id, ?4, ?5, ?6, ?6 FROM jobs WHERE id = ?3 AND user_id = ?2
       ON CONFLICT (user_id, job_id, profile_version) DO UPDATE SET analysis = excluded.analysis, updated_at = excluded.updated_at
       RETURNING ${ANALYSIS_COLUMNS}`,
    )
    .bind(newId(), userId, jobId, profileVersion, JSON.stringify(analysis), now)
    .first<Row>();
  return row ? rowToAnalysis<T>(row) : null;
}

/** The user's analyses, newest first (e.g. for a job list's match badges). */
export async function listAnalyses<T = Record<string, unknown>>(
  db: D1Database,
  userId: string,
  o: { profileVersion?: number; limit: number },
): Promise<JobAnalysis<T>[]> {
  const { results } = await db
    .prepare(
      `SELECT ${ANALYSIS_COLUMNS} FROM job_compatibility_analyses
       WHERE user_id = ?1 AND (?2 IS NULL OR profile_version = ?2)
       ORDER BY created_at DESC, id LIMIT ?3`,
    )
    .bind(userId, o.profileVersion ?? null, o.limit)
    .all<Row>();
  return results.map((row) => rowToAnalysis<T>(row));
}

/** Drops the user's analyses made for older profile versions; returns how many went. */
export async function deleteOutdatedAnalyses(db: D1Database, userId: string, currentProfileVersion: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM job_compatibility_analyses WHERE user_id = ?1 AND profile_version < ?2')
    .bind(userId, currentProfileVersion)
    .run();
  return result.meta.changes;
}

/**
 * SQL for job quality: stored spam analyses (job_spam_analyses), per-user spam statistics,
 * the user's own spam reports of a job, and duplicate candidates among the user's own jobs.
 * The rules themselves live in core (apps/core/src/job-quality/). Scoped by user_id.
 */
import { newId, num, str, type Row } from './sql';

export type SpamRecommendation = 'safe' | 'review' | 'spam';

export interface StoredSpamAnalysis {
  rulesVersion: number;
  spamProbability: number;
  recommendation: SpamRecommendation;
  result: Record<string, unknown>;
  analyzedAt: string;
}

/** Stores the latest analysis of the user's own job (one row per job). False when the job is not theirs. */
export async function saveSpamAnalysis(db: D1Database, userId: string, jobId: string, a: StoredSpamAnalysis): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO job_spam_analyses (id, user_id, job_id, rules_version, spam_probability, recommendation, result, analyzed_at)
       SELECT ?1, ?2, j.id, ?4, ?5, ?6, ?7, ?8 FROM jobs j WHERE j.id = ?3 AND j.user_id = ?2
       ON CONFLICT (job_id) DO UPDATE SET rules_version = excluded.rules_version, spam_probability = excluded.spam_probability,
         recommendation = excluded.recommendation, result = excluded.result, analyzed_at = excluded.analyzed_at
         WHERE job_spam_analyses.user_id = excluded.user_id`,
    )
    .bind(newId(), userId, jobId, a.rulesVersion, a.spamProbability, a.recommendation, JSON.stringify(a.result), a.analyzedAt)
    .run();
  return result.meta.changes > 0;
}

/** How many of the user's own reports (spam/scam) name this job: the caller's, never other users'. */
export async function countOwnSpamReports(db: D1Database, userId: string, jobId: string): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM spam_reports WHERE user_id = ?1 AND job_id = ?2 AND report_type IN ('spam', 'scam')")
    .bind(userId, jobId)
    .first<Row>();
  return Number(row?.n ?? 0);
}

export interface SpamStatsCounts {
  totalJobs: number;
  analyzedJobs: number;
  spamDetected: number;
  reviewRecommended: number;
  safe: number;
}

/** Over the user's own jobs and their latest analyses. */
export async function spamStats(db: D1Database, userId: string): Promise<SpamStatsCounts> {
  const row = await db
    .prepare(
      `SELECT
         (SELECT count(*) FROM jobs WHERE user_id = ?1) AS total_jobs,
         count(a.id) AS analyzed,
         coalesce(sum(a.recommendation = 'spam'), 0) AS spam,
         coalesce(sum(a.recommendation = 'review'), 0) AS review,
         coalesce(sum(a.recommendation = 'safe'), 0) AS safe
       FROM job_spam_analyses a WHERE a.user_id = ?1`,
    )
    .bind(userId)
    .first<Row>();
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    totalJobs: n('total_jobs'),
    analyzedJobs: n('analyzed'),
    spamDetected: n('spam'),
    reviewRecommended: n('review'),
    safe: n('safe'),
  };
}

export interface DuplicateCandidate {
  id: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  postedAt: string | null;
  source: string | null;
  url: string | null;
  dedupHash: string | null;
}

const CANDIDATE_COLUMNS = 'id, title, company, location, description, salary_min, salary_max, added_at, source, url, dedup_hash';

function rowToCandidate(row: Row): DuplicateCandidate {
  return {
    id: String(row.id),
    title: String(row.title),
    company: String(row.company),
    location: str(row.location),
    description: str(row.description),
    salaryMin: num(row.salary_min),
    salaryMax: num(row.salary_max),
    postedAt: str(row.added_at),
    source: str(row.source),
    url: str(row.url),
    dedupHash: str(row.dedup_hash),
  };
}

export async function getJobForQuality(db: D1Database, userId: string, jobId: string): Promise<DuplicateCandidate | null> {
  const row = await db.prepare(`SELECT ${CANDIDATE_COLUMNS} FROM jobs WHERE id = ?1 AND user_id = ?2`).bind(jobId, userId).first<Row>();
  return row ? rowToCandidate(row) : null;
}

/**
 * The user's other jobs that could be the same posting: the same dedup hash, the same URL, or a
 * company name containing the job's company key (its first significant word, lower case).
 * At most `limit`, newest first; the similarity itself is scored by the caller.
 */
export async function listDuplicateCandidates(
  db: D1Database,
  userId: string,
  job: DuplicateCandidate,
  companyKey: string,
  limit = 500,
): Promise<DuplicateCandidate[]> {
  const { results } = await db
    .prepare(
      `SELECT ${CANDIDATE_COLUMNS} FROM jobs
       WHERE user_id = ?1 AND id <> ?2
         AND ((?3 IS NOT NULL AND dedup_hash = ?3) OR (?4 IS NOT NULL AND url = ?4) OR (?5 <> '' AND instr(lower(company), ?5) > 0))
       ORDER BY added_at DESC, rowid DESC LIMIT ?6`,
    )
    .bind(userId, job.id, job.dedupHash, job.url, companyKey, limit)
    .all<Row>();
  return results.map(rowToCandidate);
}

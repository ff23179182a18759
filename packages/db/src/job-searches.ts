/**
 * SQL for job searches (integrations: POST /api/jobs/scrape) and the jobs they save. Scraped
 * jobs go into `jobs` like any other, de-duplicated per user by `dedup_hash`: the INSERT runs
 * only when the user has no job with that hash, inside one batch (one transaction), so two
 * postings with the same hash in one search, or a job saved by an earlier search, are skipped.
 */
import { rowToJob, type Job } from './jobs';
import { newId, nowIso, parseJsonColumn, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

export interface ScrapedJob {
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  url: string | null;
  source: string;
  jobType: string | null;
  experienceLevel: string | null;
  workArrangement: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  requiredSkills: string[];
  /** Stable identity of the posting for this user (see the integrations Worker's normaliser). */
  dedupHash: string;
}

export interface SearchError {
  source: string;
  message: string;
}

export interface NewJobSearch {
  keywords: string[];
  filters: Record<string, unknown>;
  sources: string[];
  errors: SearchError[];
}

const RETURNED_COLUMNS = `id, title, company, location, description, url, source, job_type, experience_level,
  work_arrangement, salary_min, salary_max, match_score, saved, archived, added_at, created_at,
  required_skills, preferred_skills`;

/** Statements per batch: D1 runs a batch as one transaction; keep each one modest. */
const MAX_JOBS_PER_SEARCH = 200;

function insertIfNewStatement(db: D1Database, userId: string, job: ScrapedJob, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO jobs (id, user_id, title, company, location, description, url, source, job_type,
         experience_level, work_arrangement, salary_min, salary_max, required_skills, preferred_skills,
         dedup_hash, added_at, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, '[]', ?15, ?16, ?16, ?16
       WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE user_id = ?2 AND dedup_hash = ?15)
       RETURNING ${RETURNED_COLUMNS}`,
    )
    .bind(
      newId(),
      userId,
      job.title,
      job.company,
      job.location,
      job.description,
      job.url,
      job.source,
      job.jobType,
      job.experienceLevel,
      job.workArrangement,
      job.salaryMin,
      job.salaryMax,
      JSON.stringify(job.requiredSkills),
      job.dedupHash,
      now,
    );
}

/**
 * Saves the jobs the user does not have yet and records the search, in one transaction.
 * Returns the search id and the newly saved jobs (in input order); duplicates are counted.
 */
export async function saveSearchResults(
  db: D1Database,
  user: UserIdentity,
  search: NewJobSearch,
  jobs: ScrapedJob[],
): Promise<{ searchId: string; saved: Job[]; duplicates: number }> {
  if (jobs.length > MAX_JOBS_PER_SEARCH) throw new Error(`at most ${MAX_JOBS_PER_SEARCH} jobs per search`);
  const searchId = newId();
  const now = nowIso();
  const inserts = jobs.map((job) => insertIfNewStatement(db, user.userId, job, now));
  const results = await db.batch([
    ensureUserStatement(db, user),
    ...inserts,
    // The count is taken from the rows this batch inserted (the search's own dedup hashes).
    db
      .prepare(
        `INSERT INTO job_searches (id, user_id, keywords, filters, sources, job_count, errors, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5,
           (SELECT count(*) FROM jobs WHERE user_id = ?2 AND added_at = ?7 AND dedup_hash IN (SELECT value FROM json_each(?8))),
           ?6, ?7)`,
      )
      .bind(
        searchId,
        user.userId,
        JSON.stringify(search.keywords),
        JSON.stringify(search.filters),
        JSON.stringify(search.sources),
        JSON.stringify(search.errors),
        now,
        JSON.stringify(jobs.map((j) => j.dedupHash)),
      ),
  ]);
  const saved = results.slice(1, 1 + inserts.length).flatMap((r) => ((r.results ?? []) as Row[]).map(rowToJob));
  return { searchId, saved, duplicates: jobs.length - saved.length };
}

export interface JobSearch {
  id: string;
  keywords: string[];
  filters: Record<string, unknown>;
  sources: string[];
  job_count: number;
  errors: SearchError[];
  created_at: string;
}

/** The user's searches, newest first. */
export async function listSearches(db: D1Database, userId: string, limit: number): Promise<JobSearch[]> {
  const { results } = await db
    .prepare(
      `SELECT id, keywords, filters, sources, job_count, errors, created_at FROM job_searches
       WHERE user_id = ?1 ORDER BY created_at DESC, id LIMIT ?2`,
    )
    .bind(userId, limit)
    .all<Row>();
  return results.map((row) => ({
    id: String(row.id),
    keywords: parseJsonColumn<string[]>(row.keywords, []),
    filters: parseJsonColumn<Record<string, unknown>>(row.filters, {}),
    sources: parseJsonColumn<string[]>(row.sources, []),
    job_count: Number(row.job_count),
    errors: parseJsonColumn<SearchError[]>(row.errors, []),
    created_at: String(row.created_at),
  }));
}

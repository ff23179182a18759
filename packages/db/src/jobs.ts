/** SQL for the jobs table and its FTS index. Every query is scoped by user_id. */
import { ensureUserStatement, type UserIdentity } from './users';
import { storedBytesSql } from './user-storage';
import {
  ftsOwnerMatch,
  ftsTerms,
  fromBool,
  newId,
  nowIso,
  num,
  parseJsonColumn,
  str,
  toBool,
  updateStatement,
  type D1Reader,
  type Row,
} from './sql';

/** A job as the API returns it (snake_case, JSON parsed, booleans). */
export interface Job {
  id: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  url: string | null;
  source: string;
  job_type: string | null;
  experience_level: string | null;
  work_arrangement: string | null;
  salary_min: number | null;
  salary_max: number | null;
  match_score: number | null;
  saved: boolean;
  archived: boolean;
  added_at: string;
  created_at: string;
  required_skills: string[];
  preferred_skills: string[];
}

const JOB_COLUMNS = `id, title, company, location, description, url, source, job_type, experience_level,
  work_arrangement, salary_min, salary_max, match_score, saved, archived, added_at, created_at,
  required_skills, preferred_skills`;

/** SQL bytes of a job row's text columns: the page cut counts what the storage quota counts. */
const JOB_BYTES_SQL = storedBytesSql('jobs');

export function rowToJob(row: Row): Job {
  return {
    id: String(row.id),
    title: String(row.title),
    company: String(row.company),
    location: str(row.location),
    description: str(row.description),
    url: str(row.url),
    source: String(row.source),
    job_type: str(row.job_type),
    experience_level: str(row.experience_level),
    work_arrangement: str(row.work_arrangement),
    salary_min: num(row.salary_min),
    salary_max: num(row.salary_max),
    match_score: num(row.match_score),
    saved: toBool(row.saved),
    archived: toBool(row.archived),
    added_at: String(row.added_at),
    created_at: String(row.created_at),
    required_skills: parseJsonColumn<string[]>(row.required_skills, []),
    preferred_skills: parseJsonColumn<string[]>(row.preferred_skills, []),
  };
}

export interface JobFilters {
  archived?: boolean;
  saved?: boolean;
  source?: string;
  minMatchScore?: number;
  search?: string;
  workArrangement?: string;
  page: number;
  limit: number;
}

/**
 * Most bytes of job text one page carries (descriptions may be 50,000 characters, pages 1,000
 * jobs): a page is cut after the last job that fits (at least one job), and says so.
 */
export const JOB_PAGE_MAX_BYTES = 2 * 1024 * 1024;

export async function listJobs(db: D1Reader, userId: string, f: JobFilters): Promise<{ items: Job[]; total: number; truncated: boolean }> {
  const where: string[] = ['j.user_id = ?1'];
  const params: unknown[] = [userId];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (f.archived !== undefined) add((n) => `j.archived = ?${n}`, fromBool(f.archived));
  if (f.saved !== undefined) add((n) => `j.saved = ?${n}`, fromBool(f.saved));
  if (f.source !== undefined) add((n) => `j.source = ?${n}`, f.source);
  if (f.minMatchScore !== undefined) add((n) => `j.match_score >= ?${n}`, f.minMatchScore);
  if (f.workArrangement !== undefined) add((n) => `lower(j.work_arrangement) = lower(?${n})`, f.workArrangement);
  if (f.search !== undefined) {
    const terms = ftsTerms([f.search], 'AND');
    if (terms === null) return { items: [], total: 0, truncated: false };
    // The FTS entry of a job is keyed by the job's rowid; the match is the user's entries only.
    add((n) => `j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${ftsOwnerMatch('?1', `?${n}`)})`, terms);
  }
  const whereSql = where.join(' AND ');
  const offset = (f.page - 1) * f.limit;
  const [count, rows] = await db.batch([
    db.prepare(`SELECT count(*) AS total FROM jobs j WHERE ${whereSql}`).bind(...params),
    // The page, then a running sum of its bytes: rows past the budget never leave D1.
    db
      .prepare(
        `SELECT ${JOB_COLUMNS}, page_rows FROM (
           SELECT *, sum(bytes) OVER (ORDER BY added_at DESC, id ROWS UNBOUNDED PRECEDING) AS running,
                  count(*) OVER () AS page_rows
           FROM (SELECT ${JOB_COLUMNS}, ${JOB_BYTES_SQL} AS bytes FROM jobs j WHERE ${whereSql}
                 ORDER BY j.added_at DESC, j.id LIMIT ?${params.length + 1} OFFSET ?${params.length + 2}))
         WHERE running <= ?${params.length + 3} OR running = bytes
         ORDER BY added_at DESC, id`,
      )
      .bind(...params, f.limit, offset, JOB_PAGE_MAX_BYTES),
  ]);
  const pageRows = (rows?.results ?? []) as Row[];
  return {
    total: Number((count?.results[0] as Row | undefined)?.total ?? 0),
    items: pageRows.map(rowToJob),
    truncated: pageRows.length < Number(pageRows[0]?.page_rows ?? 0),
  };
}

export async function getJob(db: D1Reader, userId: string, jobId: string): Promise<Job | null> {
  const row = await db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?1 AND user_id = ?2`).bind(jobId, userId).first<Row>();
  return row ? rowToJob(row) : null;
}

export interface NewJob {
  title: string;
  company: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  jobType?: string | null;
  experienceLevel?: string | null;
  workArrangement?: string | null;
  salaryMin?: number | null;
  salaryMax?: number | null;
  source?: string;
  requiredSkills?: string[];
  preferredSkills?: string[];
  matchScore?: number | null;
  dedupHash?: string | null;
}

/** Inserts a job (provisioning the user row in the same transaction); returns its id. */
export async function createJob(db: D1Database, user: UserIdentity, job: NewJob): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO jobs (id, user_id, title, company, location, description, url, source, job_type,
           experience_level, work_arrangement, salary_min, salary_max, required_skills, preferred_skills,
           match_score, dedup_hash, added_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?18)`,
      )
      .bind(
        id,
        user.userId,
        job.title,
        job.company,
        job.location ?? null,
        job.description ?? null,
        job.url ?? null,
        job.source ?? 'manual',
        job.jobType ?? null,
        job.experienceLevel ?? null,
        job.workArrangement ?? null,
        job.salaryMin ?? null,
        job.salaryMax ?? null,
        JSON.stringify(job.requiredSkills ?? []),
        JSON.stringify(job.preferredSkills ?? []),
        job.matchScore ?? null,
        job.dedupHash ?? null,
        now,
      ),
  ]);
  return id;
}

export interface JobPatch {
  isSaved?: boolean;
  isArchived?: boolean;
  title?: string;
  company?: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  salaryMin?: number | null;
  salaryMax?: number | null;
}

const PATCH_COLUMNS: Record<keyof JobPatch, string> = {
  isSaved: 'saved',
  isArchived: 'archived',
  title: 'title',
  company: 'company',
  location: 'location',
  description: 'description',
  url: 'url',
  salaryMin: 'salary_min',
  salaryMax: 'salary_max',
};

/** Applies a patch to the user's own job; null when the job is not theirs or does not exist. */
export async function updateJob(db: D1Database, userId: string, jobId: string, patch: JobPatch): Promise<Job | null> {
  const set: Record<string, unknown> = { updated_at: nowIso() };
  for (const [field, column] of Object.entries(PATCH_COLUMNS) as [keyof JobPatch, string][]) {
    const value = patch[field];
    set[column] = typeof value === 'boolean' ? fromBool(value) : value;
  }
  const row = await updateStatement(db, 'jobs', {
    where: 'id = ?1 AND user_id = ?2',
    whereParams: [jobId, userId],
    set,
    returning: JOB_COLUMNS,
  })!.first<Row>();
  return row ? rowToJob(row) : null;
}

export async function deleteJob(db: D1Database, userId: string, jobId: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM jobs WHERE id = ?1 AND user_id = ?2').bind(jobId, userId).run();
  return result.meta.changes > 0;
}

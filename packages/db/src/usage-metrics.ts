/**
 * Usage counted from real activity in a period (GET /api/usage/metrics, /api/billing/usage-limits):
 * one statement of per-user counts over the tables where each activity lives. Nothing here is
 * a counter a client could set. Every sub-query is filtered by user_id and the period.
 */
import type { Row } from './sql';

export interface UsageCounts {
  /** Tracked applications added to the tracker (tracked_applications). */
  applicationsTracked: number;
  /** Tailored resumes created (resume_documents, type 'tailored'). */
  resumeVariantsCreated: number;
  /** Job-board search runs (job_searches, recorded by the scrape). */
  jobSearchesPerformed: number;
  /** Emails the provider accepted (email_history, status 'sent'). */
  emailsSent: number;
  /** Applications created, generated or by hand (applications). */
  applicationsGenerated: number;
  /** AI compatibility analyses computed (job_compatibility_analyses). */
  jobAnalyses: number;
  /** Export files written (files in the 'exports' bucket). */
  exportsCreated: number;
  /** Jobs that came from a search run rather than being added by hand (jobs, source ≠ 'manual'). */
  jobsFromSearches: number;
}

/** Counts in [start, end) (ISO timestamps; string comparison works for ISO-8601 UTC). */
export async function countUsage(db: D1Database, userId: string, start: string, end: string): Promise<UsageCounts> {
  const row = await db
    .prepare(
      `SELECT
         (SELECT count(*) FROM tracked_applications WHERE user_id = ?1 AND created_at >= ?2 AND created_at < ?3) AS applications_tracked,
         (SELECT count(*) FROM resume_documents WHERE user_id = ?1 AND type = 'tailored' AND created_at >= ?2 AND created_at < ?3) AS resume_variants,
         (SELECT count(*) FROM job_searches WHERE user_id = ?1 AND created_at >= ?2 AND created_at < ?3) AS job_searches,
         (SELECT count(*) FROM email_history WHERE user_id = ?1 AND status = 'sent' AND created_at >= ?2 AND created_at < ?3) AS emails_sent,
         (SELECT count(*) FROM applications WHERE user_id = ?1 AND created_at >= ?2 AND created_at < ?3) AS applications_generated,
         (SELECT count(*) FROM job_compatibility_analyses WHERE user_id = ?1 AND created_at >= ?2 AND created_at < ?3) AS job_analyses,
         (SELECT count(*) FROM files WHERE user_id = ?1 AND bucket = 'exports' AND created_at >= ?2 AND created_at < ?3) AS exports_created,
         (SELECT count(*) FROM jobs WHERE user_id = ?1 AND source <> 'manual' AND added_at >= ?2 AND added_at < ?3) AS jobs_from_searches`,
    )
    .bind(userId, start, end)
    .first<Row>();
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    applicationsTracked: n('applications_tracked'),
    resumeVariantsCreated: n('resume_variants'),
    jobSearchesPerformed: n('job_searches'),
    emailsSent: n('emails_sent'),
    applicationsGenerated: n('applications_generated'),
    jobAnalyses: n('job_analyses'),
    exportsCreated: n('exports_created'),
    jobsFromSearches: n('jobs_from_searches'),
  };
}

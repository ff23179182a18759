/**
 * SQL for job_feedback and spam_reports. Feedback is one row per user and job (a new vote
 * replaces the old one); a "reported_*" vote also files a spam report that outlives the job.
 * Every statement is scoped by user_id and only touches the caller's own jobs.
 */
import { newId, nowIso, str, type Row } from './sql';

export const FEEDBACK_TYPES = [
  'thumbs_up',
  'thumbs_down',
  'not_interested',
  'applied',
  'saved',
  'hidden',
  'reported_spam',
  'reported_scam',
  'reported_expired',
] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

/** feedbackType → spam_reports.report_type, for the kinds that are reports. */
const REPORT_TYPES: Partial<Record<FeedbackType, 'spam' | 'scam' | 'expired'>> = {
  reported_spam: 'spam',
  reported_scam: 'scam',
  reported_expired: 'expired',
};

/** The feedback as GET /api/jobs/:id/feedback answers it. */
export interface JobFeedback {
  feedbackType: FeedbackType;
  reason: string | null;
  customReason: string | null;
}

export interface FeedbackInput {
  feedbackType: FeedbackType;
  reason?: string | null;
  customReason?: string | null;
}

/**
 * Records the caller's feedback on their own job (insert or replace, one transaction with the
 * spam report when it is one). Returns the feedback id, or null when the job is not theirs.
 */
export async function upsertFeedback(db: D1Database, userId: string, jobId: string, input: FeedbackInput): Promise<string | null> {
  const now = nowIso();
  const reason = input.reason ?? null;
  const customReason = input.customReason ?? null;
  // INSERT … SELECT FROM jobs: the row exists only if the job is the caller's. The WHERE
  // clause also keeps SQLite from reading ON CONFLICT as a join constraint.
  const feedback = db
    .prepare(
      `INSERT INTO job_feedback (id, user_id, job_id, feedback_type, reason, custom_reason, created_at, updated_at)
       SELECT ?1, j.user_id, j.id, ?4, ?5, ?6, ?7, ?7 FROM jobs j WHERE j.id = ?3 AND j.user_id = ?2
       ON CONFLICT (user_id, job_id) DO UPDATE SET
         feedback_type = excluded.feedback_type, reason = excluded.reason,
         custom_reason = excluded.custom_reason, updated_at = excluded.updated_at
       RETURNING id`,
    )
    .bind(newId(), userId, jobId, input.feedbackType, reason, customReason, now);
  const reportType = REPORT_TYPES[input.feedbackType];
  const statements = [feedback];
  if (reportType) {
    statements.push(
      db
        .prepare(
          `INSERT INTO spam_reports (id, user_id, job_id, report_type, reason, custom_reason,
             job_title, job_company, job_url, job_source, created_at)
           SELECT ?1, j.user_id, j.id, ?4, ?5, ?6, j.title, j.company, j.url, j.source, ?7
           FROM jobs j WHERE j.id = ?3 AND j.user_id = ?2
           ON CONFLICT (user_id, job_id, report_type) DO NOTHING`,
        )
        .bind(newId(), userId, jobId, reportType, reason, customReason, now),
    );
  }
  const [result] = await db.batch<{ id: string }>(statements);
  const row = result?.results[0];
  return row ? String(row.id) : null;
}

/**
 * The caller's feedback on their own job: `{feedback: null}` when they gave none, null when
 * the job is not theirs (one query: the job LEFT JOIN its feedback).
 */
export async function getFeedback(db: D1Database, userId: string, jobId: string): Promise<{ feedback: JobFeedback | null } | null> {
  const row = await db
    .prepare(
      `SELECT f.feedback_type, f.reason, f.custom_reason FROM jobs j
       LEFT JOIN job_feedback f ON f.user_id = j.user_id AND f.job_id = j.id
       WHERE j.id = ?1 AND j.user_id = ?2`,
    )
    .bind(jobId, userId)
    .first<Row>();
  if (!row) return null;
  if (row.feedback_type === null || row.feedback_type === undefined) return { feedback: null };
  return {
    feedback: {
      feedbackType: String(row.feedback_type) as FeedbackType,
      reason: str(row.reason),
      customReason: str(row.custom_reason),
    },
  };
}

export interface SpamReport {
  id: string;
  job_id: string | null;
  report_type: 'spam' | 'scam' | 'expired';
  reason: string | null;
  custom_reason: string | null;
  job_title: string;
  job_company: string;
  job_url: string | null;
  job_source: string | null;
  status: string;
  created_at: string;
}

/** The caller's own spam reports, newest first (moderation tooling and tests). */
export async function listOwnSpamReports(db: D1Database, userId: string): Promise<SpamReport[]> {
  const { results } = await db
    .prepare(
      `SELECT id, job_id, report_type, reason, custom_reason, job_title, job_company, job_url, job_source,
         status, created_at
       FROM spam_reports WHERE user_id = ?1 ORDER BY created_at DESC, id`,
    )
    .bind(userId)
    .all<Row>();
  return results.map((r) => ({
    id: String(r.id),
    job_id: str(r.job_id),
    report_type: String(r.report_type) as SpamReport['report_type'],
    reason: str(r.reason),
    custom_reason: str(r.custom_reason),
    job_title: String(r.job_title),
    job_company: String(r.job_company),
    job_url: str(r.job_url),
    job_source: str(r.job_source),
    status: String(r.status),
    created_at: String(r.created_at),
  }));
}

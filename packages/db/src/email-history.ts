/** SQL for email_history (written and read by the integrations Worker). Scoped by user_id. */
import { ensureUserStatement, type UserIdentity } from './users';
import { newId, nowIso, str, type Row } from './sql';

export type EmailStatus = 'queued' | 'sent' | 'failed';

export interface EmailRecord {
  id: string;
  application_id: string | null;
  recipient_email: string;
  subject: string;
  body: string | null;
  provider: string;
  provider_message_id: string | null;
  status: EmailStatus;
  error: string | null;
  sent_at: string | null;
  created_at: string;
}

const EMAIL_COLUMNS = `id, application_id, recipient_email, subject, body, provider, provider_message_id, status, error,
  sent_at, created_at`;

function rowToEmail(row: Row): EmailRecord {
  return {
    id: String(row.id),
    application_id: str(row.application_id),
    recipient_email: String(row.recipient_email),
    subject: String(row.subject),
    body: str(row.body),
    provider: String(row.provider),
    provider_message_id: str(row.provider_message_id),
    status: String(row.status) as EmailStatus,
    error: str(row.error),
    sent_at: str(row.sent_at),
    created_at: String(row.created_at),
  };
}

export interface NewEmail {
  applicationId?: string | null;
  recipientEmail: string;
  subject: string;
  body?: string | null;
  provider: string;
}

/** Records an email about to be sent (status queued); returns the row. */
export async function recordEmail(db: D1Database, user: UserIdentity, email: NewEmail): Promise<EmailRecord> {
  const now = nowIso();
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO email_history (id, user_id, application_id, recipient_email, subject, body, provider, status,
           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8) RETURNING ${EMAIL_COLUMNS}`,
      )
      .bind(
        newId(),
        user.userId,
        email.applicationId ?? null,
        email.recipientEmail,
        email.subject,
        email.body ?? null,
        email.provider,
        now,
      ),
  ]);
  return rowToEmail((inserted!.results as Row[])[0]!);
}

export interface EmailOutcome {
  status: 'sent' | 'failed';
  providerMessageId?: string | null;
  error?: string | null;
}

/** Records the provider's answer; null when the email is not the user's. */
export async function completeEmail(db: D1Database, userId: string, emailId: string, outcome: EmailOutcome): Promise<EmailRecord | null> {
  const now = nowIso();
  const row = await db
    .prepare(
      `UPDATE email_history SET status = ?3, provider_message_id = ?4, error = ?5,
         sent_at = CASE WHEN ?3 = 'sent' THEN ?6 ELSE sent_at END, updated_at = ?6
       WHERE id = ?1 AND user_id = ?2 RETURNING ${EMAIL_COLUMNS}`,
    )
    .bind(emailId, userId, outcome.status, outcome.providerMessageId ?? null, outcome.error ?? null, now)
    .first<Row>();
  return row ? rowToEmail(row) : null;
}

export interface EmailListOptions {
  applicationId?: string;
  page: number;
  limit: number;
}

/** The user's emails, newest first, optionally for one application. */
export async function listEmails(db: D1Database, userId: string, o: EmailListOptions): Promise<{ items: EmailRecord[]; total: number }> {
  const filter = o.applicationId === undefined ? '?2 IS NULL' : 'application_id = ?2';
  const params = [userId, o.applicationId ?? null];
  const [count, rows] = await db.batch([
    db.prepare(`SELECT count(*) AS total FROM email_history WHERE user_id = ?1 AND ${filter}`).bind(...params),
    db
      .prepare(
        `SELECT ${EMAIL_COLUMNS} FROM email_history WHERE user_id = ?1 AND ${filter}
         ORDER BY created_at DESC, id LIMIT ?3 OFFSET ?4`,
      )
      .bind(...params, o.limit, (o.page - 1) * o.limit),
  ]);
  return {
    total: Number((count?.results[0] as Row | undefined)?.total ?? 0),
    items: ((rows?.results ?? []) as Row[]).map(rowToEmail),
  };
}

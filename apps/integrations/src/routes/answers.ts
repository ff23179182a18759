/**
 * The answers of the integrations Worker's routes as valibot schemas (loose objects: the fields
 * a client reads, with their types), for the route docs at the bottom of each route module.
 * Only this Worker answers them, so they live beside its routes rather than in @jobmatch/db.
 */
import * as v from 'valibot';
import { JobRowSchema } from '@jobmatch/db';
import { listAnswer, nullableString } from '@jobmatch/shared-middleware';

const isoTimestamp = () => v.pipe(v.string(), v.isoTimestamp());

/** GET /api/auth/linkedin(/initiate): where to send the browser, and the signed state it carries. */
export const LinkedInInitiateAnswer = v.looseObject({
  authUrl: v.pipe(v.string(), v.url()),
  state: v.string(),
  expiresAt: isoTimestamp(),
});

/** One email_history row (emailHistory.rowToEmail). */
export const EmailRowSchema = v.looseObject({
  id: v.string(),
  application_id: nullableString(),
  recipient_email: v.string(),
  subject: v.string(),
  body: nullableString(),
  provider: v.string(),
  provider_message_id: nullableString(),
  status: v.picklist(['queued', 'sent', 'failed']),
  error: nullableString(),
  sent_at: nullableString(),
  created_at: v.string(),
});

export const EmailHistoryAnswer = listAnswer('emails', EmailRowSchema);

export const EmailSentAnswer = v.looseObject({
  success: v.literal(true),
  emailId: v.string(),
  message: v.string(),
});

/** The user's daily email allowance (usage_limits kind "emails"). */
export const EmailsRemainingAnswer = v.looseObject({
  limit: v.number(),
  sent: v.number(),
  remaining: v.number(),
  resetsAt: isoTimestamp(),
});

/** A signed download link on the gateway's origin (core's public GET /api/files/signed). */
export const ExportAnswer = v.looseObject({
  downloadUrl: v.pipe(v.string(), v.url()),
  fileName: v.string(),
  expiresAt: isoTimestamp(),
  format: v.picklist(['pdf', 'docx', 'text']),
  fileSize: v.number(),
  key: v.string(),
});

const SourceError = v.looseObject({ source: v.string(), message: v.string() });

export const ScrapeAnswer = v.looseObject({
  success: v.literal(true),
  searchId: v.string(),
  jobCount: v.number(),
  /** Postings the user already had (same source URL), not saved again. */
  duplicates: v.number(),
  jobs: v.array(JobRowSchema),
  /** Present when a requested source is not configured or failed; the others' jobs are saved. */
  errors: v.optional(v.array(SourceError)),
});

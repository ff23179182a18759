/**
 * POST /api/emails/send: the application email through SendGrid, at most once per
 * Idempotency-Key, within the user's daily allowance (usage_limits kind "emails"); every
 * attempt is a row in email_history (queued → sent | failed).
 * GET /api/emails/history (paged), GET /api/emails/remaining.
 */
import * as v from 'valibot';
import { emailHistory, idempotency, storageQuotaDescription, usageLimits, users, type UsagePolicy, userDb } from '@jobmatch/db';
import {
  ApiError,
  cacheableJson,
  idempotencyKeyOf,
  json,
  listBody,
  logEvent,
  paginationEntries,
  parseJsonBody,
  queryText,
  readQuery,
  runIdempotent,
  strictBody,
  userOf,
  validate,
  type RouteDocs,
  type RouteModule,
  errorDoc,
} from '@jobmatch/shared-middleware';
import { loadApplicationContent } from '../application-content';
import { composeApplicationEmail } from '../email/compose';
import { sendGridConfig, sendMail } from '../email/sendgrid';
import type { IntegrationsEnv } from '../env';
import { EmailHistoryAnswer, EmailSentAnswer, EmailsRemainingAnswer } from './answers';

const DEFAULT_DAILY_LIMIT = 20;

export function emailPolicy(env: IntegrationsEnv): UsagePolicy {
  const configured = Number(env.EMAIL_DAILY_LIMIT);
  return { kind: 'emails', period: 'day', limit: Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_DAILY_LIMIT };
}

const SendBody = strictBody({
  applicationId: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100)),
  recipientEmail: v.optional(v.pipe(v.string('must be a string'), v.trim(), v.email('must be an email address'), v.maxLength(254))),
  subject: v.optional(v.pipe(v.string('must be a string'), v.maxLength(300, 'must be at most 300 characters'))),
  body: v.optional(v.pipe(v.string('must be a string'), v.maxLength(20_000, 'must be at most 20000 characters'))),
  includeResume: v.optional(v.boolean('must be true or false'), true),
  includeCoverLetter: v.optional(v.boolean('must be true or false'), true),
});

const HistoryQuery = v.object({ ...paginationEntries(100), applicationId: queryText(100) });

export const emailRoutes: RouteModule<IntegrationsEnv> = (router) => {
  router
    .post('/api/emails/send', async (request, env) => {
      const user = userOf(request);
      const config = sendGridConfig(env); // 400 EMAIL_NOT_CONFIGURED before anything is recorded
      const key = idempotencyKeyOf(request);
      const rawBody = await request.text();
      const body = validate(SendBody, parseJsonBody(rawBody));
      const identity = { userId: user.userId, email: user.email };
      const db = await userDb(env, user.userId);
      await users.ensureUser(db, identity); // idempotency_keys references users

      return runIdempotent(idempotency.d1Store(db), { key, userId: user.userId, scope: 'POST /api/emails/send', rawBody }, async () => {
        const content = await loadApplicationContent(db, identity, body.applicationId);
        const to = body.recipientEmail ?? content.applicant.email;
        if (!to)
          throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid body: recipientEmail: is required (your profile has no email)', {
            issues: [{ path: 'recipientEmail', message: 'is required' }],
          });
        const policy = emailPolicy(env);
        if (!(await usageLimits.consumeUsage(db, identity, policy))) {
          const usage = await usageLimits.getUsage(db, identity, policy);
          throw new ApiError(429, 'EMAIL_LIMIT_EXCEEDED', `You have sent your ${policy.limit} emails for today`, {
            limit: usage.limit,
            remaining: 0,
            resetAt: usage.period_end,
          });
        }
        const mail = composeApplicationEmail(content, { ...body, to }, {});
        const record = await emailHistory
          .recordEmail(db, identity, {
            applicationId: content.applicationId,
            recipientEmail: to,
            subject: mail.subject,
            body: mail.text,
            provider: 'sendgrid',
          })
          .catch(async (error: unknown) => {
            // Refused (e.g. the storage quota): nothing is sent, so the allowance is not spent.
            await usageLimits.releaseUsage(db, user.userId, policy.kind);
            throw error;
          });
        mail.customArgs = { email_id: record.id };
        const outcome = await sendMail(config, mail);
        if (!outcome.ok) {
          await emailHistory.completeEmail(db, user.userId, record.id, { status: 'failed', error: outcome.message });
          await usageLimits.releaseUsage(db, user.userId, policy.kind);
          // Thrown, so the Idempotency-Key is released: nothing was sent, a retry may send.
          throw new ApiError(502, 'EMAIL_SEND_FAILED', `The email could not be sent: ${outcome.message}`, {
            emailId: record.id,
            provider: 'sendgrid',
            providerStatus: outcome.status,
          });
        }
        // The email is out: from here nothing may throw, or the key is released and a retry sends it again.
        await emailHistory
          .completeEmail(db, user.userId, record.id, { status: 'sent', providerMessageId: outcome.messageId })
          .catch((error: unknown) =>
            logEvent('error', 'email_sent_not_recorded', {
              requestId: request.identity.requestId,
              emailId: record.id,
              error: String(error),
            }),
          );
        return { status: 200, body: { success: true, emailId: record.id, message: `Email sent to ${to}` } };
      });
    })
    .get('/api/emails/history', async (request, env) => {
      const { userId } = userOf(request);
      const q = readQuery(request, HistoryQuery);
      const page = await emailHistory.listEmails(await userDb(env, userId), userId, q);
      return cacheableJson(listBody('emails', { ...page, page: q.page, limit: q.limit }));
    })
    .get('/api/emails/remaining', async (request, env) => {
      const user = userOf(request);
      const usage = await usageLimits.getUsage(
        await userDb(env, user.userId),
        { userId: user.userId, email: user.email },
        emailPolicy(env),
      );
      return json({ limit: usage.limit, sent: usage.used, remaining: usage.remaining, resetsAt: usage.period_end });
    });
};

export const emailDocs: RouteDocs = {
  'POST /api/emails/send': {
    summary: 'Send the application email (cover letter, resume) through SendGrid, at most once per Idempotency-Key',
    body: SendBody,
    response: { status: 200, schema: EmailSentAnswer },
    otherResponses: [
      errorDoc(400, 'EMAIL_NOT_CONFIGURED', 'no SendGrid key or sender is configured (nothing is sent or recorded)'),
      errorDoc(404, 'NOT_FOUND', 'no such application of the caller'),
      errorDoc(422, 'APPLICATION_HAS_NO_CONTENT', 'the application has no generated cover letter or resume yet'),
      errorDoc(413, 'STORAGE_QUOTA_EXCEEDED', `recording the email ${storageQuotaDescription('emails')} (nothing is sent)`),
      errorDoc(429, 'EMAIL_LIMIT_EXCEEDED', 'the daily email allowance is spent (details: limit, remaining, resetAt)'),
      errorDoc(
        502,
        'EMAIL_SEND_FAILED',
        'SendGrid refused the email; nothing was sent and a retry may send (details: emailId, provider, providerStatus)',
      ),
    ],
  },
  'GET /api/emails/history': {
    summary: "The caller's sent and failed application emails, newest first",
    query: HistoryQuery,
    response: { status: 200, schema: EmailHistoryAnswer },
  },
  'GET /api/emails/remaining': {
    summary: "The caller's daily email allowance: limit, sent today, remaining, and when it resets",
    response: { status: 200, schema: EmailsRemainingAnswer },
  },
};

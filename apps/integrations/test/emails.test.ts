/** Email against a local server speaking SendGrid's v3 Mail Send API. */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { emailHistory, soleShardDb } from '@jobmatch/db';
import { call, newUser, received, seedApplication, withRowCap, type Json } from './helpers';

const sendGrid = () => inject('fakes').sendGridUrl;

async function send(userId: string, body: unknown, headers: HeadersInit = {}, envOverrides = {}) {
  const res = await call('/api/emails/send', { method: 'POST', userId, body, headers, env: envOverrides });
  return { res, body: (await res.json()) as Json };
}

/** The mails the fake SendGrid received for `to`. */
async function mailsTo(to: string) {
  return (await received(sendGrid()))
    .filter((r) => r.path === '/v3/mail/send' && r.body.includes(to))
    .map((r) => ({ ...r, json: JSON.parse(r.body) }));
}

describe('POST /api/emails/send', { timeout: 30_000 }, () => {
  it('sends the application (text/plain then HTML-escaped text/html) and records it as sent', async () => {
    const userId = newUser();
    const { application, employers } = await seedApplication(userId);
    const to = `hr-${userId}@edgeworks.test`;
    const { res, body } = await send(userId, { applicationId: application.id, recipientEmail: to });
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ success: true, emailId: expect.any(String), message: expect.stringContaining(to) });

    const [mail] = await mailsTo(to);
    expect(mail!.headers.authorization).toBe('Bearer SG.test-key');
    expect(mail!.headers['content-type']).toBe('application/json');
    const payload = mail!.json;
    expect(payload.personalizations).toEqual([{ to: [{ email: to }] }]);
    expect(payload.from).toEqual({ email: 'applications@jobmatch.test', name: 'JobMatch AI' });
    expect(payload.reply_to).toEqual({ email: `${userId}@example.test`, name: 'Zoë Łukasz Привет, Ελληνικά' });
    expect(payload.subject).toBe('Application for Principal Engineer at Edgeworks — Zoë Łukasz Привет, Ελληνικά');
    expect(payload.content.map((c: Json) => c.type)).toEqual(['text/plain', 'text/html']);
    const [text, html] = payload.content.map((c: Json) => c.value as string);
    expect(text).toContain('I would love to build your edge platform — Привет from Kraków.');
    for (const employer of employers) expect(text).toContain(employer);
    expect(text).toContain('reliable APIs <fast>.');
    expect(html).toContain('reliable APIs &lt;fast&gt;.');
    expect(html).not.toContain('<fast>');
    expect(payload.custom_args).toEqual({ email_id: body.emailId });

    const history = await emailHistory.listEmails(soleShardDb(env), userId, { page: 1, limit: 10 });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({
      id: body.emailId,
      status: 'sent',
      recipient_email: to,
      provider: 'sendgrid',
      application_id: application.id,
      error: null,
    });
    expect(history.items[0]!.provider_message_id).toMatch(/^msg-/);
  });

  it('the same Idempotency-Key twice → one send, the same answer replayed', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const to = `idem-${userId}@edgeworks.test`;
    const headers = { 'Idempotency-Key': `send-${userId}` };
    const first = await send(userId, { applicationId: application.id, recipientEmail: to }, headers);
    const second = await send(userId, { applicationId: application.id, recipientEmail: to }, headers);
    expect(first.res.status).toBe(200);
    expect(second.res.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await mailsTo(to)).toHaveLength(1);
    expect((await emailHistory.listEmails(soleShardDb(env), userId, { page: 1, limit: 10 })).total).toBe(1);
    // A different body with that key is refused, not sent.
    const reused = await send(userId, { applicationId: application.id, recipientEmail: `other-${to}` }, headers);
    expect(reused.res.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a provider 5xx → 502 with the provider message, recorded as failed; the key may be retried', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const to = `provider-500-${userId}@edgeworks.test`;
    const headers = { 'Idempotency-Key': `fail-${userId}` };
    const { res, body } = await send(userId, { applicationId: application.id, recipientEmail: to }, headers);
    expect(res.status).toBe(502);
    expect(body.code).toBe('EMAIL_SEND_FAILED');
    expect(body.message).toContain('Internal server error');
    expect(body.details).toMatchObject({ provider: 'sendgrid', providerStatus: 500, emailId: expect.any(String) });
    const [row] = (await emailHistory.listEmails(soleShardDb(env), userId, { page: 1, limit: 10 })).items;
    expect(row).toMatchObject({ status: 'failed', provider_message_id: null, sent_at: null });
    expect(row!.error).toContain('Internal server error');
    // Nothing was sent, so the allowance is given back and the same key may try again.
    const remaining = (await (await call('/api/emails/remaining', { userId })).json()) as Json;
    expect(remaining.sent).toBe(0);
    const retry = await send(userId, { applicationId: application.id, recipientEmail: to }, headers);
    expect(retry.res.status).toBe(502);
    expect(await mailsTo(to)).toHaveLength(2);
  });

  it("a provider 4xx surfaces SendGrid's message", async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const { res, body } = await send(userId, { applicationId: application.id, recipientEmail: `provider-400-${userId}@x.test` });
    expect(res.status).toBe(502);
    expect(body.message).toContain('The from address does not match a verified Sender Identity. (from)');
  });

  it('no API key → 400 EMAIL_NOT_CONFIGURED, nothing sent or recorded', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const to = `nokey-${userId}@edgeworks.test`;
    const { res, body } = await send(userId, { applicationId: application.id, recipientEmail: to }, {}, { SENDGRID_API_KEY: undefined });
    expect(res.status).toBe(400);
    expect(body.code).toBe('EMAIL_NOT_CONFIGURED');
    expect(await mailsTo(to)).toHaveLength(0);
    expect((await emailHistory.listEmails(soleShardDb(env), userId, { page: 1, limit: 10 })).total).toBe(0);
  });

  it('the daily allowance holds: past it → 429 EMAIL_LIMIT_EXCEEDED, nothing sent', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const to = `limit-${userId}@edgeworks.test`;
    for (let i = 0; i < 2; i++)
      expect((await send(userId, { applicationId: application.id, recipientEmail: to }, {}, { EMAIL_DAILY_LIMIT: '2' })).res.status).toBe(
        200,
      );
    const over = await send(userId, { applicationId: application.id, recipientEmail: to }, {}, { EMAIL_DAILY_LIMIT: '2' });
    expect(over.res.status).toBe(429);
    expect(over.body.code).toBe('EMAIL_LIMIT_EXCEEDED');
    expect(over.body.details).toMatchObject({ limit: 2, remaining: 0, resetAt: expect.any(String) });
    expect(await mailsTo(to)).toHaveLength(2);
  });

  it('past the email history quota → 413 STORAGE_QUOTA_EXCEEDED, nothing sent, the allowance not spent', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const to = `quota-${userId}@edgeworks.test`;
    expect((await send(userId, { applicationId: application.id, recipientEmail: to })).res.status).toBe(200);
    await withRowCap('emails', 1, async () => {
      const over = await send(userId, { applicationId: application.id, recipientEmail: to });
      expect(over.res.status, JSON.stringify(over.body)).toBe(413);
      expect(over.body).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { resource: 'emails', limit: { rows: 1 } } });
    });
    expect(await mailsTo(to)).toHaveLength(1);
    expect((await emailHistory.listEmails(soleShardDb(env), userId, { page: 1, limit: 10 })).total).toBe(1);
    expect(((await (await call('/api/emails/remaining', { userId })).json()) as Json).sent).toBe(1);
  });

  it("validation and ownership: bad body → 400, another user's application → 404", async () => {
    const owner = newUser();
    const { application } = await seedApplication(owner);
    const bad = await send(owner, { applicationId: application.id, recipientEmail: 'not-an-email' });
    expect(bad.res.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_ERROR');
    expect(bad.body.details.issues[0].path).toBe('recipientEmail');
    const intruder = newUser();
    const stolen = await send(intruder, { applicationId: application.id, recipientEmail: `x-${intruder}@x.test` });
    expect(stolen.res.status).toBe(404);
    expect((await emailHistory.listEmails(soleShardDb(env), intruder, { page: 1, limit: 10 })).total).toBe(0);
  });
});

describe('GET /api/emails/history and /api/emails/remaining', { timeout: 30_000 }, () => {
  it('pages the history newest first, filters by application, and counts the allowance', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    for (let i = 0; i < 3; i++)
      expect((await send(userId, { applicationId: application.id, recipientEmail: `h${i}-${userId}@x.test` })).res.status).toBe(200);
    const page1 = (await (await call('/api/emails/history?page=1&limit=2', { userId })).json()) as Json;
    expect(page1).toMatchObject({ total: 3, page: 1, limit: 2, hasMore: true });
    expect(page1.emails).toHaveLength(2);
    expect(page1.emails[0]).toMatchObject({
      status: 'sent',
      recipient_email: `h2-${userId}@x.test`,
      subject: expect.any(String),
      created_at: expect.any(String),
    });
    const page2 = (await (await call('/api/emails/history?page=2&limit=2', { userId })).json()) as Json;
    expect(page2).toMatchObject({ total: 3, hasMore: false });
    const filtered = (await (await call(`/api/emails/history?applicationId=nope`, { userId })).json()) as Json;
    expect(filtered.total).toBe(0);
    const bad = await call('/api/emails/history?limit=500', { userId });
    expect(bad.status).toBe(400);

    const remaining = await call('/api/emails/remaining', { userId });
    expect(remaining.status).toBe(200);
    const r = (await remaining.json()) as Json;
    expect(r).toEqual({ limit: 20, sent: 3, remaining: 17, resetsAt: expect.any(String) });
    expect(Date.parse(r.resetsAt)).toBeGreaterThan(Date.now());
  });
});

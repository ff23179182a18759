/**
 * Faults through the gateway (issue 14 §2): a service that crashes, hangs or answers garbage,
 * the gateway's own KV failing, D1 refusing a statement in the middle of a multi-row write
 * (a trigger in the real local D1 the built services use), and a provider (SendGrid, job
 * boards) answering 429, 5xx, garbage or nothing. What must hold: every failure is a
 * 502/503/504 envelope, other routes keep answering, nothing is half-written, and a retry
 * with the same Idempotency-Key runs no second side effect.
 * Upstream basics (throws → 502, hangs → 504, bare 500 → 502) are in http.test.ts; the
 * rate limiter's KV and Durable Object failures in rate-limit*.test.ts.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { failNthInsert, failingKv } from '@jobmatch/test-support/faults';
import worker from '../src/index';
import type { GatewayEnv } from '../src/env';
import { BASE, asUser, devToken, newUser, type Json } from './helpers';

const sendGridLog = async (to: string) =>
  ((await (await fetch(`${inject('providers').sendGrid}/__requests`)).json()) as Json[]).filter((r) => r.body.includes(to));

async function expectEnvelope(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toContain('application/json');
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ code, statusCode: status, requestId: expect.any(String) });
  return body;
}

/** An application with one complete variant (core's route), so an email can be sent for it. */
async function applicationOf(userId: string): Promise<string> {
  const res = await asUser(userId, '/api/applications', {
    method: 'POST',
    json: {
      jobTitle: 'Engineer',
      company: 'Faultline',
      selectedVariantId: 'v',
      variants: [
        { id: 'v', name: 'v', coverLetter: 'Hello', aiRationale: [], resume: { summary: 'S', experience: [], skills: [], education: [] } },
      ],
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}

/** Like asUser, but resolves when the answer is there, without waiting for the request's waitUntil work. */
async function answerOf(userId: string, path: string, overrides: Partial<GatewayEnv>): Promise<Response> {
  const ctx = createExecutionContext();
  const headers = { Authorization: `Bearer ${await devToken(userId)}` };
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers }), { ...env, ...overrides }, ctx);
  void waitOnExecutionContext(ctx);
  return res;
}

describe('faults: a broken service', () => {
  it('a hanging core costs only its own routes (504); ai and integrations routes answer 200 meanwhile', async () => {
    const user = newUser();
    const hanging = { CORE: env.FAULTY_HANGS, UPSTREAM_TIMEOUT_MS: '1500' };
    const started = Date.now();
    const coreCalls = Array.from({ length: 5 }, () => asUser(user, '/api/jobs', {}, hanging));
    const answeredAfter: number[] = [];
    const others = await Promise.all(
      ['/api/resume/supported-formats', '/api/emails/remaining'].map((path) =>
        answerOf(user, path, hanging).then((res) => {
          answeredAfter.push(Date.now() - started);
          return res;
        }),
      ),
    );
    for (const res of others) expect(res.status).toBe(200);
    // Answered while the core calls were still waiting (the session-activity touch, which
    // goes to core, runs after the answer in waitUntil and does not hold it).
    expect(Math.max(...answeredAfter)).toBeLessThan(1500);
    for (const res of await Promise.all(coreCalls)) await expectEnvelope(res, 504, 'UPSTREAM_TIMEOUT');
    // …and core itself is served again as soon as it answers.
    expect((await asUser(user, '/api/jobs')).status).toBe(200);
  });

  it('a service answering an HTML 4xx instead of the envelope yields 502 UPSTREAM_ERROR, not the HTML', async () => {
    const res = await asUser(newUser(), '/api/jobs', { method: 'POST', json: { title: 'x', company: 'y' } }, { CORE: env.FAULTY_GARBAGE });
    const body = await expectEnvelope(res, 502, 'UPSTREAM_ERROR');
    expect(body.details).toEqual({ service: 'core' });
  });

  it('a truncated JSON 200 from a service is never stored in the API cache', async () => {
    const user = newUser();
    const garbage = { CORE: env.FAULTY_GARBAGE };
    await asUser(user, '/api/jobs', {}, garbage);
    const second = await asUser(user, '/api/jobs', {}, garbage);
    expect(second.headers.get('X-Cache')).not.toBe('HIT');
    const real = await asUser(user, '/api/jobs');
    expect(real.status).toBe(200);
    expect(((await real.json()) as Json).jobs).toEqual([]); // the real answer, not the garbage
  });
});

describe('faults: the gateway’s KV', () => {
  it('API_CACHE failing on every read and write: reads and writes are still served, fresh', async () => {
    const user = newUser();
    const broken = { API_CACHE: failingKv(env.API_CACHE, () => true) };
    expect((await asUser(user, '/api/jobs', {}, broken)).status).toBe(200);
    const created = await asUser(user, '/api/jobs', { method: 'POST', json: { title: 'Kv down', company: 'Acme' } }, broken);
    expect(created.status).toBe(201);
    const list = await asUser(user, '/api/jobs', {}, broken);
    expect(list.status).toBe(200);
    expect(((await list.json()) as Json).total).toBe(1);
  });

  it('SESSIONS failing: a valid token is still served (fail open), not a 5xx or a sign-out', async () => {
    const user = newUser();
    const res = await asUser(user, '/api/jobs', { sessionId: `kv-down-${user}` }, { SESSIONS: failingKv(env.SESSIONS, () => true) });
    expect(res.status).toBe(200);
  });
});

describe('faults: D1 refusing the second row of a multi-row write (one batch, nothing half-written)', () => {
  it('POST /api/skills/batch: the second skill failing leaves no skill and answers a 502 envelope', async () => {
    const user = newUser();
    const remove = await failNthInsert(env.TEST_DB, 'skills', user, 1);
    try {
      const res = await asUser(user, '/api/skills/batch', { method: 'POST', json: { skills: [{ name: 'Go' }, { name: 'Rust' }] } });
      await expectEnvelope(res, 502, 'UPSTREAM_ERROR');
    } finally {
      await remove();
    }
    const skills = (await (await asUser(user, '/api/skills')).json()) as Json;
    expect(skills.skills).toEqual([]);
    // The same write succeeds once D1 accepts it: the failure left nothing in the way.
    expect((await asUser(user, '/api/skills/batch', { method: 'POST', json: { skills: [{ name: 'Go' }, { name: 'Rust' }] } })).status).toBe(
      200,
    );
  });

  it('POST /api/jobs/scrape: the second saved job failing saves no job and records no search', async () => {
    const user = newUser();
    const remove = await failNthInsert(env.TEST_DB, 'jobs', user, 1);
    try {
      const res = await asUser(user, '/api/jobs/scrape', {
        method: 'POST',
        json: { keywords: ['engineer'], sources: ['greenhouse', 'lever'] },
      });
      await expectEnvelope(res, 502, 'UPSTREAM_ERROR');
    } finally {
      await remove();
    }
    expect(((await (await asUser(user, '/api/jobs')).json()) as Json).total).toBe(0);
    const searches = await env.TEST_DB.prepare('SELECT count(*) AS n FROM job_searches WHERE user_id = ?1')
      .bind(user)
      .first<{ n: number }>();
    expect(searches?.n).toBe(0);
  });

  it("one user's failing writes do not disturb another user's at the same time", async () => {
    const failing = newUser();
    const other = newUser();
    const remove = await failNthInsert(env.TEST_DB, 'skills', failing, 0);
    try {
      const [bad, good] = await Promise.all([
        asUser(failing, '/api/skills', { method: 'POST', json: { name: 'Go' } }),
        asUser(other, '/api/skills', { method: 'POST', json: { name: 'Go' } }),
      ]);
      await expectEnvelope(bad, 502, 'UPSTREAM_ERROR');
      expect(good.status).toBe(201);
    } finally {
      await remove();
    }
  });
});

describe('faults: providers answering 429, garbage or nothing', () => {
  for (const [kind, providerStatus] of [
    ['429', 429],
    ['garbage', 502],
    ['drop', null],
  ] as const) {
    it(`SendGrid ${kind === 'drop' ? 'closing the connection' : `answering ${kind}`}: 502 EMAIL_SEND_FAILED, recorded as failed, allowance not spent`, async () => {
      const user = newUser();
      const applicationId = await applicationOf(user);
      const to = `provider-${kind}-${user}@example.test`;
      const res = await asUser(user, '/api/emails/send', { method: 'POST', json: { applicationId, recipientEmail: to } });
      const body = await expectEnvelope(res, 502, 'EMAIL_SEND_FAILED');
      expect(body.details).toMatchObject({ provider: 'sendgrid', providerStatus });
      expect(await sendGridLog(to)).toHaveLength(1);
      const history = (await (await asUser(user, '/api/emails/history')).json()) as Json;
      expect(history.emails.map((e: Json) => e.status)).toEqual(['failed']);
      expect(((await (await asUser(user, '/api/emails/remaining')).json()) as Json).sent).toBe(0);
    });
  }
});

describe('faults: a retried request with the same Idempotency-Key runs no second side effect', () => {
  it('email: D1 failing to mark the email sent after SendGrid accepted it → the retry sends no second email', async () => {
    const user = newUser();
    const applicationId = await applicationOf(user);
    const to = `once-${user}@example.test`;
    const send = () =>
      asUser(user, '/api/emails/send', {
        method: 'POST',
        headers: { 'Idempotency-Key': `send-${user}` },
        json: { applicationId, recipientEmail: to },
      });
    const remove = await failNthInsert(env.TEST_DB, 'email_history', user, 0, 'UPDATE', "NEW.status = 'sent'");
    let first: Response;
    try {
      first = await send();
    } finally {
      await remove();
    }
    expect(first.status).toBe(200); // the email went out: that is the answer, whatever the bookkeeping did
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await sendGridLog(to)).toHaveLength(1);
  });

  it('email: two concurrent sends with one key → one email; the other is a replay or 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const user = newUser();
    const applicationId = await applicationOf(user);
    const to = `concurrent-${user}@example.test`;
    const init = { method: 'POST', headers: { 'Idempotency-Key': `c-${user}` }, json: { applicationId, recipientEmail: to } };
    const answers = await Promise.all([asUser(user, '/api/emails/send', init), asUser(user, '/api/emails/send', init)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([200, 409]).toContain(statuses[1]);
    expect(await sendGridLog(to)).toHaveLength(1);
    expect(((await (await asUser(user, '/api/emails/history')).json()) as Json).total).toBe(1);
  });

  it('generation: two concurrent generates with one key store one application', async () => {
    const user = newUser();
    await asUser(user, '/api/profile', { method: 'PATCH', json: { first_name: 'Ada', current_title: 'Engineer' } });
    await asUser(user, '/api/skills/batch', { method: 'POST', json: { skills: [{ name: 'TypeScript' }] } });
    const job = await asUser(user, '/api/jobs', {
      method: 'POST',
      json: { title: 'Backend', company: 'Edge', requiredSkills: ['TypeScript'] },
    });
    const jobId = ((await job.json()) as Json).id;
    const init = { method: 'POST', headers: { 'Idempotency-Key': `g-${user}` }, json: { jobId } };
    const answers = await Promise.all([asUser(user, '/api/applications/generate', init), asUser(user, '/api/applications/generate', init)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await asUser(user, '/api/applications/generate', init);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await (await asUser(user, '/api/applications')).json()) as Json).total).toBe(1);
  });
});

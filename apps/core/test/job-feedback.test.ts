import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { jobFeedback, soleShardDb } from '@jobmatch/db';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

async function createJob(userId: string, body: Json = {}): Promise<string> {
  const res = await call('/api/jobs', { method: 'POST', userId, body: { title: 'Backend Engineer', company: 'Acme', ...body } });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}
const feedbackOf = async (userId: string, jobId: string) => {
  const res = await call(`/api/jobs/${jobId}/feedback`, { userId });
  return { status: res.status, body: (await res.json()) as Json, cacheable: res.headers.get('x-jobmatch-cacheable') };
};
const give = (userId: string, jobId: string, body: unknown) => call(`/api/jobs/${jobId}/feedback`, { method: 'POST', userId, body });

describe('/api/jobs/:id/feedback', () => {
  it('answers {feedback: null} before any feedback, then the feedback in the contract shape', async () => {
    const user = newUser();
    const job = await createJob(user);
    expect(await feedbackOf(user, job)).toEqual({ status: 200, body: { feedback: null }, cacheable: '1' });

    const res = await give(user, job, { feedbackType: 'thumbs_down', reason: 'salary_too_low', customReason: 'Below market' });
    expect(res.status).toBe(200);
    const created = (await res.json()) as Json;
    expect(created).toEqual({ success: true, feedbackId: expect.any(String) });

    expect((await feedbackOf(user, job)).body).toEqual({
      feedbackType: 'thumbs_down',
      reason: 'salary_too_low',
      customReason: 'Below market',
    });
  });

  it('keeps one feedback per user and job: a new vote replaces the old one (same id)', async () => {
    const user = newUser();
    const job = await createJob(user);
    const first = (await (await give(user, job, { feedbackType: 'thumbs_down', reason: 'x' })).json()) as Json;
    const second = (await (await give(user, job, { feedbackType: 'thumbs_up' })).json()) as Json;
    expect(second.feedbackId).toBe(first.feedbackId);
    expect((await feedbackOf(user, job)).body).toEqual({ feedbackType: 'thumbs_up', reason: null, customReason: null });
    const rows = await soleShardDb(env).prepare('SELECT count(*) AS n FROM job_feedback WHERE job_id = ?1').bind(job).first<Json>();
    expect(rows?.n).toBe(1);
  });

  it('files a spam report (with a copy of the posting) for reported_* feedback only, once per kind', async () => {
    const user = newUser();
    const job = await createJob(user, { title: 'Too good to be true', company: 'Scamco', url: 'https://scam.example/1', source: 'indeed' });
    await give(user, job, { feedbackType: 'thumbs_down' });
    expect(await jobFeedback.listOwnSpamReports(soleShardDb(env), user)).toEqual([]);

    await give(user, job, { feedbackType: 'reported_scam', reason: 'asks_for_payment', customReason: 'Wants a fee up front' });
    await give(user, job, { feedbackType: 'reported_scam' });
    await give(user, job, { feedbackType: 'reported_expired' });
    const reports = await jobFeedback.listOwnSpamReports(soleShardDb(env), user);
    expect(reports.map((r) => r.report_type).sort()).toEqual(['expired', 'scam']);
    expect(reports.find((r) => r.report_type === 'scam')).toMatchObject({
      job_id: job,
      reason: 'asks_for_payment',
      custom_reason: 'Wants a fee up front',
      job_title: 'Too good to be true',
      job_company: 'Scamco',
      job_url: 'https://scam.example/1',
      job_source: 'indeed',
      status: 'open',
    });

    // Deleting the job removes the feedback but keeps the report for moderation.
    expect((await call(`/api/jobs/${job}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const after = await jobFeedback.listOwnSpamReports(soleShardDb(env), user);
    expect(after).toHaveLength(2);
    expect(after.every((r) => r.job_id === null && r.job_title === 'Too good to be true')).toBe(true);
    const feedback = await soleShardDb(env).prepare('SELECT count(*) AS n FROM job_feedback WHERE job_id = ?1').bind(job).first<Json>();
    expect(feedback?.n).toBe(0);
  });

  it('accepts every feedback type of the contract', async () => {
    const user = newUser();
    const job = await createJob(user);
    for (const feedbackType of jobFeedback.FEEDBACK_TYPES) {
      expect((await give(user, job, { feedbackType })).status, feedbackType).toBe(200);
      expect((await feedbackOf(user, job)).body.feedbackType).toBe(feedbackType);
    }
  });

  it('rejects invalid bodies with VALIDATION_ERROR and issues, writing nothing', async () => {
    const user = newUser();
    const job = await createJob(user);
    const cases: unknown[] = [
      {},
      { feedbackType: 'love_it' },
      { feedbackType: 42 },
      { feedbackType: 'thumbs_up', reason: 'x'.repeat(101) },
      { feedbackType: 'thumbs_up', customReason: 'x'.repeat(1001) },
      { feedbackType: 'thumbs_up', reason: ['array'] },
    ];
    for (const body of cases) {
      const res = await give(user, job, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as Json;
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    expect((await give(user, job, '{"feedbackType":')).status).toBe(400);
    expect((await feedbackOf(user, job)).body).toEqual({ feedback: null });
  });

  it('answers 404 for a missing job', async () => {
    const user = newUser();
    const missing = crypto.randomUUID();
    const post = await give(user, missing, { feedbackType: 'thumbs_up' });
    expect(post.status).toBe(404);
    expect(((await post.json()) as Json).code).toBe('NOT_FOUND');
    expect((await feedbackOf(user, missing)).status).toBe(404);
  });

  it("answers 404 for another user's job and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    const job = await createJob(owner);
    await give(owner, job, { feedbackType: 'saved' });
    expect((await give(intruder, job, { feedbackType: 'reported_spam' })).status).toBe(404);
    expect((await feedbackOf(intruder, job)).status).toBe(404);
    expect((await feedbackOf(owner, job)).body).toEqual({ feedbackType: 'saved', reason: null, customReason: null });
    expect(await jobFeedback.listOwnSpamReports(soleShardDb(env), intruder)).toEqual([]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const job = await createJob(user);
    const customReason = "'); DELETE FROM job_feedback; -- 🚫 Betrug! 詐欺 \u0000 end";
    const reason = 'r"; DROP TABLE jobs; --';
    await give(user, job, { feedbackType: 'reported_spam', reason, customReason });
    expect((await feedbackOf(user, job)).body).toEqual({ feedbackType: 'reported_spam', reason, customReason });
    expect((await jobFeedback.listOwnSpamReports(soleShardDb(env), user))[0]?.custom_reason).toBe(customReason);
  });
});

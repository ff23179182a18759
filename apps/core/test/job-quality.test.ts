/** jobQualityService: spam analysis, spam stats and duplicates over the caller's own jobs. */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, newUser, type Json } from './api';
import { call } from './signed';

// apiRequest sends Content-Type: application/json on every call, a POST without a body included.
const HOOK_HEADERS = { 'Content-Type': 'application/json' };
async function hook(userId: string, method: string, path: string) {
  const res = await call(path, { method, userId, headers: HOOK_HEADERS });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}
async function job(user: string, fields: Json): Promise<string> {
  return (await api(user, 'POST', '/api/jobs', { title: 'Backend Engineer', company: 'Acme', ...fields }, 201)).id;
}

const LEGIT = 'Build and operate TypeScript services on Cloudflare Workers with D1, KV and R2. You will own APIs end to end.';
const SCAM =
  'EARN $5000 PER WEEK from home! No experience needed. Pay a small fee for the starter kit training, then send your social security number. Contact me on WhatsApp or at recruiter@gmail.com';

function expectSpamResult(r: Json, jobId: string) {
  expect(r).toEqual({
    jobId,
    isSpam: expect.any(Boolean),
    spamProbability: expect.any(Number),
    confidence: expect.stringMatching(/^(low|medium|high)$/),
    categories: expect.any(Array),
    reasons: expect.any(Array),
    flags: expect.any(Object),
    recommendation: expect.stringMatching(/^(safe|review|spam)$/),
    analyzedAt: expect.any(String),
    rulesVersion: 1,
  });
  for (const value of Object.values(r.flags)) expect(['boolean', 'number', 'string']).toContain(typeof value);
}

describe('POST /api/spam-detection/analyze/:jobId', () => {
  it('flags a scam posting and passes a legitimate one, deterministically', async () => {
    const user = newUser();
    const scam = await job(user, { title: 'WORK FROM HOME!!!', company: 'Confidential', description: SCAM, url: 'http://bit.ly/xyz' });
    const legit = await job(user, { description: LEGIT, url: 'https://jobs.acme.test/1', salaryMin: 80000, salaryMax: 100000 });

    const bad = await hook(user, 'POST', `/api/spam-detection/analyze/${scam}`);
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ success: true, jobId: scam });
    expectSpamResult(bad.body.result, scam);
    expect(bad.body.result).toMatchObject({ isSpam: true, recommendation: 'spam', confidence: 'high' });
    expect(bad.body.result.spamProbability).toBeGreaterThanOrEqual(0.6);
    expect(bad.body.result.spamProbability).toBeLessThanOrEqual(1);
    expect(bad.body.result.categories).toEqual(
      expect.arrayContaining(['scam', 'unrealistic_pay', 'off_platform_contact', 'suspicious_link', 'low_quality']),
    );
    expect(bad.body.result.flags).toMatchObject({
      upfrontPayment: true,
      personalInfoRequest: true,
      offPlatformContact: true,
      suspiciousLink: true,
      shoutingTitle: true,
      genericCompany: true,
    });

    const good = await hook(user, 'POST', `/api/spam-detection/analyze/${legit}`);
    expectSpamResult(good.body.result, legit);
    expect(good.body.result).toMatchObject({ isSpam: false, recommendation: 'safe', spamProbability: 0, categories: [], reasons: [] });

    const again = await hook(user, 'POST', `/api/spam-detection/analyze/${scam}`);
    const { analyzedAt: _a, ...first } = bad.body.result;
    const { analyzedAt: _b, ...second } = again.body.result;
    expect(second).toEqual(first);
  });

  it("counts the caller's own spam report, never other users'", async () => {
    const user = newUser();
    const id = await job(user, { description: LEGIT, url: 'https://jobs.acme.test/2' });
    expect((await hook(user, 'POST', `/api/spam-detection/analyze/${id}`)).body.result.flags.reportedByYou).toBe(false);
    // Another user's report of "this job" (a row naming it) must not count.
    const other = newUser();
    await api(other, 'GET', '/api/profile', undefined, 200);
    await soleShardDb(env)
      .prepare(
        `INSERT INTO spam_reports (id, user_id, job_id, report_type, job_title, job_company, created_at)
       VALUES (?1, ?2, ?3, 'spam', 'x', 'y', ?4)`,
      )
      .bind(crypto.randomUUID(), other, id, new Date().toISOString())
      .run();
    expect((await hook(user, 'POST', `/api/spam-detection/analyze/${id}`)).body.result.flags.ownReports).toBe(0);
    await api(user, 'POST', `/api/jobs/${id}/feedback`, { feedbackType: 'reported_spam' }, 200);
    const reported = (await hook(user, 'POST', `/api/spam-detection/analyze/${id}`)).body.result;
    expect(reported.flags).toMatchObject({ reportedByYou: true, ownReports: 1 });
    expect(reported.recommendation).toBe('review');
  });

  it("another user's job or a missing one is 404", async () => {
    const owner = newUser();
    const other = newUser();
    const id = await job(owner, { description: SCAM });
    for (const path of [`/api/spam-detection/analyze/${id}`, `/api/spam-detection/analyze/${crypto.randomUUID()}`]) {
      const res = await hook(other, 'POST', path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await hook(owner, 'GET', '/api/spam-detection/stats')).body.stats.analyzedJobs).toBe(0);
  });
});

describe('GET /api/spam-detection/stats', () => {
  it("summarises the caller's own jobs and analyses", async () => {
    const user = newUser();
    const other = newUser();
    const a = await job(user, { description: SCAM, title: 'EASY MONEY!!!' });
    await job(user, { description: LEGIT });
    const c = await job(user, { description: LEGIT, url: 'https://jobs.acme.test/3' });
    await hook(user, 'POST', `/api/spam-detection/analyze/${a}`);
    await hook(user, 'POST', `/api/spam-detection/analyze/${c}`);
    await job(other, { description: SCAM });
    const res = await hook(user, 'GET', '/api/spam-detection/stats');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      stats: { totalJobs: 3, analyzedJobs: 2, spamDetected: 1, reviewRecommended: 0, safe: 1, analysisRate: 0.6667, spamRate: 0.5 },
    });
    expect((await hook(other, 'GET', '/api/spam-detection/stats')).body.stats).toEqual({
      totalJobs: 1,
      analyzedJobs: 0,
      spamDetected: 0,
      reviewRecommended: 0,
      safe: 0,
      analysisRate: 0,
      spamRate: 0,
    });
  });
});

describe('GET /api/jobs/:id/duplicates', () => {
  it('finds the same posting among the caller’s jobs (url, company + title), most similar first', async () => {
    const user = newUser();
    const other = newUser();
    const base = await job(user, {
      title: 'Senior Backend Engineer',
      company: 'Acme Inc.',
      location: 'Berlin',
      url: 'https://jobs.acme.test/42?utm=li',
    });
    const sameUrl = await job(user, { title: 'Backend Eng.', company: 'ACME', location: 'Remote', url: 'https://www.jobs.acme.test/42/' });
    const sameTitle = await job(user, {
      title: 'senior backend engineer',
      company: 'Acme GmbH',
      location: 'Berlin',
      salaryMin: 1,
      salaryMax: 2,
    });
    await job(user, { title: 'Product Designer', company: 'Acme', location: 'Berlin' });
    await job(user, { title: 'Senior Backend Engineer', company: 'Globex', location: 'Berlin' });
    await job(other, { title: 'Senior Backend Engineer', company: 'Acme', location: 'Berlin', url: 'https://jobs.acme.test/42' });

    const res = await hook(user, 'GET', `/api/jobs/${base}/duplicates`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, jobId: base });
    expect(res.body.duplicates.map((d: Json) => d.id)).toEqual([sameUrl, sameTitle]);
    expect(res.body.duplicates[0]).toEqual({
      id: sameUrl,
      title: 'Backend Eng.',
      company: 'ACME',
      location: 'Remote',
      salaryMin: null,
      salaryMax: null,
      postedAt: expect.any(String),
      source: 'manual',
      url: 'https://www.jobs.acme.test/42/',
      similarity: 1,
      matchedFields: ['url', 'company'],
    });
    expect(res.body.duplicates[1]).toMatchObject({ similarity: 1, matchedFields: ['company', 'title', 'location'] });
    expect(res.headers.get('x-jobmatch-cacheable')).toBe('1');
  });

  it("another user's job or a missing one is 404", async () => {
    const owner = newUser();
    const id = await job(owner, {});
    expect((await hook(newUser(), 'GET', `/api/jobs/${id}/duplicates`)).status).toBe(404);
    expect((await hook(owner, 'GET', `/api/jobs/${crypto.randomUUID()}/duplicates`)).status).toBe(404);
    expect((await hook(owner, 'GET', `/api/jobs/${id}/duplicates`)).body.duplicates).toEqual([]);
  });
});

/** Job sources against local servers answering like Greenhouse, Lever and an Apify actor. */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { jobs, jobSearches, soleShardDb } from '@jobmatch/db';
import { call, newUser, received, withRowCap, type Json } from './helpers';

async function scrape(userId: string, body: unknown, envOverrides = {}) {
  const res = await call('/api/jobs/scrape', { method: 'POST', userId, body, env: envOverrides });
  return { res, body: (await res.json()) as Json };
}
const allJobs = async (userId: string) => (await jobs.listJobs(soleShardDb(env), userId, { page: 1, limit: 100 })).items;

describe('POST /api/jobs/scrape', { timeout: 30_000 }, () => {
  it('searches Greenhouse, Lever and Apify, normalises and saves the matches → 201', async () => {
    const userId = newUser();
    const logBefore = (await received(inject('fakes').boardsUrl)).length;
    const { res, body } = await scrape(userId, { keywords: ['engineer'] });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toEqual({ success: true, searchId: expect.any(String), jobCount: 4, duplicates: 0, jobs: expect.any(Array) });
    const byTitle = Object.fromEntries((body.jobs as Json[]).map((j) => [j.title, j]));
    expect(Object.keys(byTitle).sort()).toEqual(['Backend Engineer', 'Data Engineer', 'Platform Engineer', 'Senior TypeScript Engineer']);

    // Greenhouse: entity-encoded HTML decoded to text, salary and arrangement read from it.
    expect(byTitle['Senior TypeScript Engineer']).toMatchObject({
      company: 'Acme Robotics',
      source: 'greenhouse',
      location: 'Remote - Europe',
      url: 'https://boards.greenhouse.io/acme/jobs/4001',
      salary_min: 120000,
      salary_max: 150000,
      work_arrangement: 'remote',
      experience_level: 'senior',
      job_type: 'full-time',
      saved: false,
      archived: false,
    });
    const description = byTitle['Senior TypeScript Engineer'].description as string;
    expect(description).toContain('Build edge services & APIs in TypeScript.');
    expect(description).toContain('• D1 & KV');
    expect(description).not.toMatch(/&amp;|&lt;|<p>/);
    expect(byTitle['Platform Engineer']).toMatchObject({ work_arrangement: 'hybrid', salary_min: 70000, salary_max: 90000 });
    // Lever: structured workplaceType and salaryRange.
    expect(byTitle['Backend Engineer']).toMatchObject({
      source: 'lever',
      company: 'leverco',
      work_arrangement: 'remote',
      salary_min: 60000,
      salary_max: 80000,
      job_type: 'full-time',
    });
    // Apify: hourly pay annualised; its copy of the Greenhouse posting was saved once.
    expect(byTitle['Data Engineer']).toMatchObject({
      company: 'Apify Jobs Co',
      salary_min: 124800,
      salary_max: 145600,
      work_arrangement: 'remote',
    });

    expect((await allJobs(userId)).map((j) => j.title).sort()).toEqual(Object.keys(byTitle).sort());
    const [search] = await jobSearches.listSearches(soleShardDb(env), userId, 5);
    expect(search).toMatchObject({ id: body.searchId, keywords: ['engineer'], job_count: 4, errors: [] });

    // The wire: Greenhouse with content=true, Lever in JSON mode, Apify with the token as a bearer.
    const log = (await received(inject('fakes').boardsUrl)).slice(logBefore);
    expect(log.find((r) => r.path === '/v1/boards/acme/jobs')?.query).toEqual({ content: 'true' });
    expect(log.find((r) => r.path === '/v0/postings/leverco')?.query).toEqual({ mode: 'json' });
    const apify = log.find((r) => r.path === '/v2/acts/fake~jobs/run-sync-get-dataset-items')!;
    expect(apify.method).toBe('POST');
    expect(apify.headers.authorization).toBe('Bearer apify_api_test_token');
    expect(JSON.parse(apify.body)).toMatchObject({ queries: ['engineer'], maxItems: 20 });
  });

  it("de-duplicates against the user's jobs: a second search saves nothing new", async () => {
    const userId = newUser();
    expect((await scrape(userId, { keywords: 'engineer' })).body.jobCount).toBe(4);
    const again = await scrape(userId, { keywords: 'engineer' });
    expect(again.res.status).toBe(201);
    expect(again.body).toMatchObject({ success: true, jobCount: 0, duplicates: 4, jobs: [] });
    expect(await allJobs(userId)).toHaveLength(4);
    // Another user gets their own copies.
    expect((await scrape(newUser(), { keywords: 'engineer' })).body.jobCount).toBe(4);
  });

  it('postings that would pass the jobs quota → 413 STORAGE_QUOTA_EXCEEDED, none saved', async () => {
    const userId = newUser();
    await jobs.createJob(soleShardDb(env), { userId, email: null }, { title: 'Mine', company: 'Acme' });
    await withRowCap('jobs', 3, async () => {
      const { res, body } = await scrape(userId, { keywords: 'engineer' });
      expect(res.status, JSON.stringify(body)).toBe(413);
      expect(body).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { resource: 'jobs', limit: { rows: 3 } } });
    });
    expect(await allJobs(userId)).toHaveLength(1);
  });

  it('a failing source leaves the others saved and is listed in errors', async () => {
    const userId = newUser();
    const { res, body } = await scrape(
      userId,
      { keywords: ['engineer'], sources: ['greenhouse', 'lever'] },
      { GREENHOUSE_BOARDS: 'acme,broken', LEVER_SITES: 'broken' },
    );
    expect(res.status).toBe(201);
    expect(body.jobCount).toBe(2);
    expect(body.errors).toEqual([
      { source: 'greenhouse:broken', message: 'Greenhouse board "broken" answered HTTP 500' },
      { source: 'lever:broken', message: 'Lever site "broken" answered HTTP 500' },
    ]);
    expect((await allJobs(userId)).map((j) => j.source)).toEqual(['greenhouse', 'greenhouse']);
    const [search] = await jobSearches.listSearches(soleShardDb(env), userId, 1);
    expect(search!.errors).toHaveLength(2);
  });

  it('an Apify run past its timeout (408) is a source error; every source failing → 502', async () => {
    const partial = await scrape(newUser(), { keywords: 'engineer', sources: ['indeed', 'lever'] }, { APIFY_ACTOR: 'slow~actor' });
    expect(partial.res.status).toBe(201);
    expect(partial.body.errors).toEqual([{ source: 'apify:slow~actor', message: 'The Apify actor run did not finish in time' }]);
    const userId = newUser();
    const none = await scrape(userId, { keywords: 'engineer', sources: ['apify'] }, { APIFY_ACTOR: 'slow~actor' });
    expect(none.res.status).toBe(502);
    expect(none.body.code).toBe('JOB_SOURCES_FAILED');
    expect(none.body.details.errors).toHaveLength(1);
    expect(await allJobs(userId)).toHaveLength(0);
  });

  it('filters by location, work arrangement, salary and maxResults', async () => {
    const remote = await scrape(newUser(), { keywords: ['engineer'], workArrangement: 'Remote' });
    expect((remote.body.jobs as Json[]).every((j) => j.work_arrangement === 'remote')).toBe(true);
    expect(remote.body.jobCount).toBe(3);
    expect((await scrape(newUser(), { keywords: ['engineer'], workArrangement: 'All' })).body.jobCount).toBe(4);
    const lisbon = await scrape(newUser(), { keywords: ['engineer'], location: 'lisbon' });
    expect((lisbon.body.jobs as Json[]).map((j) => j.title)).toEqual(['Backend Engineer']);
    const rich = await scrape(newUser(), { keywords: ['engineer'], salaryMin: 130000 });
    expect((rich.body.jobs as Json[]).map((j) => j.title).sort()).toEqual(['Data Engineer', 'Senior TypeScript Engineer']);
    const one = await scrape(newUser(), { keywords: ['engineer'], maxResults: 1 });
    expect(one.body.jobCount).toBe(1);
  });

  it('bad input → 400 VALIDATION_ERROR; no source configured → 503', async () => {
    for (const body of [
      {},
      { keywords: [] },
      { keywords: Array(11).fill('x') },
      { keywords: 'x', maxResults: 51 },
      { keywords: 'x', sources: ['monster'] },
      { keywords: 'x', salaryMin: 5, salaryMax: 1 },
    ]) {
      const res = await scrape(newUser(), body);
      expect(res.res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
    const none = await scrape(newUser(), { keywords: 'x' }, { GREENHOUSE_BOARDS: '', LEVER_SITES: '', APIFY_TOKEN: undefined });
    expect(none.res.status).toBe(503);
    expect(none.body.code).toBe('JOB_SOURCES_NOT_CONFIGURED');
  });
});

describe('GET /health', () => {
  it('says which integrations are switched on, never their secrets', async () => {
    const body = (await (await call('/health', { userId: null })).json()) as Json;
    expect(body.integrations).toEqual({ linkedin: true, email: true, exports: true, jobSources: ['greenhouse', 'lever', 'apify'] });
    const off = (await (await call('/health', { userId: null, env: { SENDGRID_API_KEY: undefined, LEVER_SITES: '' } })).json()) as Json;
    expect(off.integrations).toMatchObject({ email: false, jobSources: ['greenhouse', 'apify'] });
    expect(JSON.stringify(off)).not.toContain('SG.test-key');
  });
});

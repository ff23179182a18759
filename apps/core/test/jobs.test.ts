import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

async function createJob(userId: string, body: Json = {}): Promise<string> {
  const res = await call('/api/jobs', {
    method: 'POST',
    userId,
    body: { title: 'Backend Engineer', company: 'Acme', ...body },
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as Json;
  expect(typeof id).toBe('string');
  return id;
}

describe('/api/jobs', () => {
  it('creates a job for a brand-new user and reads it back in the contract shape', async () => {
    const user = newUser();
    const id = await createJob(user, {
      location: 'Berlin',
      description: 'Build APIs on Cloudflare Workers',
      url: 'https://jobs.example.com/1',
      jobType: 'full-time',
      experienceLevel: 'senior',
      workArrangement: 'remote',
      salaryMin: 90000,
      salaryMax: 120000,
      requiredSkills: ['TypeScript', 'SQL'],
      preferredSkills: ['Rust'],
    });
    const res = await call(`/api/jobs/${id}`, { userId: user });
    expect(res.status).toBe(200);
    const job = (await res.json()) as Json;
    expect(job).toEqual({
      id,
      title: 'Backend Engineer',
      company: 'Acme',
      location: 'Berlin',
      description: 'Build APIs on Cloudflare Workers',
      url: 'https://jobs.example.com/1',
      source: 'manual',
      job_type: 'full-time',
      experience_level: 'senior',
      work_arrangement: 'remote',
      salary_min: 90000,
      salary_max: 120000,
      match_score: null,
      saved: false,
      archived: false,
      added_at: expect.any(String),
      created_at: expect.any(String),
      required_skills: ['TypeScript', 'SQL'],
      preferred_skills: ['Rust'],
    });
    expect(new Date(job.created_at).toISOString()).toBe(job.created_at);
  });

  it('lists with filters and pagination; archived=false means not archived', async () => {
    const user = newUser();
    const a = await createJob(user, { title: 'A', source: 'linkedin', workArrangement: 'Remote' });
    const b = await createJob(user, { title: 'B' });
    const c = await createJob(user, { title: 'C' });
    await call(`/api/jobs/${b}`, { method: 'PATCH', userId: user, body: { isArchived: true } });
    await call(`/api/jobs/${c}`, { method: 'PATCH', userId: user, body: { isSaved: true } });

    const all = (await (await call('/api/jobs', { userId: user })).json()) as Json;
    expect(all).toMatchObject({ total: 3, page: 1, limit: 20, hasMore: false });

    const notArchived = (await (await call('/api/jobs?archived=false', { userId: user })).json()) as Json;
    expect(notArchived.jobs.map((j: Json) => j.id).sort()).toEqual([a, c].sort());
    const archived = (await (await call('/api/jobs?archived=true', { userId: user })).json()) as Json;
    expect(archived.jobs.map((j: Json) => j.id)).toEqual([b]);
    const saved = (await (await call('/api/jobs?saved=true&limit=1000', { userId: user })).json()) as Json;
    expect(saved).toMatchObject({ total: 1, limit: 1000 });
    expect(saved.jobs[0]).toMatchObject({ id: c, saved: true });
    const bySource = (await (await call('/api/jobs?source=linkedin', { userId: user })).json()) as Json;
    expect(bySource.jobs.map((j: Json) => j.id)).toEqual([a]);
    const byArrangement = (await (await call('/api/jobs?workArrangement=remote', { userId: user })).json()) as Json;
    expect(byArrangement.jobs.map((j: Json) => j.id)).toEqual([a]);

    const page1 = (await (await call('/api/jobs?limit=2&page=1', { userId: user })).json()) as Json;
    const page2 = (await (await call('/api/jobs?limit=2&page=2', { userId: user })).json()) as Json;
    expect(page1).toMatchObject({ total: 3, hasMore: true });
    expect(page1.jobs).toHaveLength(2);
    expect(page2).toMatchObject({ total: 3, hasMore: false });
    expect(page2.jobs).toHaveLength(1);
    const ids = [...page1.jobs, ...page2.jobs].map((j: Json) => j.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('filters by minMatchScore; blank text filters mean no filter; GETs are cacheable per user', async () => {
    const user = newUser();
    const high = await createJob(user, { title: 'High' });
    const low = await createJob(user, { title: 'Low' });
    await createJob(user, { title: 'Unscored' });
    const score = soleShardDb(env).prepare('UPDATE jobs SET match_score = ?1 WHERE id = ?2');
    await soleShardDb(env).batch([score.bind(88.5, high), score.bind(40, low)]);
    const list = async (q: string) => {
      const res = await call(`/api/jobs?${q}`, { userId: user });
      expect(res.status, q).toBe(200);
      expect(res.headers.get('x-jobmatch-cacheable'), q).toBe('1');
      return (await res.json()) as Json;
    };
    expect((await list('minMatchScore=50')).jobs.map((j: Json) => j.id)).toEqual([high]);
    expect((await list('minMatchScore=40')).jobs.map((j: Json) => j.id).sort()).toEqual([high, low].sort());
    expect((await list('minMatchScore=88.5')).jobs[0]).toMatchObject({ id: high, match_score: 88.5 });
    expect((await list('search=&source=&workArrangement=')).total).toBe(3);
    expect((await list('search=%20%20')).total).toBe(3);
    const one = await call(`/api/jobs/${high}`, { userId: user });
    expect(one.headers.get('x-jobmatch-cacheable')).toBe('1');
  });

  it('finds a job by a word of its description (FTS) and forgets it once deleted', async () => {
    const user = newUser();
    const id = await createJob(user, { description: 'We love zymurgy and distributed systems' });
    await createJob(user, { description: 'Something else entirely' });
    const found = (await (await call('/api/jobs?search=zymurgy', { userId: user })).json()) as Json;
    expect(found.jobs.map((j: Json) => j.id)).toEqual([id]);
    expect((await call(`/api/jobs/${id}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const after = (await (await call('/api/jobs?search=zymurgy', { userId: user })).json()) as Json;
    expect(after.jobs).toEqual([]);
  });

  it('treats FTS syntax in search as plain words', async () => {
    const user = newUser();
    await createJob(user, { description: 'quoted "NEAR" OR operators' });
    for (const q of ['"unbalanced', 'NEAR(a b)', 'a OR', 'owner : x', "'; DROP TABLE jobs; --"]) {
      const res = await call(`/api/jobs?search=${encodeURIComponent(q)}`, { userId: user });
      expect(res.status, q).toBe(200);
    }
  });

  it('refuses a search without a word of two letters or digits (400), ignoring shorter words beside one', async () => {
    const user = newUser();
    const id = await createJob(user, { description: 'C developer for embedded systems' });
    for (const q of ['a', '*', 'a b c', '"']) {
      const res = await call(`/api/jobs?search=${encodeURIComponent(q)}`, { userId: user });
      expect(res.status, q).toBe(400);
      expect((await res.json()) as Json).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('at least 2') });
    }
    const found = (await (await call('/api/jobs?search=c%20developer', { userId: user })).json()) as Json;
    expect(found.jobs.map((j: Json) => j.id)).toEqual([id]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const title = "Robert'); DROP TABLE jobs;-- 🚀 Ingénieur 東京";
    const id = await createJob(user, { title, company: '"; SELECT * FROM users; --' });
    const job = (await (await call(`/api/jobs/${id}`, { userId: user })).json()) as Json;
    expect(job.title).toBe(title);
    expect(job.company).toBe('"; SELECT * FROM users; --');
  });

  it('updates allowed fields and returns the updated row', async () => {
    const user = newUser();
    const id = await createJob(user, { salaryMin: 10, salaryMax: 20 });
    const res = await call(`/api/jobs/${id}`, {
      method: 'PATCH',
      userId: user,
      body: { isSaved: true, title: 'Staff Engineer', salaryMax: 30 },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, saved: true, title: 'Staff Engineer', salary_min: 10, salary_max: 30 });
  });

  it('rejects invalid bodies with VALIDATION_ERROR and issues', async () => {
    const user = newUser();
    const cases: Json[] = [
      {},
      { title: '', company: 'Acme' },
      { title: 'x'.repeat(301), company: 'Acme' },
      { title: 'T', company: 'Acme', salaryMin: -1 },
      { title: 'T', company: 'Acme', salaryMin: 5, salaryMax: 1 },
      { title: 'T', company: 'Acme', requiredSkills: 'TypeScript' },
      { title: 'T', company: 'Acme', url: 'not a url' },
    ];
    for (const body of cases) {
      const res = await call('/api/jobs', { method: 'POST', userId: user, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as Json;
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.details.issues.length).toBeGreaterThan(0);
      expect(err.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    const list = (await (await call('/api/jobs', { userId: user })).json()) as Json;
    expect(list.total).toBe(0);
  });

  it('rejects bad JSON, bad query values, empty and unknown patch fields', async () => {
    const user = newUser();
    const bad = await call('/api/jobs', { method: 'POST', userId: user, body: '{"title": "x",' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).code).toBe('INVALID_JSON');
    for (const q of ['limit=0', 'limit=1001', 'page=0', 'archived=yes', 'minMatchScore=abc']) {
      const res = await call(`/api/jobs?${q}`, { userId: user });
      expect(res.status, q).toBe(400);
    }
    const id = await createJob(user);
    expect((await call(`/api/jobs/${id}`, { method: 'PATCH', userId: user, body: {} })).status).toBe(400);
    expect((await call(`/api/jobs/${id}`, { method: 'PATCH', userId: user, body: { user_id: 'x' } })).status).toBe(400);
    const split = await call(`/api/jobs/${id}`, { method: 'PATCH', userId: user, body: { salaryMin: 50 } });
    expect(split.status).toBe(200);
    const crossed = await call(`/api/jobs/${id}`, { method: 'PATCH', userId: user, body: { salaryMax: 10 } });
    expect(crossed.status).toBe(400);
  });

  it("answers 404 for another user's job and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    const id = await createJob(owner);
    expect((await call(`/api/jobs/${id}`, { userId: intruder })).status).toBe(404);
    const patch = await call(`/api/jobs/${id}`, { method: 'PATCH', userId: intruder, body: { title: 'pwned' } });
    expect(patch.status).toBe(404);
    expect(((await patch.json()) as Json).code).toBe('NOT_FOUND');
    expect((await call(`/api/jobs/${id}`, { method: 'DELETE', userId: intruder })).status).toBe(404);
    const job = (await (await call(`/api/jobs/${id}`, { userId: owner })).json()) as Json;
    expect(job.title).toBe('Backend Engineer');
    const intruderList = (await (await call('/api/jobs', { userId: intruder })).json()) as Json;
    expect(intruderList.total).toBe(0);
  });

  it('answers 404 NOT_FOUND for a route that does not exist', async () => {
    const res = await call('/api/no-such-resource');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', statusCode: 404, requestId: expect.any(String) });
  });
});

/**
 * Issue 16 part B through the gateway: the frontend's own requests for resumes, narratives and
 * duplicates, and the API cache invalidating every cached answer a write changes.
 */
import { env } from 'cloudflare:test';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { afterEach, describe, expect, it } from 'vitest';
import { asUser, gateway, newUser, type Json } from './helpers';
import { expectDocumentedShape } from './openapi-shapes';
import { uploadForm } from './route-cases/files';

const kv = prodLikeKv(env.API_CACHE);
const viaKv = { API_CACHE: kv };
// The hooks send Content-Type: application/json on every request, GETs included.
const send = (user: string, method: string, path: string, body?: unknown) =>
  asUser(user, path, body === undefined ? { method, headers: { 'Content-Type': 'application/json' } } : { method, json: body }, viaKv);
async function read(user: string, path: string): Promise<{ cache: string | null; body: any }> {
  const res = await send(user, 'GET', path);
  expect(res.status).toBe(200);
  return { cache: res.headers.get('X-Cache'), body: await res.json() };
}

afterEach(() => {
  expect(kv.stats.violations).toEqual([]);
});

describe('API cache families for the settings, resume and job-quality routes', () => {
  it('a resume write invalidates GET /api/resume and GET /api/profile/complete', async () => {
    const user = newUser();
    expect((await read(user, '/api/resume')).cache).toBe('MISS');
    expect(await read(user, '/api/resume')).toEqual({ cache: 'HIT', body: [] });
    await read(user, '/api/profile/complete');
    expect((await read(user, '/api/profile/complete')).cache).toBe('HIT');

    const created = await send(user, 'POST', '/api/resume', { type: 'master', title: 'Master', sections: {}, formats: ['pdf'] });
    expect(created.status).toBe(201);
    const row = (await created.json()) as Json;
    const list = await read(user, '/api/resume');
    expect(list.cache).toBe('MISS');
    expect(list.body.map((r: Json) => r.id)).toEqual([row.id]);
    const complete = await read(user, '/api/profile/complete');
    expect(complete.cache).toBe('MISS');
    expect(complete.body.resumes.map((r: Json) => r.id)).toEqual([row.id]);

    expect((await send(user, 'PATCH', `/api/resume/${row.id}`, { title: 'Renamed' })).status).toBe(200);
    expect((await read(user, '/api/resume')).body[0].title).toBe('Renamed');
    expect((await send(user, 'DELETE', `/api/resume/${row.id}`)).status).toBe(204);
    expect((await read(user, '/api/resume')).body).toEqual([]);
    expect((await read(user, '/api/profile/complete')).body.resumes).toEqual([]);
  }, 30_000);

  it('deleting a work experience invalidates its cached narrative', async () => {
    const user = newUser();
    const we = (await (
      await send(user, 'POST', '/api/profile/work-experience', { title: 'Engineer', company: 'Acme', start_date: '2020-01' })
    ).json()) as Json;
    expect(
      (await send(user, 'POST', '/api/profile/work-experience-narratives', { workExperienceId: we.experience.id, narrative: 'Story' }))
        .status,
    ).toBe(201);
    await read(user, '/api/profile/work-experience-narratives');
    const cached = await read(user, '/api/profile/work-experience-narratives');
    expect(cached.cache).toBe('HIT');
    expect(cached.body.narratives).toHaveLength(1);
    expect((await send(user, 'DELETE', `/api/profile/work-experience/${we.experience.id}`)).status).toBe(204);
    expect(await read(user, '/api/profile/work-experience-narratives')).toEqual({ cache: 'MISS', body: { narratives: [] } });
  }, 30_000);

  it('a narrative posted again replaces it: 200 with the documented answer, still one narrative', async () => {
    const user = newUser();
    const PATH = '/api/profile/work-experience-narratives';
    const we = (await (
      await send(user, 'POST', '/api/profile/work-experience', { title: 'Engineer', company: 'Acme', start_date: '2020-01' })
    ).json()) as Json;
    const created = await send(user, 'POST', PATH, { workExperienceId: we.experience.id, narrative: 'Story' });
    expect(created.status).toBe(201);
    const first = (await created.json()) as Json;
    const replaced = await send(user, 'POST', PATH, { workExperienceId: we.experience.id, narrative: 'Better story' });
    expect(replaced.status).toBe(200);
    const body = (await replaced.json()) as Json;
    expect(body.narrative).toMatchObject({ id: first.narrative.id, narrative: 'Better story' });
    await expectDocumentedShape(`POST ${PATH}`, 200, body);
    expect((await read(user, PATH)).body.narratives.map((n: Json) => n.narrative)).toEqual(['Better story']);
  }, 30_000);

  it('a new job invalidates the cached duplicates of another', async () => {
    const user = newUser();
    const create = async (company: string) =>
      ((await (await send(user, 'POST', '/api/jobs', { title: 'SRE', company, url: 'https://jobs.example.test/9' })).json()) as Json)
        .id as string;
    const id = await create('Acme');
    await read(user, `/api/jobs/${id}/duplicates`);
    expect(await read(user, `/api/jobs/${id}/duplicates`)).toMatchObject({ cache: 'HIT', body: { duplicates: [] } });
    const dup = await create('ACME Ltd');
    const after = await read(user, `/api/jobs/${id}/duplicates`);
    expect(after.cache).toBe('MISS');
    expect(after.body.duplicates.map((d: Json) => d.id)).toEqual([dup]);
  }, 30_000);

  it('billing and usage answers are never served from the cache (their writers bypass the gateway)', async () => {
    const user = newUser();
    for (const path of [
      '/api/billing/subscription',
      '/api/billing/usage-limits',
      '/api/billing/invoices',
      '/api/billing/payment-methods',
      '/api/usage/metrics',
    ]) {
      await read(user, path);
      expect((await read(user, path)).cache, path).toBe('BYPASS');
    }
    const upgrade = await send(user, 'PATCH', '/api/billing/subscription', { plan: 'premium', billingCycle: 'annual', status: 'active' });
    expect(upgrade.status).toBe(501);
    const body = (await upgrade.json()) as Json;
    // useSubscription shows errorData.message; jobQualityService and others show errorData.error.
    expect(body).toMatchObject({ code: 'BILLING_NOT_CONFIGURED', message: expect.any(String) });
    await expectDocumentedShape('PATCH /api/billing/subscription', 501, body);
  }, 30_000);
});

describe('workersApi through the gateway', () => {
  it('getFileUrl: encoded key + Content-Type: application/json → {url, expiresIn}; the url downloads without Authorization', async () => {
    const user = newUser();
    const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
    const up = await asUser(user, '/api/files/upload', { method: 'POST', body: uploadForm('resumes', pdf, 'cv.pdf', 'application/pdf') });
    expect(up.status).toBe(201);
    const { key } = (await up.json()) as Json;
    const res = await send(user, 'GET', `/api/files/download/${encodeURIComponent(key)}`);
    expect(res.status).toBe(200);
    const { url, expiresIn } = (await res.json()) as Json;
    expect(typeof url).toBe('string');
    expect(typeof expiresIn).toBe('number');
    const signed = new URL(url, 'https://relative.invalid');
    const file = await gateway(signed.pathname + signed.search);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    // Without the JSON headers the same path still answers the bytes (links, <img>).
    const plain = await asUser(user, `/api/files/download/${encodeURIComponent(key)}`);
    expect(plain.headers.get('content-type')).toBe('application/pdf');
  }, 30_000);

  it('getSession: GET /api/auth/session answers the token’s user and session', async () => {
    const user = newUser();
    const res = await asUser(user, '/api/auth/session', { sessionId: 'sess-gs', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ user: { id: user, email: expect.any(String), firstName: null, lastName: null }, session: { id: 'sess-gs' } });
    await expectDocumentedShape('GET /api/auth/session', 200, body);
  }, 30_000);
});

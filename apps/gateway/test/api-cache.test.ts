/**
 * The per-user API cache, run against a production-like KV (1 write/s per key, TTL ≥ 60 s):
 * HIT/MISS/BYPASS, invalidation by the user's own writes, no sharing between users, no
 * cached errors, and zero KV violations under bursts.
 */
import { env } from 'cloudflare:test';
import { apiCache } from '@jobmatch/kv-schemas';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { afterEach, describe, expect, it } from 'vitest';
import { asUser, newUser, type Json } from './helpers';

const kv = prodLikeKv(env.API_CACHE);
const viaKv = { API_CACHE: kv };
const get = (user: string, path: string, headers: Record<string, string> = {}) => asUser(user, path, { headers }, viaKv);
const createJob = async (user: string, title: string) => {
  const res = await asUser(user, '/api/jobs', { method: 'POST', json: { title, company: 'Acme' } }, viaKv);
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id as string;
};

afterEach(() => {
  expect(kv.stats.violations).toEqual([]);
});

describe('API cache', () => {
  it('serves a repeated GET from the cache, with the same body and no internal header', async () => {
    const user = newUser();
    await createJob(user, 'First');
    const first = await get(user, '/api/jobs?limit=5');
    expect(first.headers.get('X-Cache')).toBe('MISS');
    const second = await get(user, '/api/jobs?limit=5');
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('x-jobmatch-cacheable')).toBeNull();
    expect(second.headers.get('Cache-Control')).toBe('no-store'); // browsers never keep it
    expect(second.headers.get('Content-Type')).toMatch(/application\/json/);
  });

  it('a write stamped in KV by another isolate makes the entry this isolate holds in memory unreachable', async () => {
    const user = newUser();
    await createJob(user, 'Held');
    await get(user, '/api/jobs?limit=7');
    const hit = await get(user, '/api/jobs?limit=7');
    expect(hit.headers.get('X-Cache')).toBe('HIT'); // now also in this isolate's memory
    expect(hit.headers.get('Server-Timing')).toMatch(
      /^auth;dur=[\d.]+, session;dur=[\d.]+, rate-limit;dur=[\d.]+, cache;dur=[\d.]+;desc="HIT", total;dur=[\d.]+$/,
    );
    // Another isolate's write: only its KV stamp exists, this isolate has no local stamp.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await apiCache.familyWriteStamp.put(env.API_CACHE, { userId: user, family: 'jobs' }, { writtenAt: Date.now() });
    const after = await get(user, '/api/jobs?limit=7');
    expect(after.headers.get('X-Cache')).toBe('MISS');
    expect(after.headers.get('Server-Timing')).toMatch(/cache;dur=[\d.]+;desc="MISS", upstream;dur=[\d.]+, total/);
  });

  it('a job created after a cached GET /api/jobs shows up at once (MISS)', async () => {
    const user = newUser();
    await createJob(user, 'Old');
    await get(user, '/api/jobs');
    expect((await get(user, '/api/jobs')).headers.get('X-Cache')).toBe('HIT');
    const id = await createJob(user, 'New');
    const after = await get(user, '/api/jobs');
    expect(after.headers.get('X-Cache')).toBe('MISS');
    expect(((await after.json()) as Json).jobs.map((j: Json) => j.id)).toContain(id);
  });

  it('PATCH and DELETE invalidate the list and the item, and rapid writes never lose the last one', async () => {
    const user = newUser();
    const id = await createJob(user, 'Job');
    await get(user, `/api/jobs/${id}`);
    expect((await get(user, `/api/jobs/${id}`)).headers.get('X-Cache')).toBe('HIT');
    // Three writes inside one second: one immediate stamp, one trailing (coalesced) stamp.
    for (const saved of [true, false, true]) {
      expect((await asUser(user, `/api/jobs/${id}`, { method: 'PATCH', json: { isSaved: saved } }, viaKv)).status).toBe(200);
    }
    const read = await get(user, `/api/jobs/${id}`);
    expect(read.headers.get('X-Cache')).toBe('MISS');
    expect(((await read.json()) as Json).saved).toBe(true);
    expect((await asUser(user, `/api/jobs/${id}`, { method: 'DELETE' }, viaKv)).status).toBe(204);
    expect((await get(user, `/api/jobs/${id}`)).status).toBe(404);
  });

  it('never shares entries between users, and keys the full query', async () => {
    const a = newUser();
    const b = newUser();
    await createJob(a, 'A only');
    await get(a, '/api/jobs');
    const forB = await get(b, '/api/jobs');
    expect(forB.headers.get('X-Cache')).toBe('MISS');
    expect(((await forB.json()) as Json).total).toBe(0);
    expect((await get(a, '/api/jobs?saved=true')).headers.get('X-Cache')).toBe('MISS');
    expect((await get(a, '/api/jobs')).headers.get('X-Cache')).toBe('HIT');
  });

  it('never caches errors or uncacheable answers, and honours Cache-Control: no-cache', async () => {
    const user = newUser();
    for (let i = 0; i < 2; i++) {
      const bad = await get(user, '/api/jobs?limit=5000');
      expect(bad.status).toBe(400);
      expect(bad.headers.get('X-Cache')).toBe('BYPASS');
    }
    for (let i = 0; i < 2; i++) {
      const missing = await get(user, `/api/jobs/00000000-0000-4000-8000-00000000dead`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('X-Cache')).toBe('BYPASS');
    }
    expect((await kv.list({ prefix: `resp:${user}:` })).keys).toHaveLength(0);
    await get(user, '/api/jobs');
    expect((await get(user, '/api/jobs', { 'Cache-Control': 'no-cache' })).headers.get('X-Cache')).toBe('MISS');
    // Writes are never served from the cache.
    const write = await asUser(user, '/api/jobs', { method: 'POST', json: { title: 'T', company: 'C' } }, viaKv);
    expect(write.headers.get('X-Cache')).toBe('BYPASS');
  });

  it('a burst of reads and writes by one user stays within KV limits and ends consistent', async () => {
    const user = newUser();
    kv.resetStats();
    const ops = Array.from({ length: 60 }, (_, i) =>
      i % 6 === 0 ? createJob(user, `Burst ${i}`) : get(user, '/api/jobs?limit=100').then((r) => r.status),
    );
    await Promise.all(ops);
    expect(kv.stats.violations).toEqual([]);
    const final = await get(user, '/api/jobs?limit=100');
    expect(((await final.json()) as Json).total).toBe(10);
  });

  it('stops looking up a route whose answers the service does not mark cacheable (no wasted KV reads)', async () => {
    const user = newUser();
    const first = await get(user, '/api/sessions');
    expect(first.status).toBe(200);
    expect(first.headers.get('X-Cache')).toBe('BYPASS');
    kv.resetStats();
    expect((await get(user, '/api/sessions')).headers.get('X-Cache')).toBe('BYPASS');
    expect(kv.stats.reads).toBe(0);
    // A marked route is still looked up.
    await get(user, '/api/jobs');
    expect(kv.stats.reads).toBeGreaterThan(0);
  });

  it('a write whose answer is lost (504) still invalidates: the service may have committed it', async () => {
    const user = newUser();
    const id = await createJob(user, 'Before');
    await get(user, `/api/jobs/${id}`);
    expect((await get(user, `/api/jobs/${id}`)).headers.get('X-Cache')).toBe('HIT');
    const lost = await asUser(
      user,
      `/api/jobs/${id}`,
      { method: 'PATCH', json: { title: 'After' } },
      { ...viaKv, CORE: env.FAULTY_HANGS, UPSTREAM_TIMEOUT_MS: '200' },
    );
    expect(lost.status).toBe(504);
    expect((await get(user, `/api/jobs/${id}`)).headers.get('X-Cache')).toBe('MISS');
  });

  it('a refused write (4xx) invalidates nothing', async () => {
    const user = newUser();
    const id = await createJob(user, 'Job');
    await new Promise((r) => setTimeout(r, 1200)); // let the create's stamp settle
    await get(user, `/api/jobs/${id}`);
    const refused = await asUser(user, `/api/jobs/${id}`, { method: 'PATCH', json: { salaryMin: 'lots' } }, viaKv);
    expect(refused.status).toBe(400);
    expect((await get(user, `/api/jobs/${id}`)).headers.get('X-Cache')).toBe('HIT');
  });

  it('stores the entry with a TTL KV accepts and tagged with the user', async () => {
    const user = newUser();
    await get(user, '/api/jobs?page=1');
    const list = await env.API_CACHE.list({ prefix: `resp:${user}:` });
    expect(list.keys).toHaveLength(1);
    expect(list.keys[0]!.expiration! - Date.now() / 1000).toBeGreaterThan(60);
  });
});

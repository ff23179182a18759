/**
 * A user being moved between shards (packages/db shard-move, fence of migration 0013): writes
 * answer the retryable 503 USER_MOVING with Retry-After and change nothing; reads keep working.
 */
import { env } from 'cloudflare:test';
import { userDb, userMoves } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

describe('while a user is being moved', () => {
  it('POST/PATCH/DELETE /api/jobs answer 503 USER_MOVING with Retry-After; GET answers 200 with the data', async () => {
    const userId = newUser();
    const created = await call('/api/jobs', { method: 'POST', userId, body: { title: 'SRE', company: 'Edge' } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    await userMoves.raiseFence(await userDb(env, userId), userId, 0, 1);

    for (const [method, path, body] of [
      ['POST', '/api/jobs', { title: 'Dev', company: 'Edge' }],
      ['PATCH', `/api/jobs/${id}`, { title: 'Renamed' }],
      ['DELETE', `/api/jobs/${id}`, undefined],
    ] as const) {
      const res = await call(path, { method, userId, body });
      const text = await res.text();
      expect(res.status, `${method} ${path} → ${text}`).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      expect(JSON.parse(text)).toMatchObject({ code: 'USER_MOVING', statusCode: 503 });
    }

    const list = await call('/api/jobs', { userId });
    expect(list.status).toBe(200);
    const jobs = ((await list.json()) as Json).jobs as Json[];
    expect(jobs.map((j) => [j.id, j.title])).toEqual([[id, 'SRE']]);
    expect((await call(`/api/jobs/${id}`, { userId })).status).toBe(200);

    // Another user is not held back.
    expect((await call('/api/jobs', { method: 'POST', userId: newUser(), body: { title: 'A', company: 'B' } })).status).toBe(201);
  });
});

/**
 * A user being moved between shards (packages/db shard-move, fence of migration 0013): writes
 * answer the retryable 503 USER_MOVING with Retry-After and change nothing; reads keep working.
 */
import { applyD1Migrations, env } from 'cloudflare:test';
import { shardDirectory, shardMove, shards, userDb, userMoves } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';
import type { CoreEnv } from '../src/env';

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

  it('drops the cached shard of a user refused by the fence, so the retry after the switch reaches the new shard', async () => {
    await applyD1Migrations(env.SECOND_SHARD, env.TEST_MIGRATIONS);
    const twoShards = { ...env, DB_1: env.SECOND_SHARD, SHARDS_OPEN: '0' } as CoreEnv;
    const userId = newUser();
    const first = await call('/api/jobs', { method: 'POST', userId, body: { title: 'SRE', company: 'Edge' }, envOverrides: twoShards });
    expect(first.status).toBe(201); // on DB_0, and this isolate now caches "shard 0"
    // A move run by the operator's process (not this isolate): copied and verified, then switched.
    const source = await userDb(twoShards, userId);
    const stopAfterVerify = (step: shardMove.MoveStep) => {
      if (step === 'verify') throw new Error('stopped after verify');
    };
    const target = { db: env.SECOND_SHARD, shard: 1 };
    const move = { userId, source: { db: source, shard: 0 }, target, directory: source, afterStep: stopAfterVerify };
    await expect(shardMove.moveUser(move)).rejects.toThrow('stopped after verify');
    await shardDirectory.assignShard(source, userId, 1); // the switch, as the tool does it in its own process
    await userMoves.advance(source, userId, 'copied', 'switched');

    const refused = await call('/api/jobs', { method: 'POST', userId, body: { title: 'Dev', company: 'Edge' }, envOverrides: twoShards });
    expect(refused.status).toBe(503);
    const retried = await call('/api/jobs', { method: 'POST', userId, body: { title: 'Dev', company: 'Edge' }, envOverrides: twoShards });
    expect(retried.status, await retried.clone().text()).toBe(201);
    const titles = await env.SECOND_SHARD.prepare('SELECT title FROM jobs WHERE user_id = ?1 ORDER BY title')
      .bind(userId)
      .all<{ title: string }>();
    expect(titles.results.map((r) => r.title)).toEqual(['Dev', 'SRE']);
    shards.clearShardCache();
  });
});

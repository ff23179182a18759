/**
 * core over two D1 shards: DB_0 (the suite's database) plus SECOND_SHARD handed to the Worker
 * as DB_1. Isolation between users on different shards, assignment kept when a shard is added,
 * and the scheduled maintenance over both shards with one of them failing.
 */
import { applyD1Migrations, createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { directoryDb, shards, shardDbs, type ShardEnv } from '@jobmatch/db';
import { newUser } from '@jobmatch/test-support/common';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreEnv } from '../src/env';
import worker from '../src/index';
import { runMaintenance } from '../src/scheduled';
import { call } from './signed';

const DAY = 86_400_000;
/** DB_0, read through the accessor like everything else (tests/structure's D1 rule). */
const firstShard = () => shardDbs(env as ShardEnv)[0]!.db;
/** The Worker's env with a second shard; SHARDS_OPEN picks where new users go. */
const withTwoShards = (open?: string) => ({ ...env, DB_1: env.SECOND_SHARD, ...(open ? { SHARDS_OPEN: open } : {}) }) as CoreEnv;
const countJobs = (db: D1Database, user: string) =>
  db.prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(user).first<number>('n');
const createJob = async (user: string, title: string, sharded: CoreEnv) => {
  const res = await call('/api/jobs', { method: 'POST', userId: user, body: { title, company: 'Acme' }, envOverrides: sharded });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
};
const listTitles = async (user: string, sharded: CoreEnv) => {
  const res = await call('/api/jobs', { userId: user, envOverrides: sharded });
  expect(res.status).toBe(200);
  return ((await res.json()) as { jobs: { title: string }[] }).jobs.map((j) => j.title);
};

beforeAll(async () => {
  await applyD1Migrations(env.SECOND_SHARD, env.TEST_MIGRATIONS);
});
afterEach(() => {
  shards.clearShardCache();
  vi.restoreAllMocks();
});

describe('core on two shards', () => {
  it('keeps users on different shards apart: each sees only their own rows, stored only on their shard', async () => {
    const first = newUser();
    const second = newUser();
    await createJob(first, 'First’s job', withTwoShards('0'));
    await createJob(second, 'Second’s job', withTwoShards('1'));
    const sharded = withTwoShards();
    expect(await listTitles(first, sharded)).toEqual(['First’s job']);
    expect(await listTitles(second, sharded)).toEqual(['Second’s job']);
    expect([await countJobs(firstShard(), first), await countJobs(env.SECOND_SHARD, first)]).toEqual([1, 0]);
    expect([await countJobs(firstShard(), second), await countJobs(env.SECOND_SHARD, second)]).toEqual([0, 1]);
    // Another user's job id answers 404 across shards too.
    const [secondJob] = (await env.SECOND_SHARD.prepare('SELECT id FROM jobs WHERE user_id = ?1').bind(second).all<{ id: string }>())
      .results;
    expect((await call(`/api/jobs/${secondJob!.id}`, { userId: first, envOverrides: sharded })).status).toBe(404);
  });

  it('keeps session ids global: a user on the other shard cannot register (or then revoke) a taken id', async () => {
    const owner = newUser();
    const other = newUser();
    const clientId = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
    const body = { session_id: clientId, browser: 'Firefox 133' };
    const register = (user: string, sharded: CoreEnv) =>
      call('/api/sessions', { method: 'POST', userId: user, sessionId: crypto.randomUUID(), body, envOverrides: sharded });
    expect((await register(owner, withTwoShards('0'))).status).toBe(201);
    const claim = await register(other, withTwoShards('1'));
    expect(claim.status, await claim.clone().text()).toBe(404);
    const revoke = await call(`/api/sessions/${clientId}`, { method: 'DELETE', userId: other, envOverrides: withTwoShards() });
    expect(revoke.status).toBe(404);
    const rows = await env.SECOND_SHARD.prepare('SELECT count(*) AS n FROM session_aliases WHERE id = ?1').bind(clientId).first('n');
    expect(rows).toBe(0);
  });

  it('moves no one when the second shard is added: a user of the one-shard days stays on DB_0', async () => {
    const early = newUser();
    await createJob(early, 'From before sharding', env as CoreEnv); // one shard: no directory row
    expect(await directoryDb(env).prepare('SELECT 1 FROM shard_directory WHERE user_id = ?1').bind(early).first()).toBeNull();
    // Even with only shard 1 open for new users, the early user's requests still find their rows.
    expect(await listTitles(early, withTwoShards('1'))).toEqual(['From before sharding']);
    await createJob(early, 'After sharding', withTwoShards('1'));
    expect(await countJobs(firstShard(), early)).toBe(2);
    expect(await countJobs(env.SECOND_SHARD, early)).toBe(0);
  });

  it('runs the scheduled maintenance on every shard: a failing shard is logged and the other still runs', async () => {
    const now = Date.now();
    const stale = async (db: D1Database, user: string) => {
      const old = new Date(now - 200 * DAY).toISOString();
      await db.batch([
        db.prepare('INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, NULL, ?2, ?2)').bind(user, old),
        db
          .prepare(
            "INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, 'Old', 'Acme', ?3, ?3, ?3)",
          )
          .bind(crypto.randomUUID(), user, old),
      ]);
    };
    const onFirst = newUser();
    const onSecond = newUser();
    await stale(firstShard(), onFirst);
    await stale(env.SECOND_SHARD, onSecond);
    const archived = async (db: D1Database, user: string) =>
      db.prepare('SELECT archived FROM jobs WHERE user_id = ?1').bind(user).first<number>('archived');

    const events: Record<string, unknown>[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      if (typeof text === 'string' && text.startsWith('{')) events.push(JSON.parse(text));
    });
    vi.spyOn(console, 'error').mockImplementation((text: unknown) => {
      if (typeof text === 'string' && text.startsWith('{')) events.push(JSON.parse(text));
    });
    // Shard 0 is down (every statement fails); shard 1 must still be maintained.
    const down = new Proxy(firstShard(), {
      get: (target, prop) =>
        prop === 'prepare' || prop === 'batch'
          ? () => {
              throw new Error('D1_ERROR: shard 0 unavailable');
            }
          : Reflect.get(target, prop),
    });
    const broken = { ...withTwoShards(), DB_0: down, LOG_LEVEL: 'info' } as CoreEnv; // info: the per-shard lines
    const run = await runMaintenance(broken, new Date(now));
    expect(run.shards.map((s) => s.shard)).toEqual([0, 1]);
    expect(run.shards[0]!.report.archivedJobs.error).toContain('shard 0 unavailable');
    expect(run.shards[1]!.report.archivedJobs).toMatchObject({ complete: true });
    expect(run.shards[1]!.report.archivedJobs.count).toBeGreaterThanOrEqual(1);
    expect(await archived(env.SECOND_SHARD, onSecond)).toBe(1);
    expect(await archived(firstShard(), onFirst)).toBe(0);
    const lines = events.filter((e) => e.msg === 'maintenance');
    expect(lines.map((e) => [e.shard, e.level])).toEqual([
      [0, 'error'],
      [1, 'info'],
    ]);
    expect(lines[0]!.failed).toContain('archivedJobs');
    expect(lines[1]!.archivedJobs).toBeGreaterThanOrEqual(1);
    // The cron tick itself fails (so the failure shows), naming the shard.
    const ctx = createExecutionContext();
    await expect(worker.scheduled!(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), broken, ctx)).rejects.toThrow(
      /archivedJobs \(shard 0\)/,
    );
    await waitOnExecutionContext(ctx);

    // With shard 0 back, the next run catches up on it.
    const healthy = await runMaintenance(withTwoShards(), new Date(now));
    expect(healthy.shards.every((s) => Object.values(s.report).every((step) => step.error === undefined))).toBe(true);
    expect(await archived(firstShard(), onFirst)).toBe(1);
  });

  it('iterates exactly the bound shards', () => {
    expect(shardDbs(env as ShardEnv).map((s) => s.shard)).toEqual([0]);
    expect(shardDbs(withTwoShards()).map((s) => s.shard)).toEqual([0, 1]);
  });
});

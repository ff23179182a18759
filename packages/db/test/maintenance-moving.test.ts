/**
 * Cross-user maintenance while a user is being moved: the fence would abort a whole statement
 * that touches the moving user's rows (shard-move.test.ts shows it), so the statements leave
 * users in `user_moves` out. The others are handled at once; the moving user's rows after the
 * move, on the shard they moved to.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { aiUsage, files, idempotency, jobsMaintenance, sessions, shardMove, usageLimits, type UsageDelta } from '../src';
import { fillUser } from './user-fixture';

const LATER = new Date('2030-01-01T00:00:00.000Z');
const BATCH = 10_000;
const newUser = () => `user-${crypto.randomUUID()}`;
const count = async (db: D1Database, sql: string, userId: string) =>
  Number((await db.prepare(`SELECT count(*) AS n FROM ${sql}`).bind(userId).first<number>('n')) ?? 0);

/** What each maintenance statement leaves behind for one user (all zero once it ran over them). */
const leftFor = async (db: D1Database, userId: string) => ({
  unarchivedJobs: await count(db, 'jobs WHERE user_id = ?1 AND archived = 0', userId),
  sessions: await count(db, 'sessions WHERE user_id = ?1', userId),
  revocations: await count(db, 'session_revocations WHERE user_id = ?1', userId),
  expiredUsagePeriods: await count(db, `usage_limits WHERE user_id = ?1 AND period_end <= '2030'`, userId),
  idempotencyKeys: await count(db, 'idempotency_keys WHERE user_id = ?1', userId),
});

/** The cron's statements on one shard (apps/core/src/scheduled.ts calls these per shard). */
async function maintain(db: D1Database) {
  const listed = {
    unsyncedRevocations: (await sessions.unsyncedRevocations(db, BATCH)).map((r) => r.user_id),
    filesToVerify: (await files.listFilesToVerify(db, LATER.toISOString(), 100)).map((f) => f.key),
  };
  await jobsMaintenance.archiveStaleJobs(db, LATER, LATER, BATCH);
  await sessions.purgeExpiredSessionAudit(db, LATER, BATCH);
  await sessions.purgeExpiredRevocations(db, LATER, BATCH);
  await usageLimits.rollExpiredPeriods(db, LATER, BATCH);
  await idempotency.purgeExpired(db, LATER.toISOString(), BATCH);
  return listed;
}

const NOTHING_LEFT = { unarchivedJobs: 0, sessions: 0, revocations: 0, expiredUsagePeriods: 0, idempotencyKeys: 0 };
const delta = (userId: string): UsageDelta => ({
  userId,
  day: '2026-01-02',
  subject: 'p:m',
  task: 'job_analysis',
  calls: 1,
  failures: 0,
  promptTokens: 0,
  completionTokens: 0,
  latencyMsTotal: 0,
  hits: 0,
  misses: 0,
  savedUsdMicros: 0,
});
const calls = (db: D1Database, userId: string) =>
  db.prepare(`SELECT sum(calls) AS n FROM ai_usage_counters WHERE user_id = ?1`).bind(userId).first<number>('n');

describe('maintenance while a user is being moved', () => {
  it('completes for everyone else, leaves the moving user out, and handles them on their new shard after the move', async () => {
    const [moving, other] = [newUser(), newUser()];
    await fillUser(env.DB_0, moving);
    await fillUser(env.DB_0, other);
    const move: shardMove.MoveOptions = {
      userId: moving,
      source: { db: env.DB_0, shard: 0 },
      target: { db: env.DB_1, shard: 1 },
      directory: env.DB_0,
      sleep: async () => {},
    };
    const stopAfterVerify = (step: shardMove.MoveStep) => {
      if (step === 'verify') throw new Error('stopped');
    };
    await expect(shardMove.moveUser({ ...move, afterStep: stopAfterVerify })).rejects.toThrow('stopped');
    const movingBefore = await leftFor(env.DB_0, moving);
    expect(movingBefore).not.toEqual(NOTHING_LEFT);

    const listed = await maintain(env.DB_0); // fenced: one of these statements would throw USER_MOVING
    expect(await leftFor(env.DB_0, other)).toEqual(NOTHING_LEFT);
    expect(await leftFor(env.DB_0, moving)).toEqual(movingBefore);
    expect(listed.unsyncedRevocations).toContain(other);
    expect(listed.unsyncedRevocations).not.toContain(moving);
    expect(listed.filesToVerify).toContain(`users/${other}/avatars/a.png`);
    expect(listed.filesToVerify).not.toContain(`users/${moving}/avatars/a.png`);
    // The ai usage flush: the other user's delta is written, the moving user's is handed back.
    expect(await aiUsage.addUsageDeltas(env.DB_0, [delta(moving), delta(other)])).toEqual([delta(moving)]);
    expect([await calls(env.DB_0, moving), await calls(env.DB_0, other)]).toEqual([3, 4]);

    await shardMove.moveUser(move);
    expect(await leftFor(env.DB_1, moving)).toEqual(movingBefore);
    await maintain(env.DB_1);
    expect(await leftFor(env.DB_1, moving)).toEqual(NOTHING_LEFT);
    expect(await aiUsage.addUsageDeltas(env.DB_1, [delta(moving)])).toEqual([]);
    expect(await calls(env.DB_1, moving)).toBe(4);
    // A 'done' tombstone on the source keeps a late delta from landing there (nothing is left to count it).
    expect(await aiUsage.addUsageDeltas(env.DB_0, [delta(moving)])).toEqual([delta(moving)]);
  });
});

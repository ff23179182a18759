/**
 * Replica reads (src/read-session.ts). The local runtime has no replicas, so the lag is
 * injected: a D1Database whose unconstrained sessions read a stale copy (DB_1) while
 * primary sessions read DB. The gateway's choice of hint is tested in shared-middleware
 * (read-consistency.test.ts) and apps/gateway (read-consistency.test.ts).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearShardCache } from '../src/shards';
import { readSession, userReadDb } from '../src';

const newUser = () => `user-${crypto.randomUUID()}`;

/** Sessions that may start anywhere ('first-unconstrained') land on `replica`; all else on `primary`. */
function laggingReplica(primary: D1Database, replica: D1Database): D1Database & { sessions: string[] } {
  const sessions: string[] = [];
  return Object.assign(Object.create(primary) as D1Database, {
    sessions,
    withSession(constraint?: string) {
      sessions.push(String(constraint));
      return (constraint === 'first-unconstrained' ? replica : primary).withSession(constraint);
    },
  });
}

async function seedJob(db: D1Database, userId: string, title: string) {
  await db.batch([
    db.prepare(`INSERT INTO users (id, created_at, updated_at) VALUES (?1, 'x', 'x')`).bind(userId),
    db
      .prepare(`INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, ?3, 'C', 'x', 'x', 'x')`)
      .bind(`${userId}-job`, userId, title),
  ]);
}
const titleVia = async (session: D1DatabaseSession, userId: string) =>
  (await session.prepare('SELECT title FROM jobs WHERE user_id = ?1').bind(userId).first<{ title: string }>())?.title;

describe('read sessions', () => {
  it("a primary hint reads the user's own write although the replica lags; a replica hint goes to the replica", async () => {
    const userId = newUser();
    await seedJob(env.DB_0, userId, 'Old');
    await seedJob(env.DB_1, userId, 'Old'); // the replica, replicated so far
    const db = laggingReplica(env.DB_0, env.DB_1);
    await env.DB_0.prepare(`UPDATE jobs SET title = 'New' WHERE user_id = ?1`).bind(userId).run(); // the replica lags behind

    // What the gateway forwards within the read-your-writes window (shared-middleware consistencyAfterWrite).
    expect(await titleVia(readSession(db, 'primary'), userId)).toBe('New');
    // Past the window a replica may answer: this one still lags (what the window is sized against).
    expect(await titleVia(readSession(db, 'replica'), userId)).toBe('Old');
    expect(db.sessions).toEqual(['first-primary', 'first-unconstrained']);
  });

  it('no hint: the primary (the safe default)', () => {
    const db = laggingReplica(env.DB_0, env.DB_1);
    readSession(db, null);
    readSession(db, undefined);
    expect(db.sessions).toEqual(['first-primary', 'first-primary']);
  });

  it('works on a real local D1 (no replicas here: both constraints read the primary) and yields a bookmark', async () => {
    const userId = newUser();
    await seedJob(env.DB_0, userId, 'Local');
    for (const hint of ['replica', 'primary'] as const) {
      const session = readSession(env.DB_0, hint);
      expect(await titleVia(session, userId)).toBe('Local');
      expect(typeof session.getBookmark()).toBe('string');
    }
  });

  it("userReadDb: the user's shard, in the session the hint chooses (primary unless exactly replica)", async () => {
    const userId = newUser();
    const first = laggingReplica(env.DB_0, env.DB_0);
    const second = laggingReplica(env.DB_1, env.DB_1);
    // SHARDS_OPEN=1: a new user is assigned to DB_1 (the directory lives in DB_0, read outside any session).
    const sharded = { DB_0: first, DB_1: second, SHARDS_OPEN: '1' };
    await userReadDb(sharded, userId, 'replica');
    await userReadDb(sharded, userId, 'primary');
    await userReadDb(sharded, userId, undefined);
    expect([first.sessions, second.sessions]).toEqual([[], ['first-unconstrained', 'first-primary', 'first-primary']]);
    clearShardCache(userId);
  });
});

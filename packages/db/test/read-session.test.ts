/**
 * Replica reads (src/read-session.ts). The local runtime has no replicas, so the lag is
 * injected: a D1Database whose unconstrained sessions read a stale copy (DB_1) while
 * primary sessions read DB. Checks that a user's reads after their own write go to the
 * primary for the window, and only then to a replica.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { READ_YOUR_WRITES_WINDOW_MS, consistencyAfterWrite, readConsistencyOf, readSession } from '../src';

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
  it("a user's reads see their own write on the primary during the window, and go to a replica only after it", async () => {
    const userId = newUser();
    await seedJob(env.DB_0, userId, 'Old');
    await seedJob(env.DB_1, userId, 'Old'); // the replica, replicated so far
    const db = laggingReplica(env.DB_0, env.DB_1);

    const wroteAt = Date.now();
    await env.DB_0.prepare(`UPDATE jobs SET title = 'New' WHERE user_id = ?1`).bind(userId).run(); // the replica lags behind

    for (const after of [0, 1_000, READ_YOUR_WRITES_WINDOW_MS]) {
      const hint = consistencyAfterWrite(wroteAt, wroteAt + after);
      expect(hint, `${after} ms after the write`).toBe('primary');
      expect(await titleVia(readSession(db, hint), userId)).toBe('New');
    }
    // Past the window a replica may serve the read: this one still lags (what the window is sized against).
    const later = consistencyAfterWrite(wroteAt, wroteAt + READ_YOUR_WRITES_WINDOW_MS + 1);
    expect(later).toBe('replica');
    expect(await titleVia(readSession(db, later), userId)).toBe('Old');
    expect(db.sessions).toEqual(['first-primary', 'first-primary', 'first-primary', 'first-unconstrained']);
  });

  it('no known write, no hint or an unknown hint: the primary (the safe default)', async () => {
    expect(consistencyAfterWrite(null)).toBe('primary');
    for (const raw of [null, undefined, '', 'REPLICA', 'primary', 'anything']) expect(readConsistencyOf(raw), String(raw)).toBe('primary');
    expect(readConsistencyOf('replica')).toBe('replica');
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
});

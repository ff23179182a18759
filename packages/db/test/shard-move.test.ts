/**
 * The shard move tool (src/shard-move/) between two real local D1 databases: DB (shard 0, also
 * the directory) and DB_1 (shard 1). Crashes are injected after every step and inside the
 * copy; each time a rerun must finish with every row on the target exactly once.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { shardMove, shards, userDb, userMoves } from '../src';
import { fillUser } from './user-fixture';

const { moveUser, MOVE_STEPS, classifyTables, missingFenceTriggers, userRowSummaries } = shardMove;
const newUser = () => `user-${crypto.randomUUID()}`;
const TTL = shards.SHARD_CACHE_TTL_MS;

const shard0 = () => ({ db: env.DB_0, shard: 0 });
const shard1 = () => ({ db: env.DB_1, shard: 1 });

/** A move 0 → 1 whose waits are recorded instead of slept. */
function options(userId: string, extra: Partial<shardMove.MoveOptions> = {}): shardMove.MoveOptions & { slept: number[] } {
  const slept: number[] = [];
  return {
    userId,
    source: shard0(),
    target: shard1(),
    directory: env.DB_0,
    cacheTtlMs: TTL,
    sleep: async (ms) => void slept.push(ms),
    slept,
    ...extra,
  };
}

const directoryShard = async (userId: string) =>
  (await env.DB_0.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId).first<{ shard: number }>())?.shard ?? 0;

/** Every row on the target exactly once with the source's checksums; none left on the source. */
async function expectMoved(userId: string, before: shardMove.TableSummary[], from = env.DB_0, to = env.DB_1, toShard = 1) {
  expect(await userRowSummaries(to, userId)).toEqual(before);
  for (const s of await userRowSummaries(from, userId)) expect(s.count, `${s.table} left on the source`).toBe(0);
  expect(await directoryShard(userId)).toBe(toShard);
  expect((await userMoves.getMove(from, userId))?.state).toBe('done');
}

/** A D1Database whose batch() fails on call number `failOn` (a crash inside a step). */
function failingBatch(db: D1Database, failOn: number): D1Database {
  let calls = 0;
  return new Proxy(db, {
    get(target, key) {
      if (key === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          if (++calls === failOn) return Promise.reject(new Error('injected: D1 batch failed'));
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('which tables move', () => {
  it('every table is classified, every user-scoped table is fenced, and the fixture fills them all', async () => {
    const schema = await classifyTables(env.DB_0);
    expect(schema.unclassified).toEqual([]);
    expect(await missingFenceTriggers(env.DB_0, schema.userTables)).toEqual([]);
    // Parents before children: a table's foreign-key parents come earlier in the copy order.
    const order = schema.userTables.map((t) => t.name);
    expect(order[0]).toBe('users');
    for (const t of schema.userTables) {
      const { results } = await env.DB_0.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?1)')
        .bind(t.name)
        .all<{ parent: string }>();
      for (const { parent } of results)
        if (order.includes(parent)) expect(order.indexOf(parent), `${parent} before ${t.name}`).toBeLessThan(order.indexOf(t.name));
    }
    const userId = newUser();
    const filled = await fillUser(env.DB_0, userId);
    expect([...filled].sort()).toEqual([...order].sort());
    for (const s of await userRowSummaries(env.DB_0, userId)) expect(s.count, `${s.table} has no fixture row`).toBeGreaterThan(0);
  });

  it('stops at a new table nobody classified, or a new user-scoped table without its fence triggers', async () => {
    await env.DB_1.exec('CREATE TABLE IF NOT EXISTS move_probe (id TEXT PRIMARY KEY, note TEXT)');
    await expect(classifyTables(env.DB_1)).resolves.toMatchObject({ unclassified: ['move_probe'] });
    await expect(moveUser(options(newUser(), { source: shard1(), target: shard0() }))).rejects.toThrow(/Unclassified tables move_probe/);
    await env.DB_1.exec('DROP TABLE move_probe');

    // Picked up as user-scoped by its user_id column alone, so it cannot be forgotten by the copy …
    const probe = 'CREATE TABLE IF NOT EXISTS move_probe_notes (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id))';
    await env.DB_0.exec(probe);
    await env.DB_1.exec(probe);
    expect((await classifyTables(env.DB_0)).userTables.map((t) => t.name)).toContain('move_probe_notes');
    // … but writes to it would slip past the fence: the tool refuses until the migration adds the triggers.
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    await expect(moveUser(options(userId))).rejects.toThrow(
      /Missing move-fence triggers on the source: user_moves_fence_move_probe_notes_insert/,
    );
    expect(await userMoves.getMove(env.DB_0, userId)).toBeNull();
    await env.DB_0.exec('DROP TABLE move_probe_notes');
    await env.DB_1.exec('DROP TABLE move_probe_notes');
  });
});

describe('the move fence (migration 0013)', () => {
  it("refuses the fenced user's writes with USER_MOVING, keeps reads and other users' writes; purging lets deletes through", async () => {
    const [userId, other] = [newUser(), newUser()];
    await fillUser(env.DB_0, userId);
    await fillUser(env.DB_0, other);
    await userMoves.raiseFence(env.DB_0, userId, 0, 1);
    const insert = (u: string) =>
      env.DB_0.prepare(
        `INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, 'T', 'C', 'x', 'x', 'x')`,
      )
        .bind(crypto.randomUUID(), u)
        .run();
    await expect(insert(userId)).rejects.toThrow(/USER_MOVING/);
    await expect(env.DB_0.prepare(`UPDATE jobs SET title = 'x' WHERE user_id = ?1`).bind(userId).run()).rejects.toThrow(/USER_MOVING/);
    await expect(env.DB_0.prepare(`UPDATE users SET email = 'x' WHERE id = ?1`).bind(userId).run()).rejects.toThrow(/USER_MOVING/);
    await expect(env.DB_0.prepare('DELETE FROM skills WHERE user_id = ?1').bind(userId).run()).rejects.toThrow(/USER_MOVING/);
    expect((await env.DB_0.prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(userId).first())?.n).toBe(2);
    await insert(other);
    // A statement over many users (the cron's kind) that touches a fenced user's row fails as a
    // whole: the other user's row is not archived either (docs/ARCHITECTURE.md, for the merge).
    const archive = env.DB_0.prepare('UPDATE jobs SET archived = 1 WHERE user_id IN (?1, ?2)').bind(userId, other);
    await expect(archive.run()).rejects.toThrow(/USER_MOVING/);
    expect((await env.DB_0.prepare('SELECT sum(archived) AS n FROM jobs WHERE user_id = ?1').bind(other).first())?.n).toBe(0);

    for (const state of ['copied', 'switched', 'purging'] as const) {
      await userMoves.advance(env.DB_0, userId, state === 'copied' ? 'copying' : state === 'switched' ? 'copied' : 'switched', state);
    }
    await env.DB_0.prepare('DELETE FROM skills WHERE user_id = ?1').bind(userId).run();
    await expect(insert(userId)).rejects.toThrow(/USER_MOVING/);
  });
});

describe('moveUser', () => {
  it('moves every row, verified, switches the directory after no write could be lost, waits out the cache, purges the source', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const before = await userRowSummaries(env.DB_0, userId);
    const opts = options(userId);
    const report = await moveUser(opts);
    expect(report.steps).toEqual([...MOVE_STEPS]);
    expect(report.tables).toEqual(before);
    expect(opts.slept).toHaveLength(1);
    expect(opts.slept[0]).toBeGreaterThan(TTL - 5_000);
    await expectMoved(userId, before);
    // Rerunning a finished move does nothing.
    expect((await moveUser(options(userId))).steps).toEqual([]);
  });

  for (const step of MOVE_STEPS) {
    it(`a crash after "${step}" is finished by a rerun: nothing lost, nothing duplicated`, async () => {
      const userId = newUser();
      await fillUser(env.DB_0, userId);
      const before = await userRowSummaries(env.DB_0, userId);
      const crash = options(userId, {
        afterStep: (s) => {
          if (s === step) throw new Error(`injected crash after ${s}`);
        },
      });
      await expect(moveUser(crash)).rejects.toThrow(`injected crash after ${step}`);
      const rerun = options(userId);
      const { steps } = await moveUser(rerun);
      // The rerun does the steps after the crash (a crash after copy copies again: verify needs a fresh copy).
      const resumeAt = step === 'copy' ? 'copy' : MOVE_STEPS[MOVE_STEPS.indexOf(step) + 1];
      expect(steps).toEqual(resumeAt ? MOVE_STEPS.slice(MOVE_STEPS.indexOf(resumeAt)) : []);
      await expectMoved(userId, before);
    });
  }

  it('a crash in the middle of the copy (some batches written) is finished by a rerun', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const before = await userRowSummaries(env.DB_0, userId);
    // Batch 1 reads the schema, 2 wipes the target, 3… copy 3 rows each: fail the second copy batch.
    const crashing = options(userId, { target: { db: failingBatch(env.DB_1, 4), shard: 1 }, batchSize: 3 });
    await expect(moveUser(crashing)).rejects.toThrow('injected: D1 batch failed');
    const partial = (await userRowSummaries(env.DB_1, userId)).reduce((n, s) => n + s.count, 0);
    expect(partial).toBeGreaterThan(0);
    await moveUser(options(userId, { batchSize: 3 }));
    await expectMoved(userId, before);
  });

  it('a copy that lost rows fails verification and keeps the user on the source; a rerun copies again', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const before = await userRowSummaries(env.DB_0, userId);
    // A target that silently drops the last row of its first copy batch (batch 1 reads the schema, 2 wipes).
    let calls = 0;
    const lossy = new Proxy(env.DB_1, {
      get(target, key) {
        if (key === 'batch') return (s: D1PreparedStatement[]) => target.batch(++calls === 3 && s.length > 1 ? s.slice(0, -1) : s);
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(moveUser(options(userId, { target: { db: lossy, shard: 1 } }))).rejects.toThrow(/Verification failed for/);
    expect(await directoryShard(userId)).toBe(0);
    expect((await userMoves.getMove(env.DB_0, userId))?.state).toBe('copying');
    await moveUser(options(userId));
    await expectMoved(userId, before);
  });

  it('waits only what is left of the cache TTL after a crash while waiting', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const stopAfterSwitch = (s: shardMove.MoveStep) => {
      if (s === 'switch') throw new Error('stop');
    };
    await expect(moveUser(options(userId, { afterStep: stopAfterSwitch }))).rejects.toThrow('stop');
    const later = options(userId, { now: () => Date.now() + TTL - 1_000 });
    await moveUser(later);
    expect(later.slept).toHaveLength(1);
    expect(later.slept[0]).toBeLessThanOrEqual(1_000);
  });

  it('moves a user back (the old shard forgets its tombstone and takes writes again)', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const before = await userRowSummaries(env.DB_0, userId);
    await moveUser(options(userId));
    await moveUser(options(userId, { source: shard1(), target: shard0() }));
    await expectMoved(userId, before, env.DB_1, env.DB_0, 0);
    expect(await userMoves.getMove(env.DB_0, userId)).toBeNull();
    await env.DB_0.prepare(`UPDATE users SET email = 'back@example.test' WHERE id = ?1`).bind(userId).run();
  });

  it("sends this isolate's next request to the target at once (the switch drops its cached answer)", async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    const twoShards = { DB_0: env.DB_0, DB_1: env.DB_1 };
    shards.clearShardCache();
    expect(await userDb(twoShards, userId)).toBe(env.DB_0); // a user from before sharding, now cached
    await moveUser(options(userId));
    expect(await userDb(twoShards, userId)).toBe(env.DB_1);
  });

  it('waits at least the accessor cache TTL: twice it by default, a shorter wait is refused before the fence', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    for (const short of [TTL - 1, 0, Number.NaN]) {
      await expect(moveUser(options(userId, { cacheTtlMs: short }))).rejects.toThrow(/must be at least the shard cache TTL/);
    }
    expect(await userMoves.getMove(env.DB_0, userId)).toBeNull();
    const byDefault = options(userId, { cacheTtlMs: undefined });
    await moveUser(byDefault);
    expect(byDefault.slept).toHaveLength(1);
    expect(byDefault.slept[0]).toBeGreaterThan(TTL + 29_000);
    expect(shardMove.DEFAULT_MOVE_WAIT_MS).toBe(2 * TTL);
  });

  it('refuses a user who does not live on the source, and a second move to another shard', async () => {
    const userId = newUser();
    await fillUser(env.DB_0, userId);
    await expect(moveUser(options(userId, { source: shard1(), target: shard0() }))).rejects.toThrow(/lives on shard 0, not on shard 1/);
    await expect(moveUser(options(userId, { afterStep: () => Promise.reject(new Error('stop')) }))).rejects.toThrow('stop');
    await expect(moveUser(options(userId, { target: { db: env.DB_1, shard: 2 } }))).rejects.toThrow(/already being moved to shard 1/);
    await expect(moveUser(options(newUser()))).rejects.toThrow(/No user user-.* on shard 0/);
  });
});

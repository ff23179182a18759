/** The shard accessor (src/shards.ts) over three local D1 databases DB_0 … DB_2. */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { jobs, shards, users } from '../src';

const { userDb, userShard, shardDbs, forEachShard, clearShardCache, openShards, soleShardDb, NOT_USER_SCOPED } = shards;

const newUser = () => `user-${crypto.randomUUID()}`;
const oneShard = () => ({ DB_0: env.DB_0 });
const twoShards = (open?: string) => ({ DB_0: env.DB_0, DB_1: env.DB_1, ...(open ? { SHARDS_OPEN: open } : {}) });
const threeShards = (open?: string) => ({ ...twoShards(open), DB_2: env.DB_2 });
const directoryRow = (userId: string) =>
  env.DB_0.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId).first<{ shard: number }>();
const dbIndex = (db: D1Database) => [env.DB_0, env.DB_1, env.DB_2].indexOf(db);

beforeEach(() => clearShardCache());

describe('one shard (the default)', () => {
  it('answers DB_0 for everyone without touching the directory', async () => {
    const user = newUser();
    expect(await userDb(oneShard(), user)).toBe(env.DB_0);
    expect(await userShard(oneShard(), user)).toBe(0);
    expect(await directoryRow(user)).toBeNull();
    expect(soleShardDb(oneShard())).toBe(env.DB_0);
  });
});

describe('two shards', () => {
  it('keeps a user from before sharding (users row on DB_0, no directory row) on DB_0, and records it', async () => {
    const user = newUser();
    await users.ensureUser(env.DB_0, { userId: user, email: null }); // written while there was one shard
    await jobs.createJob(env.DB_0, { userId: user, email: null }, { title: 'Old job', company: 'Acme' });
    expect(await userDb(twoShards('1'), user)).toBe(env.DB_0); // even when only shard 1 takes new users
    expect(await directoryRow(user)).toEqual({ shard: 0 });
    expect((await jobs.listJobs(await userDb(twoShards(), user), user, { page: 1, limit: 10 })).total).toBe(1);
  });

  it('spreads new users over the open shards and assigns each once', async () => {
    const ids = Array.from({ length: 40 }, newUser);
    const placed = await Promise.all(ids.map((id) => userDb(twoShards(), id).then(dbIndex)));
    expect(new Set(placed)).toEqual(new Set([0, 1]));
    for (const [i, id] of ids.entries()) expect(await directoryRow(id)).toEqual({ shard: placed[i] });
    const onlyOne = await Promise.all(Array.from({ length: 10 }, newUser).map((id) => userDb(twoShards('1'), id).then(dbIndex)));
    expect(new Set(onlyOne)).toEqual(new Set([1]));
  });

  it('isolates users on different shards: rows written through the accessor stay on the owner’s shard', async () => {
    const env2 = twoShards();
    const onFirst = newUser();
    await users.ensureUser(env.DB_0, { userId: onFirst, email: null });
    const onSecond = newUser();
    expect(await userDb(twoShards('1'), onSecond)).toBe(env.DB_1);
    for (const user of [onFirst, onSecond]) {
      const db = await userDb(env2, user);
      await users.ensureUser(db, { userId: user, email: null });
      await jobs.createJob(db, { userId: user, email: null }, { title: `Job of ${user}`, company: 'Acme' });
    }
    const count = (db: D1Database, user: string) =>
      db.prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(user).first<number>('n');
    expect([await count(env.DB_0, onFirst), await count(env.DB_1, onFirst)]).toEqual([1, 0]);
    expect([await count(env.DB_0, onSecond), await count(env.DB_1, onSecond)]).toEqual([0, 1]);
    const seen = await jobs.listJobs(await userDb(env2, onSecond), onSecond, { page: 1, limit: 10 });
    expect(seen.items.map((j) => j.title)).toEqual([`Job of ${onSecond}`]);
  });

  it('agrees on one shard when a new user’s first requests race (INSERT OR IGNORE, then read back)', async () => {
    const user = newUser();
    const answers = await Promise.all([
      userDb(twoShards('0'), user),
      userDb(twoShards('1'), user),
      userDb(twoShards('0'), user),
      userDb(twoShards('1'), user),
    ]);
    expect(new Set(answers).size).toBe(1);
    expect(await env.DB_0.prepare('SELECT count(*) AS n FROM shard_directory WHERE user_id = ?1').bind(user).first('n')).toBe(1);
  });

  it('caches the answer in the isolate until cleared (or SHARD_CACHE_TTL_MS passes)', async () => {
    const user = newUser();
    expect(await userDb(twoShards('1'), user)).toBe(env.DB_1);
    await env.DB_0.prepare('UPDATE shard_directory SET shard = 0 WHERE user_id = ?1').bind(user).run();
    expect(await userDb(twoShards(), user)).toBe(env.DB_1); // cached
    clearShardCache(user);
    expect(await userDb(twoShards(), user)).toBe(env.DB_0);
  });

  it('refuses a directory entry or SHARDS_OPEN naming a shard that is not bound', async () => {
    const user = newUser();
    await env.DB_0.prepare("INSERT INTO shard_directory (user_id, shard, assigned_at) VALUES (?1, 2, '2026-01-01T00:00:00Z')")
      .bind(user)
      .run();
    await expect(userDb(twoShards(), user)).rejects.toThrow(/shard 2, which is not bound/);
    expect(() => openShards(twoShards('0,5'))).toThrow(/SHARDS_OPEN="0,5"/);
    expect(() => soleShardDb(twoShards())).toThrow(/2 shards are bound/);
  });
});

describe('adding a shard', () => {
  it('moves no one: every user keeps the shard they had before DB_2 was bound', async () => {
    const legacy = newUser();
    await users.ensureUser(env.DB_0, { userId: legacy, email: null });
    const ids = [legacy, ...Array.from({ length: 20 }, newUser)];
    const before = await Promise.all(ids.map((id) => userDb(twoShards(), id).then(dbIndex)));
    clearShardCache();
    const after = await Promise.all(ids.map((id) => userDb(threeShards(), id).then(dbIndex)));
    expect(after).toEqual(before);
    expect(before[0]).toBe(0);
    // The new shard takes new users.
    const fresh = await Promise.all(Array.from({ length: 30 }, newUser).map((id) => userDb(threeShards(), id).then(dbIndex)));
    expect(fresh).toContain(2);
  });
});

describe('forEachShard', () => {
  it('runs every shard in order; a failing shard is reported and the next still runs', async () => {
    const seen: number[] = [];
    const outcomes = await forEachShard(threeShards(), async (db, shard) => {
      seen.push(shard);
      if (shard === 1) throw new Error('shard 1 is down');
      return (await db.prepare('SELECT count(*) AS n FROM d1_migrations').first<number>('n')) ?? 0;
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ shard: 1, error: expect.stringContaining('shard 1 is down') });
  });

  it('every shard has the same migrated schema (0012 included)', async () => {
    const schema = (db: D1Database) =>
      db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE '_cf_%' ORDER BY name")
        .all<{ name: string }>()
        .then((r) => r.results.map((x) => x.name));
    const [first, ...rest] = await Promise.all(shardDbs(threeShards()).map(({ db }) => schema(db)));
    expect(first).toContain('shard_directory');
    for (const other of rest) expect(other).toEqual(first);
  });
});

describe('what is not user-scoped', () => {
  it('every table has a user_id column except the ones listed in NOT_USER_SCOPED', async () => {
    const tables = await env.DB_0.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'jobs_fts_%'",
    ).all<{ name: string }>();
    const unscoped: string[] = [];
    for (const { name } of tables.results) {
      const columns = await env.DB_0.prepare(`SELECT name FROM pragma_table_info(?1)`).bind(name).all<{ name: string }>();
      if (!columns.results.some((c) => c.name === 'user_id')) unscoped.push(name);
    }
    expect(unscoped.length).toBeGreaterThan(0);
    for (const name of unscoped) expect(Object.keys(NOT_USER_SCOPED), `${name} has no user_id and is not listed`).toContain(name);
    const names = tables.results.map((t) => t.name);
    for (const listed of Object.keys(NOT_USER_SCOPED)) expect(names).toContain(listed);
  });
});

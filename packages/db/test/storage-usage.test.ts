/**
 * The storage quota counters and caps of migration 0017 (src/user-storage.ts) against a real
 * local D1: exact after every kind of write, the cap refused in the same statement (so parallel
 * writes cannot overshoot), shrinking always allowed, the backfill, and a shard move.
 */
import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { gapAnalyses, jobs, shardMove, STORAGE_QUOTAS, STORAGE_TABLES, userStorage } from '../src';

const newUser = () => `user-${crypto.randomUUID()}`;
const T = '2026-01-02T03:04:05.678Z';
const db = () => env.DB_0;

async function provision(userId: string, on = db()): Promise<void> {
  await on.prepare('INSERT INTO users (id, created_at, updated_at) VALUES (?1, ?2, ?2)').bind(userId, T).run();
}

const insertJob = (userId: string, title = 'SRE', on = db()) =>
  on
    .prepare("INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, ?3, 'Acme', ?4, ?4, ?4)")
    .bind(crypto.randomUUID(), userId, title, T);

const insertSearch = (userId: string, on = db()) =>
  on
    .prepare('INSERT INTO job_searches (id, user_id, keywords, created_at) VALUES (?1, ?2, \'["go"]\', ?3)')
    .bind(crypto.randomUUID(), userId, T);

/** Runs `body` with the resource's caps lowered to `cap` on DB_0 (restored after). */
const withCap = <R>(resource: keyof typeof STORAGE_QUOTAS, cap: { rows: number; bytes: number }, body: () => Promise<R>) =>
  userStorage.withCaps(db(), resource, cap, body);

const expectExact = async (userId: string, on = db()) =>
  expect(await userStorage.usageOf(on, userId).then(nonZero)).toEqual(await userStorage.recount(on, userId));
const nonZero = (u: Record<string, { rows: number; bytes: number }>) =>
  Object.fromEntries(Object.entries(u).filter(([, v]) => v.rows || v.bytes));

describe('storage counters', () => {
  it('the enforced caps are STORAGE_QUOTAS, and every capped table has its counter triggers', async () => {
    expect(await userStorage.enforcedCaps(db())).toEqual(
      Object.fromEntries(Object.entries(STORAGE_QUOTAS).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    );
    const { results } = await db().prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'user_storage_%'").all();
    const names = new Set(results.map((r) => String(r.name)));
    for (const s of STORAGE_TABLES)
      for (const op of ['insert', 'delete', 'update', 'owner']) expect(names).toContain(`user_storage_${s.table}_${op}`);
    // The live trigger SQL is the generated SQL (sqlite_master drops IF NOT EXISTS).
    const generated = [...userStorage.storageSchemaSql().matchAll(/CREATE TRIGGER IF NOT EXISTS (\w+)[\s\S]*?\nEND;/g)];
    expect(generated.length).toBe(STORAGE_TABLES.length * 4 + 2);
    for (const [statement, name] of generated) {
      const live = await db().prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1").bind(name).first('sql');
      expect(live, name).toBe(statement.replace('IF NOT EXISTS ', '').slice(0, -1));
    }
  });

  it('stay exact after inserts, updates, deletes, batches, a cascade and an owner change (compared with a recount)', async () => {
    const user = newUser();
    const other = newUser();
    await provision(user);
    await provision(other);
    const id = await jobs.createJob(
      db(),
      { userId: user, email: null },
      { title: 'Zoë 東京', company: 'Acme', description: 'x'.repeat(1000) },
    );
    await db().batch([insertJob(user), insertJob(user, 'Dev'), insertSearch(user)]);
    await expectExact(user);
    expect((await userStorage.usageOf(db(), user)).jobs?.rows).toBe(3);
    await jobs.updateJob(db(), user, id, { description: 'short' });
    await expectExact(user);
    await jobs.updateJob(db(), user, id, { isSaved: true }); // no byte change: no counter write
    await jobs.deleteJob(db(), user, id);
    await expectExact(user);
    const analysis = await gapAnalyses.createGapAnalysis(
      db(),
      { userId: user, email: null },
      {
        gap_count: 1,
        red_flag_count: 0,
        urgency: 'LOW',
        overall_assessment: 'ok',
        identified_gaps_and_flags: [{ gap: 'k8s' }],
        next_steps: null,
        questions: [
          { question_id: 1, question: 'Why?', priority: 'HIGH', gap_addressed: null, context: null, expected_outcome: null, answer: 'Ja' },
        ],
      },
    );
    await expectExact(user);
    // The answers go with their analysis (ON DELETE CASCADE): their triggers fire too.
    await gapAnalyses.deleteGapAnalysis(db(), user, analysis.id);
    await expectExact(user);
    expect((await userStorage.usageOf(db(), user)).gapAnalyses).toEqual({ rows: 0, bytes: 0 });
    await db().prepare('UPDATE job_searches SET user_id = ?2 WHERE user_id = ?1').bind(user, other).run();
    await expectExact(user);
    await expectExact(other);
    // Deleting the user cascades their counters away (the child rows' triggers do not resurrect them).
    await db().prepare('DELETE FROM users WHERE id = ?1').bind(user).run();
    expect(await userStorage.usageOf(db(), user)).toEqual({});
  });
});

describe('storage caps', () => {
  it('refuse the statement (and its batch) that passes a cap: nothing written; another user is unaffected', async () => {
    const user = newUser();
    const other = newUser();
    await provision(user);
    await provision(other);
    await withCap('jobSearches', { rows: 2, bytes: 1_000 }, async () => {
      await db().batch([insertSearch(user), insertSearch(user)]);
      const refused = db().batch([insertJob(user), insertSearch(user)]);
      await expect(refused).rejects.toThrow(
        /STORAGE_QUOTA_EXCEEDED:\{"resource":"jobSearches","limit":\{"rows":2,"bytes":1000\},"used":\{"rows":2,/,
      );
      const n = await db().prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(user).first('n');
      expect(n).toBe(0); // the job in the same batch was rolled back with it
      await insertSearch(other).run();
      // Bytes: one row whose text alone passes the cap.
      await db().prepare('DELETE FROM job_searches WHERE user_id = ?1').bind(user).run();
      const big = db()
        .prepare('INSERT INTO job_searches (id, user_id, keywords, created_at) VALUES (?1, ?2, ?3, ?4)')
        .bind(crypto.randomUUID(), user, JSON.stringify(['k'.repeat(2_000)]), T);
      await expect(big.run()).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED:\{"resource":"jobSearches"/);
      await expectExact(user);
    });
  });

  it('N parallel writes at the cap edge never pass it', async () => {
    const user = newUser();
    await provision(user);
    await withCap('jobs', { rows: 10, bytes: 1_000_000 }, async () => {
      await db().batch(Array.from({ length: 7 }, () => insertJob(user)));
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => insertJob(user, `Job ${i}`).run()));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(
        results
          .filter((r) => r.status === 'rejected')
          .every((r) => /STORAGE_QUOTA_EXCEEDED/.test(String((r as PromiseRejectedResult).reason))),
      ).toBe(true);
      expect(await db().prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(user).first('n')).toBe(10);
      await expectExact(user);
    });
  });

  it('over a lowered cap, a user can still delete and shrink, but not grow', async () => {
    const user = newUser();
    await provision(user);
    const id = await jobs.createJob(db(), { userId: user, email: null }, { title: 'SRE', company: 'Acme', description: 'd'.repeat(500) });
    await db().batch([insertJob(user), insertJob(user)]);
    // 3 jobs, 34 bytes once shrunk: over both caps.
    await withCap('jobs', { rows: 1, bytes: 30 }, async () => {
      await jobs.updateJob(db(), user, id, { description: 'd' });
      expect((await userStorage.usageOf(db(), user)).jobs).toEqual({ rows: 3, bytes: 34 });
      await expect(jobs.updateJob(db(), user, id, { description: 'dd' })).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED/);
      await expect(insertJob(user).run()).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED/);
      expect(await jobs.deleteJob(db(), user, id)).toBe(true);
      await expectExact(user);
    });
  });

  it('an exempted user is not capped on that shard (the move tool copies over-cap users)', async () => {
    const user = newUser();
    await provision(user);
    await withCap('jobs', { rows: 0, bytes: 0 }, async () => {
      await expect(insertJob(user).run()).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED/);
      await userStorage.exemptStatement(db(), user, 'test').run();
      await insertJob(user).run();
      await userStorage.unexemptStatement(db(), user).run();
      await expect(insertJob(user).run()).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED/);
    });
  });

  it('a shard move of a user over a lowered cap copies everything; the target counts the rows once', async () => {
    const user = newUser();
    await provision(user);
    await db().batch([insertJob(user), insertJob(user), insertJob(user), insertSearch(user)]);
    await userStorage.withCaps(env.DB_1, 'jobs', { rows: 1 }, async () => {
      const before = await userStorage.usageOf(db(), user);
      await shardMove.moveUser({
        userId: user,
        source: { db: db(), shard: 0 },
        target: { db: env.DB_1, shard: 1 },
        directory: db(),
        sleep: async () => {},
      });
      expect(await userStorage.usageOf(env.DB_1, user)).toEqual(before);
      await expectExact(user, env.DB_1);
      expect(await userStorage.usageOf(db(), user)).toEqual({});
      // The exemption was only for the copy: the lowered cap holds on the target now.
      await expect(insertJob(user, 'more', env.DB_1).run()).rejects.toThrow(/STORAGE_QUOTA_EXCEEDED/);
    });
  });
  it('a copy that crashes half-way leaves the exemption for the rerun, which finishes exact and drops it', async () => {
    const user = newUser();
    await provision(user);
    await db().batch(Array.from({ length: 6 }, (_, i) => insertJob(user, `Job ${i}`)));
    const before = await userStorage.usageOf(db(), user);
    let batches = 0;
    // The target's second copy batch fails (batchSize 2: users row + a job, then jobs).
    const crashing = new Proxy(env.DB_2, {
      get(target, key) {
        if (key === 'batch')
          return (s: D1PreparedStatement[]) => (++batches === 3 ? Promise.reject(new Error('injected')) : target.batch(s));
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const move = (target: D1Database) =>
      shardMove.moveUser({
        userId: user,
        source: { db: db(), shard: 0 },
        target: { db: target, shard: 2 },
        directory: db(),
        batchSize: 2,
        sleep: async () => {},
      });
    await expect(move(crashing)).rejects.toThrow('injected');
    const exempt = () => env.DB_2.prepare('SELECT count(*) AS n FROM storage_quota_exemptions WHERE user_id = ?1').bind(user).first('n');
    expect(await exempt()).toBe(1);
    await move(env.DB_2);
    expect(await exempt()).toBe(0);
    expect(await userStorage.usageOf(env.DB_2, user)).toEqual(before);
    await expectExact(user, env.DB_2);
  });
});

describe('migration 0017', () => {
  it('backfills the counters from the rows already there, and re-running it changes nothing', async () => {
    const m = env.MIGRATION_DB;
    const fresh = !(await m.prepare("SELECT 1 FROM sqlite_master WHERE name = 'user_storage'").first());
    expect(fresh, 'MIGRATION_DB is migrated step by step by this test').toBe(true);
    await applyD1Migrations(
      m,
      env.TEST_MIGRATIONS.filter((x) => x.name < '0017'),
    );
    const user = newUser();
    await provision(user, m);
    await jobs.createJob(m, { userId: user, email: null }, { title: 'Ingénieur', company: 'Acme', description: '🚀'.repeat(10) });
    await m.batch([insertJob(user, 'Dev', m), insertSearch(user, m)]);
    await m
      .prepare(
        "INSERT INTO files (id, user_id, bucket, key, content_type, size, created_at, updated_at) VALUES (?1, ?2, 'resumes', ?3, 'application/pdf', 12345, ?4, ?4)",
      )
      .bind(crypto.randomUUID(), user, `users/${user}/resumes/a.pdf`, T)
      .run();
    await applyD1Migrations(m, env.TEST_MIGRATIONS);
    const counted = await userStorage.usageOf(m, user);
    expect(counted.jobs?.rows).toBe(2);
    expect(counted.files).toEqual({ rows: 1, bytes: 12345 });
    expect(counted).toEqual(await userStorage.recount(m, user));
    // Raw re-run (a half-applied migration is re-run by hand): the same numbers.
    const migration = env.TEST_MIGRATIONS.find((x) => x.name.startsWith('0017'))!;
    for (const query of migration.queries) await m.prepare(query).run();
    expect(await userStorage.usageOf(m, user)).toEqual(counted);
  });
});

/**
 * Job search (migration 0014) at scale: the cost of one user's search and of one job delete
 * must not grow with other users' jobs. Proved by D1's own rows_read, not by timing.
 */
import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { jobEmbeddings, jobs } from '../src';

const newUser = () => `user-${crypto.randomUUID()}`;

/** env.DB_0, recording the rows_read D1 reports for every statement and batch run through it. */
function meteredDb(): { db: D1Database; rowsRead: () => number } {
  let rowsRead = 0;
  const record = (results: D1Result[]) => {
    for (const r of results) rowsRead += r.meta.rows_read ?? 0;
  };
  const db = new Proxy(env.DB_0, {
    get(target, key) {
      if (key === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          record(results);
          return results;
        };
      }
      if (key === 'prepare') {
        return (sql: string) => {
          const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(statement, {
              get(s, k) {
                if (k === 'bind') return (...args: unknown[]) => wrap(s.bind(...args));
                if (k === 'all' || k === 'run') {
                  return async () => {
                    const result = await (s[k] as () => Promise<D1Result>).call(s);
                    record([result]);
                    return result;
                  };
                }
                const value = Reflect.get(s, k, s);
                return typeof value === 'function' ? value.bind(s) : value;
              },
            });
          return wrap(target.prepare(sql));
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, rowsRead: () => rowsRead };
}

/** `count` jobs for `userId`, every one mentioning the searched words, in one batch. */
async function seedJobs(userId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      await jobs.createJob(
        env.DB_0,
        { userId, email: null },
        { title: `Zymurgy engineer ${i}`, company: 'Brewco', description: 'Zymurgy, brewing and distributed systems' },
      ),
    );
  }
  return ids;
}

async function seedOtherUsers(users: number, jobsEach: number): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (let u = 0; u < users; u++) {
    const userId = newUser();
    const now = new Date().toISOString();
    statements.push(env.DB_0.prepare('INSERT INTO users (id, created_at, updated_at) VALUES (?1, ?2, ?2)').bind(userId, now));
    for (let j = 0; j < jobsEach; j++) {
      statements.push(
        env.DB_0.prepare(
          `INSERT INTO jobs (id, user_id, title, company, description, added_at, created_at, updated_at)
           VALUES (?1, ?2, ?3, 'Brewco', 'Zymurgy, brewing and distributed systems', ?4, ?4, ?4)`,
        ).bind(crypto.randomUUID(), userId, `Zymurgy engineer ${j}`, now),
      );
    }
  }
  for (let i = 0; i < statements.length; i += 500) await env.DB_0.batch(statements.slice(i, i + 500));
}

const search = { search: 'zymurgy engin', page: 1, limit: 20 };

describe('job search scales per user (jobs_fts, migration 0014)', () => {
  it("reads as many rows for one user's search and one job delete with 3,000 other users' matching jobs as without them", async () => {
    const user = newUser();
    const ids = await seedJobs(user, 30);

    const before = meteredDb();
    const first = await jobs.listJobs(before.db, user, search);
    await jobEmbeddings.keywordRanks(before.db, user, ['zymurgy'], 50);
    await jobs.deleteJob(before.db, user, ids[0]!);
    expect(first.total).toBe(30);

    await seedOtherUsers(60, 50);

    const after = meteredDb();
    const second = await jobs.listJobs(after.db, user, search);
    const ranks = await jobEmbeddings.keywordRanks(after.db, user, ['zymurgy'], 50);
    await jobs.deleteJob(after.db, user, ids[1]!);
    expect(second.total).toBe(29);
    expect(second.items.every((j) => ids.includes(j.id))).toBe(true);
    expect(ranks.map((r) => r.jobId).sort()).toEqual(ids.slice(1).sort());

    // Unscoped, the 3,000 other matching jobs would be read at least once each.
    expect(after.rowsRead(), `rows read without others: ${before.rowsRead()}, with them: ${after.rowsRead()}`).toBeLessThan(
      before.rowsRead() + 300,
    );
  });
});

describe('migration 0014', () => {
  it('moves the jobs indexed by 0001 into the new index: found by search, gone once deleted', async () => {
    const db = env.MIGRATION_DB;
    const zymurgy = { search: 'zymurgy', page: 1, limit: 20 };
    const before = env.TEST_MIGRATIONS.filter((m) => m.name < '0014');
    await applyD1Migrations(db, before);
    const user = newUser();
    const other = newUser();
    const ids: Record<string, string> = {};
    for (const [owner, title] of [
      [user, 'Zymurgy lead'],
      [user, 'Baker'],
      [other, 'Zymurgy intern'],
    ] as const) {
      ids[title] = await jobs.createJob(db, { userId: owner, email: null }, { title, company: 'Brewco' });
    }
    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    expect((await jobs.listJobs(db, user, zymurgy)).items.map((j) => j.id)).toEqual([ids['Zymurgy lead']]);
    expect((await jobs.listJobs(db, other, zymurgy)).items.map((j) => j.id)).toEqual([ids['Zymurgy intern']]);
    await jobs.deleteJob(db, user, ids['Zymurgy lead']!);
    expect((await jobs.listJobs(db, user, zymurgy)).total).toBe(0);
    await expect(db.prepare("INSERT INTO jobs_fts (jobs_fts, rank) VALUES ('integrity-check', 1)").run()).resolves.toBeTruthy();
  });
});

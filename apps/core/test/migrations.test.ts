import { soleShardDb } from '@jobmatch/db';
import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

/** Every schema object the migrations own (not SQLite's, D1's or the migration ledger). */
async function schemaOf(db: D1Database): Promise<SchemaObject[]> {
  const { results } = await db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_migrations%'
       ORDER BY type, name`,
    )
    .all<SchemaObject>();
  return results;
}

const tables = async (db: D1Database) =>
  (await schemaOf(db)).filter((o) => o.type === 'table' && !/VIRTUAL TABLE/i.test(o.sql ?? '') && !o.name.startsWith('jobs_fts_'));

const applied = async (db: D1Database) =>
  (await db.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{ name: string }>()).results.map((r) => r.name);

/**
 * Tables keyed by a user id that must not cascade from users: the move fence's tombstone
 * outlives the user's rows on the shard they left (packages/db/src/user-moves.ts).
 */
// shard_directory and session_owners (0012, DB_0 only) name users whose rows live on other shards;
// user_moves (0013) fences a
// user being moved: no foreign key to users by design.
// storage_quota_exemptions (0017) is written by the move tool on the target before the user's row.
const USER_ID_WITHOUT_FK = ['shard_directory', 'session_owners', 'user_moves', 'storage_quota_exemptions'];

/** Keyed otherwise on purpose (0017): the per-user counters by user and resource (upserted by triggers), the caps by resource. */
const OTHER_KEYS: Record<string, string[]> = { user_storage: ['user_id', 'resource'], storage_quotas: ['resource'] };

/** Migrations that rebuild a table (their files start with "-- rebuild:"); not re-runnable raw. */
const TABLE_REBUILDS = ['0010_tracker_frontend_shape.sql'];

describe('D1 migrations', () => {
  it('apply cleanly to an empty database; re-applying (recorded or raw) is a no-op', async () => {
    const db = env.EMPTY_DB;
    expect(await schemaOf(db)).toEqual([]);

    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    expect(await applied(db)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    const schema = await schemaOf(db);
    const names = schema.map((o) => o.name);
    for (const table of ['users', 'jobs', 'jobs_fts', 'sessions', 'files', 'usage_limits', 'email_history', 'job_compatibility_analyses']) {
      expect(names, table).toContain(table);
    }
    // The same schema the other tests run against.
    expect(schema).toEqual(await schemaOf(soleShardDb(env)));

    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    expect(await applied(db)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    expect(await schemaOf(db)).toEqual(schema);

    // Every statement is itself idempotent (IF NOT EXISTS), so a half-applied migration re-runs safely —
    // except a table rebuild (SQLite cannot alter a CHECK), which D1 applies as one transaction.
    for (const migration of env.TEST_MIGRATIONS.filter((m) => !TABLE_REBUILDS.includes(m.name))) {
      for (const query of migration.queries) await db.prepare(query).run();
    }
    expect(await schemaOf(db)).toEqual(schema);
  });

  it('every table is keyed by one text column and every user_id cascades from users', async () => {
    const db = soleShardDb(env);
    for (const { name } of await tables(db)) {
      // The shard directory's tables (0012) key users and session ids across shards, in DB_0 only.
      if (name === 'shard_directory' || name === 'session_owners') continue;
      const columns = (
        await db.prepare(`SELECT name, type, pk FROM pragma_table_info(?1)`).bind(name).all<{ name: string; type: string; pk: number }>()
      ).results;
      const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      if (name in OTHER_KEYS) {
        expect(
          pk.map((c) => c.name),
          name,
        ).toEqual(OTHER_KEYS[name]);
      } else {
        // A text UUID `id`, or `user_id` itself for one-row-per-user tables (e.g. job preferences).
        expect(
          pk.map((c) => c.type),
          name,
        ).toEqual(['TEXT']);
        expect(['id', 'user_id'], name).toContain(pk[0]!.name);
      }
      if (!columns.some((c) => c.name === 'user_id') || name === 'users' || USER_ID_WITHOUT_FK.includes(name)) continue;
      const fks = (await db.prepare(`SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?1)`).bind(name).all()).results;
      expect(fks, name).toContainEqual({ from: 'user_id', table: 'users', to: 'id', on_delete: 'CASCADE' });
    }
  });

  it('deleting a user removes their files, usage, emails and analyses (foreign keys enforced)', async () => {
    const db = soleShardDb(env);
    const user = `user-${crypto.randomUUID()}`;
    const job = crypto.randomUUID();
    const now = new Date().toISOString();
    await db.batch([
      db.prepare('INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)').bind(user, 'x@example.test', now),
      db
        .prepare("INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, 'T', 'C', ?3, ?3, ?3)")
        .bind(job, user, now),
      db
        .prepare(
          "INSERT INTO files (id, user_id, bucket, key, content_type, size, created_at, updated_at) VALUES (?1, ?2, 'resumes', ?3, 'application/pdf', 1, ?4, ?4)",
        )
        .bind(crypto.randomUUID(), user, `users/${user}/resumes/a.pdf`, now),
      db
        .prepare(
          "INSERT INTO usage_limits (id, user_id, kind, period_start, period_end, limit_value, created_at, updated_at) VALUES (?1, ?2, 'emails', ?3, ?3, 10, ?3, ?3)",
        )
        .bind(crypto.randomUUID(), user, now),
      db
        .prepare(
          "INSERT INTO email_history (id, user_id, recipient_email, subject, provider, created_at, updated_at) VALUES (?1, ?2, 'r@example.test', 'S', 'sendgrid', ?3, ?3)",
        )
        .bind(crypto.randomUUID(), user, now),
      db
        .prepare(
          "INSERT INTO job_compatibility_analyses (id, user_id, job_id, profile_version, analysis, created_at, updated_at) VALUES (?1, ?2, ?3, 1, '{}', ?4, ?4)",
        )
        .bind(crypto.randomUUID(), user, job, now),
    ]);
    // One analysis per user, job and profile version.
    await expect(
      db
        .prepare(
          "INSERT INTO job_compatibility_analyses (id, user_id, job_id, profile_version, analysis, created_at, updated_at) VALUES (?1, ?2, ?3, 1, '{}', ?4, ?4)",
        )
        .bind(crypto.randomUUID(), user, job, now)
        .run(),
    ).rejects.toThrow(/UNIQUE/);
    // A row for a user that does not exist is refused.
    await expect(
      db
        .prepare(
          "INSERT INTO email_history (id, user_id, recipient_email, subject, provider, created_at, updated_at) VALUES (?1, 'nobody', 'r', 'S', 'p', ?2, ?2)",
        )
        .bind(crypto.randomUUID(), now)
        .run(),
    ).rejects.toThrow(/FOREIGN KEY/);

    await db.prepare('DELETE FROM users WHERE id = ?1').bind(user).run();
    for (const table of ['jobs', 'files', 'usage_limits', 'email_history', 'job_compatibility_analyses']) {
      expect(await db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?1`).bind(user).first('n'), table).toBe(0);
    }
  });
});

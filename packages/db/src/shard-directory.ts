/**
 * Every statement on `shard_directory` (migration 0012: user → shard, read and written only in
 * DB_0). The accessor (shards.ts) and the move tool (shard-move/) both call these; nothing else
 * writes SQL for the table (tests/structure/test/table-sql.test.ts).
 */
import { nowIso } from './sql';

/** The user's directory row, and whether a `users` row exists on DB_0 (a user from before sharding). */
export async function findShard(directory: D1Database, userId: string): Promise<{ shard: number | null; onFirst: boolean }> {
  const found = await directory
    .prepare(
      `SELECT (SELECT shard FROM shard_directory WHERE user_id = ?1) AS shard,
              EXISTS (SELECT 1 FROM users WHERE id = ?1) AS on_first`,
    )
    .bind(userId)
    .first<{ shard: number | null; on_first: number }>();
  return { shard: found?.shard ?? null, onFirst: Boolean(found?.on_first) };
}

/** Writes `shard` unless the user already has a row, and answers the row that won (racing first requests agree). */
export async function claimShard(directory: D1Database, userId: string, shard: number): Promise<number> {
  const [, readBack] = await directory.batch<{ shard: number }>([
    directory
      .prepare('INSERT OR IGNORE INTO shard_directory (user_id, shard, assigned_at) VALUES (?1, ?2, ?3)')
      .bind(userId, shard, nowIso()),
    directory.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId),
  ]);
  return Number(readBack!.results[0]!.shard);
}

/**
 * Where an existing user lives for the move tool: their row, or DB_0 without one (a user from
 * before sharding; the move checks the user's `users` row on the source itself).
 */
export async function homeShard(directory: D1Database, userId: string): Promise<number> {
  const row = await directory.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId).first<{ shard: number }>();
  return row ? Number(row.shard) : 0;
}

/** Points the user at `shard` (the move's switch); a row already naming it is left untouched. */
export async function assignShard(directory: D1Database, userId: string, shard: number): Promise<void> {
  await directory
    .prepare(
      `INSERT INTO shard_directory (user_id, shard, assigned_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (user_id) DO UPDATE SET shard = excluded.shard, assigned_at = excluded.assigned_at
       WHERE shard_directory.shard <> excluded.shard`,
    )
    .bind(userId, shard, nowIso())
    .run();
}

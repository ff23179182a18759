/**
 * The two directory statements the move needs (`shard_directory`, migration 0012, in DB_0:
 * a user without a row lives on shard 0). Written here against the agreed schema while the
 * shard accessor (packages/db/src/shards.ts) is built in parallel; at merge these should
 * become calls into its directory functions.
 */
import { nowIso } from '../sql';

export async function shardOf(directory: D1Database, userId: string): Promise<number> {
  const row = await directory.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId).first<{ shard: number }>();
  return row ? Number(row.shard) : 0;
}

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

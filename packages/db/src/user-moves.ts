/**
 * The move fence (D1 `user_moves`, migration 0013), kept in the shard a user is moved *off*.
 * While a row exists, that shard's triggers refuse the user's writes with `USER_MOVING`
 * (INSERT always; UPDATE/DELETE unless the state is 'purging'). The row also records how far
 * the move got, so the move tool (shard-move/) resumes where a crash stopped it:
 *
 *   copying → copied → switched → purging → done
 *
 * A 'done' row stays as a tombstone: the user has no rows left here, and a late INSERT routed
 * by a stale cache is still refused instead of leaving an orphan.
 */
import { nowIso, str, type Row } from './sql';

/**
 * For cross-user maintenance statements: leaves out every user with a `user_moves` row on this
 * shard. The fence aborts a statement as a whole when it touches one fenced user's rows, so
 * without this one user being moved would stop the maintenance of everyone on the shard; the
 * left-out rows are handled on the target shard after the move (a 'done' tombstone has no rows left).
 */
export const notMoving = (userIdColumn = 'user_id') => `${userIdColumn} NOT IN (SELECT user_id FROM user_moves)`;
export const NOT_MOVING = notMoving();

/** Which of `userIds` have a `user_moves` row here (one bound parameter, any number of ids). */
export function movingUsersStatement(db: D1Database, userIds: string[]): D1PreparedStatement {
  return db.prepare('SELECT user_id FROM user_moves WHERE user_id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(userIds));
}

export const MOVE_STATES = ['copying', 'copied', 'switched', 'purging', 'done'] as const;
export type MoveState = (typeof MOVE_STATES)[number];

export interface UserMove {
  userId: string;
  state: MoveState;
  sourceShard: number;
  targetShard: number;
  startedAt: string;
  switchedAt: string | null;
}

const toMove = (row: Row): UserMove => ({
  userId: String(row.user_id),
  state: row.state as MoveState,
  sourceShard: Number(row.source_shard),
  targetShard: Number(row.target_shard),
  startedAt: String(row.started_at),
  switchedAt: str(row.switched_at),
});

export async function getMove(db: D1Database, userId: string): Promise<UserMove | null> {
  const row = await db
    .prepare('SELECT user_id, state, source_shard, target_shard, started_at, switched_at FROM user_moves WHERE user_id = ?1')
    .bind(userId)
    .first<Row>();
  return row ? toMove(row) : null;
}

/**
 * Raises the fence (state 'copying'). Idempotent: an existing move is left as it is, except a
 * 'done' tombstone of an earlier move, which a new move off this shard replaces.
 */
export async function raiseFence(db: D1Database, userId: string, sourceShard: number, targetShard: number): Promise<UserMove> {
  const now = nowIso();
  await db
    .prepare(
      `INSERT INTO user_moves (user_id, state, source_shard, target_shard, started_at, switched_at, updated_at)
       VALUES (?1, 'copying', ?2, ?3, ?4, NULL, ?4)
       ON CONFLICT (user_id) DO UPDATE SET state = 'copying', source_shard = ?2, target_shard = ?3, started_at = ?4,
         switched_at = NULL, updated_at = ?4
       WHERE user_moves.state = 'done'`,
    )
    .bind(userId, sourceShard, targetShard, now)
    .run();
  return (await getMove(db, userId))!;
}

/** Moves the state forward from `from` to `to` (a no-op when it is not at `from`). */
export async function advance(db: D1Database, userId: string, from: MoveState, to: MoveState): Promise<void> {
  const now = nowIso();
  const switchedAt = to === 'switched' ? now : null;
  await db
    .prepare(
      `UPDATE user_moves SET state = ?3, switched_at = coalesce(?4, switched_at), updated_at = ?5
       WHERE user_id = ?1 AND state = ?2`,
    )
    .bind(userId, from, to, switchedAt, now)
    .run();
}

/**
 * Forgets a 'done' tombstone on the shard a user is moved *onto* (left by an earlier move off
 * it); it would refuse the copy's inserts. A move still in progress there is not touched.
 */
export async function clearTombstone(db: D1Database, userId: string): Promise<void> {
  await db.prepare(`DELETE FROM user_moves WHERE user_id = ?1 AND state = 'done'`).bind(userId).run();
}

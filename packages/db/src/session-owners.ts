/**
 * Which user owns a session id, across every shard (table session_owners, in DB_0 only: pass
 * `directoryDb(env)`). Session ids are global names (KV `session:{id}`, the gateway's revocation
 * check), so two users on two shards must never register the same one.
 */
import { nowIso } from './sql';

export type SessionIdKind = 'token' | 'name';

export interface SessionIdClaim {
  id: string;
  /** `token`: the access token's session_id claim; `name`: the frontend's own id for one. */
  kind: SessionIdKind;
}

/**
 * Claims the ids for `userId` (first claim wins, INSERT OR IGNORE) and returns those another
 * user already owns, with the kind they were claimed as (empty: every id is the user's). Idempotent.
 */
export async function claimSessionIds(directory: D1Database, userId: string, claims: readonly SessionIdClaim[]): Promise<SessionIdClaim[]> {
  const now = nowIso();
  const inserts = claims.map(({ id, kind }) =>
    directory
      .prepare('INSERT OR IGNORE INTO session_owners (session_id, user_id, kind, claimed_at) VALUES (?1, ?2, ?3, ?4)')
      .bind(id, userId, kind, now),
  );
  const placeholders = claims.map((_, i) => `?${i + 2}`).join(', ');
  const foreign = directory
    .prepare(`SELECT session_id AS id, kind FROM session_owners WHERE user_id != ?1 AND session_id IN (${placeholders})`)
    .bind(userId, ...claims.map((c) => c.id));
  const results = await directory.batch<SessionIdClaim>([...inserts, foreign]);
  return results.at(-1)!.results;
}

/**
 * SQL for oauth_states (integrations, migration 0016): single-use OAuth `state` records.
 * Consumption is one `DELETE … RETURNING`, so of any number of concurrent callbacks with the
 * same state at most one gets the user back.
 */
import { nowIso, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

/** Keep at most this many live states per user (each sign-in attempt issues one). */
export const MAX_LIVE_STATES_PER_USER = 10;

/** Records a state for the user (provisioning the user row), dropping their expired and oldest surplus states. */
export async function issueOAuthState(
  db: D1Database,
  user: UserIdentity,
  state: { nonce: string; provider: string; expiresAt: string },
): Promise<void> {
  const now = nowIso();
  await db.batch([
    ensureUserStatement(db, user),
    db.prepare('DELETE FROM oauth_states WHERE user_id = ?1 AND expires_at <= ?2').bind(user.userId, now),
    db
      .prepare(
        `DELETE FROM oauth_states WHERE user_id = ?1 AND id IN (
           SELECT id FROM oauth_states WHERE user_id = ?1 ORDER BY created_at DESC, id LIMIT -1 OFFSET ?2)`,
      )
      .bind(user.userId, MAX_LIVE_STATES_PER_USER - 1),
    db
      .prepare('INSERT INTO oauth_states (id, user_id, provider, expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
      .bind(state.nonce, user.userId, state.provider, state.expiresAt, now),
  ]);
}

/** Removes the state and returns whose it was; null when it was never issued or is already spent. */
export async function consumeOAuthState(db: D1Database, nonce: string, provider: string): Promise<{ userId: string } | null> {
  const row = await db
    .prepare('DELETE FROM oauth_states WHERE id = ?1 AND provider = ?2 RETURNING user_id')
    .bind(nonce, provider)
    .first<Row>();
  return row ? { userId: String(row.user_id) } : null;
}

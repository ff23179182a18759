/**
 * SQL for the sessions audit table (migration 0002). Session ids are the access token's
 * `session_id` claim and therefore global: a row belongs to the first user that registered it,
 * and every statement here is filtered by that user, so nobody can touch another's session.
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { nowIso, str, type Row } from './sql';

export interface Session {
  id: string;
  device_type: string | null;
  device_os: string | null;
  browser: string | null;
  user_agent: string | null;
  ip_address: string | null;
  location: string | null;
  created_at: string;
  last_active: string;
  expires_at: string;
  revoked_at: string | null;
  is_current: boolean;
}

export interface SessionDevice {
  device_type?: string | null;
  device_os?: string | null;
  browser?: string | null;
  user_agent?: string | null;
  ip_address?: string | null;
  location?: string | null;
}

const COLUMNS = `id, user_id, device_type, device_os, browser, user_agent, ip_address, location,
  created_at, last_active, expires_at, revoked_at`;

function rowToSession(row: Row, currentSessionId: string | null): Session {
  return {
    id: String(row.id),
    device_type: str(row.device_type),
    device_os: str(row.device_os),
    browser: str(row.browser),
    user_agent: str(row.user_agent),
    ip_address: str(row.ip_address),
    location: str(row.location),
    created_at: String(row.created_at),
    last_active: String(row.last_active),
    expires_at: String(row.expires_at),
    revoked_at: str(row.revoked_at),
    is_current: row.id === currentSessionId,
  };
}

export type RegisterOutcome =
  | { kind: 'created'; session: Session }
  | { kind: 'touched'; session: Session }
  | { kind: 'revoked' }
  /** The id is registered to another user (or does not exist for this one): answer 404. */
  | { kind: 'foreign' };

/**
 * Registers a session or records activity on it, in one round trip: inserts the row when the
 * id is new, otherwise refreshes last_active and the device fields the caller sent — but only
 * for the caller's own, unrevoked row. The outcome tells the caller whether KV needs a write.
 */
export async function registerSession(
  db: D1Database,
  user: UserIdentity,
  sessionId: string,
  device: SessionDevice,
  lifetimeSeconds: number,
  currentSessionId: string | null,
): Promise<RegisterOutcome> {
  const now = nowIso();
  const expires = new Date(Date.now() + lifetimeSeconds * 1000).toISOString();
  const [, inserted, , read] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO sessions (id, user_id, device_type, device_os, browser, user_agent, ip_address, location,
                               created_at, last_active, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(sessionId, user.userId, device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
        device.user_agent ?? null, device.ip_address ?? null, device.location ?? null, now, expires),
    db
      .prepare(
        `UPDATE sessions SET last_active = ?3,
           device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
           browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
           ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
         WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL`,
      )
      .bind(sessionId, user.userId, now, device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
        device.user_agent ?? null, device.ip_address ?? null, device.location ?? null),
    db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?1`).bind(sessionId),
  ]);
  const row = read?.results[0] as Row | undefined;
  if (!row || row.user_id !== user.userId) return { kind: 'foreign' };
  if (row.revoked_at !== null) return { kind: 'revoked' };
  const session = rowToSession(row, currentSessionId);
  return (inserted?.meta.changes ?? 0) > 0 ? { kind: 'created', session } : { kind: 'touched', session };
}

/** The user's sessions that are neither revoked nor expired, most recently active first. */
export async function listActiveSessions(db: D1Database, userId: string, currentSessionId: string | null): Promise<Session[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM sessions
       WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2
       ORDER BY last_active DESC LIMIT 200`,
    )
    .bind(userId, nowIso())
    .all<Row>();
  return results.map((r) => rowToSession(r, currentSessionId));
}

export async function getSession(db: D1Database, userId: string, sessionId: string, currentSessionId: string | null): Promise<Session | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?1 AND user_id = ?2`)
    .bind(sessionId, userId)
    .first<Row>();
  return row ? rowToSession(row, currentSessionId) : null;
}

/** Updates the device fields and last_active of the user's own active session; null when there is none. */
export async function updateSession(
  db: D1Database,
  userId: string,
  sessionId: string,
  device: SessionDevice,
  currentSessionId: string | null,
): Promise<Session | null> {
  const row = await db
    .prepare(
      `UPDATE sessions SET last_active = ?3,
         device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
         browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
         ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
       WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
    )
    .bind(sessionId, userId, nowIso(), device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
      device.user_agent ?? null, device.ip_address ?? null, device.location ?? null)
    .first<Row>();
  return row ? rowToSession(row, currentSessionId) : null;
}

/**
 * Revokes the user's own session. Returns 'revoked' when this call revoked it,
 * 'already' when it was revoked before (no KV write needed), null when it is not theirs.
 */
export async function revokeSession(db: D1Database, userId: string, sessionId: string): Promise<'revoked' | 'already' | null> {
  const row = await db
    .prepare(
      `UPDATE sessions SET revoked_at = coalesce(revoked_at, ?3) WHERE id = ?1 AND user_id = ?2
       RETURNING revoked_at = ?3 AS revoked_now`,
    )
    .bind(sessionId, userId, nowIso())
    .first<Row>();
  if (!row) return null;
  return row.revoked_now === 1 ? 'revoked' : 'already';
}

/** Revokes every active session of the user except `keepSessionId`; returns the revoked ids. */
export async function revokeOtherSessions(db: D1Database, userId: string, keepSessionId: string | null): Promise<string[]> {
  const { results } = await db
    .prepare(
      `UPDATE sessions SET revoked_at = ?2
       WHERE user_id = ?1 AND revoked_at IS NULL AND id IS NOT coalesce(?3, '')
       RETURNING id`,
    )
    .bind(userId, nowIso(), keepSessionId)
    .all<Row>();
  return results.map((r) => String(r.id));
}

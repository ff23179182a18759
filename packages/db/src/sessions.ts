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
    // A revoked id stays revoked even after its audit row was purged.
    db
      .prepare(
        `INSERT INTO sessions (id, user_id, device_type, device_os, browser, user_agent, ip_address, location,
                               created_at, last_active, expires_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10
         WHERE NOT EXISTS (SELECT 1 FROM session_revocations WHERE id = ?1)
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(sessionId, user.userId, device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
        device.user_agent ?? null, device.ip_address ?? null, device.location ?? null, now, expires),
    // Activity keeps a session in use alive: its expiry slides with it.
    db
      .prepare(
        `UPDATE sessions SET last_active = ?3, expires_at = ?10,
           device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
           browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
           ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
         WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL`,
      )
      .bind(sessionId, user.userId, now, device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
        device.user_agent ?? null, device.ip_address ?? null, device.location ?? null, expires),
    db
      .prepare(
        `SELECT ${COLUMNS}, (SELECT user_id FROM session_revocations WHERE id = ?1) AS revoked_for
         FROM (SELECT 1) LEFT JOIN sessions ON sessions.id = ?1`,
      )
      .bind(sessionId),
  ]);
  const row = read?.results[0] as Row | undefined;
  if (row?.revoked_for != null) return row.revoked_for === user.userId ? { kind: 'revoked' } : { kind: 'foreign' };
  if (!row?.id || row.user_id !== user.userId) return { kind: 'foreign' };
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
  lifetimeSeconds: number,
  currentSessionId: string | null,
): Promise<Session | null> {
  const row = await db
    .prepare(
      `UPDATE sessions SET last_active = ?3, expires_at = ?10,
         device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
         browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
         ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
       WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
    )
    .bind(sessionId, userId, nowIso(), device.device_type ?? null, device.device_os ?? null, device.browser ?? null,
      device.user_agent ?? null, device.ip_address ?? null, device.location ?? null,
      new Date(Date.now() + lifetimeSeconds * 1000).toISOString())
    .first<Row>();
  return row ? rowToSession(row, currentSessionId) : null;
}

/** A revocation as the KV sync needs it. */
export interface Revocation {
  id: string;
  user_id: string;
  revoked_at: string;
  kv_synced_at: string | null;
}

/**
 * Revokes the user's own session (idempotent) and returns its revocation, whose
 * `kv_synced_at` says whether KV still has to learn it; null when the session is not theirs.
 * `keepForSeconds`: how long the revocation is remembered (and the id refused).
 */
export async function revokeSession(db: D1Database, userId: string, sessionId: string, keepForSeconds: number): Promise<Revocation | null> {
  const now = nowIso();
  const [, , read] = await db.batch([
    ...revokeStatementsFor(db, userId, now, keepForSeconds, sessionId),
    db.prepare(`SELECT id, user_id, revoked_at, kv_synced_at FROM session_revocations WHERE id = ?1 AND user_id = ?2`).bind(sessionId, userId),
  ]);
  const row = read?.results[0] as Row | undefined;
  return row ? rowToRevocation(row) : null;
}

function revokeStatementsFor(db: D1Database, userId: string, now: string, keepFor: number, sessionId: string) {
  const until = new Date(Date.parse(now) + keepFor * 1000).toISOString();
  return [
    db.prepare(`UPDATE sessions SET revoked_at = ?2 WHERE id = ?3 AND user_id = ?1 AND revoked_at IS NULL`).bind(userId, now, sessionId),
    db
      .prepare(
        `INSERT INTO session_revocations (id, user_id, revoked_at, expires_at)
         SELECT id, user_id, revoked_at, ?3 FROM sessions WHERE id = ?4 AND user_id = ?1 AND revoked_at IS NOT NULL
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(userId, now, until, sessionId),
  ];
}

/**
 * Revokes every active session of the user except `keepSessionId`; returns the ids revoked now
 * and the user's revocations KV has not learnt yet (at most `syncLimit`, oldest first).
 */
export async function revokeOtherSessions(
  db: D1Database,
  userId: string,
  keepSessionId: string | null,
  keepForSeconds: number,
  syncLimit: number,
): Promise<{ revokedIds: string[]; unsynced: Revocation[] }> {
  const now = nowIso();
  const until = new Date(Date.parse(now) + keepForSeconds * 1000).toISOString();
  const [revoked, , unsynced] = await db.batch([
    db
      .prepare(
        `UPDATE sessions SET revoked_at = ?2
         WHERE user_id = ?1 AND revoked_at IS NULL AND id IS NOT coalesce(?3, '')
         RETURNING id`,
      )
      .bind(userId, now, keepSessionId),
    db
      .prepare(
        `INSERT INTO session_revocations (id, user_id, revoked_at, expires_at)
         SELECT id, user_id, revoked_at, ?3 FROM sessions WHERE user_id = ?1 AND revoked_at = ?2
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(userId, now, until),
    db
      .prepare(
        `SELECT id, user_id, revoked_at, kv_synced_at FROM session_revocations
         WHERE user_id = ?1 AND kv_synced_at IS NULL ORDER BY revoked_at LIMIT ?2`,
      )
      .bind(userId, syncLimit),
  ]);
  return {
    revokedIds: (revoked?.results ?? []).map((r) => String((r as Row).id)),
    unsynced: (unsynced?.results ?? []).map((r) => rowToRevocation(r as Row)),
  };
}

/** Revocations KV has not learnt yet, across users (for the cron), oldest first. */
export async function unsyncedRevocations(db: D1Database, limit: number): Promise<Revocation[]> {
  const { results } = await db
    .prepare(`SELECT id, user_id, revoked_at, kv_synced_at FROM session_revocations WHERE kv_synced_at IS NULL ORDER BY revoked_at LIMIT ?1`)
    .bind(limit)
    .all<Row>();
  return results.map(rowToRevocation);
}

export async function markRevocationsSynced(db: D1Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const now = nowIso();
  // One statement per id keeps every statement far below D1's 100 bound parameters.
  await db.batch(ids.map((id) => db.prepare('UPDATE session_revocations SET kv_synced_at = ?2 WHERE id = ?1').bind(id, now)));
}

/** Scheduled maintenance: forgets up to `batchSize` revocations past their keep-until time. */
export async function purgeExpiredRevocations(db: D1Database, now: Date, batchSize: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM session_revocations WHERE id IN (SELECT id FROM session_revocations WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)')
    .bind(now.toISOString(), batchSize)
    .run();
  return result.meta.changes;
}

function rowToRevocation(row: Row): Revocation {
  return { id: String(row.id), user_id: String(row.user_id), revoked_at: String(row.revoked_at), kv_synced_at: str(row.kv_synced_at) };
}

/**
 * Scheduled maintenance (cross-user by design): deletes up to `batchSize` audit rows whose
 * session expired before `now`; returns how many went.
 */
export async function purgeExpiredSessionAudit(db: D1Database, now: Date, batchSize: number): Promise<number> {
  const result = await db
    .prepare('DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ?1 ORDER BY expires_at LIMIT ?2)')
    .bind(now.toISOString(), batchSize)
    .run();
  return result.meta.changes;
}

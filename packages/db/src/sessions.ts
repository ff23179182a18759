/**
 * SQL for the sessions audit table (migration 0002). Session ids are the access token's
 * `session_id` claim and therefore global: a row belongs to the first user that registered it,
 * and every statement here is filtered by that user, so nobody can touch another's session.
 * `session_aliases` (migration 0010) holds the frontend's own session ids, each a name for the
 * token session it was registered from; every `:id` here may be either (names win, per user).
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { nowIso, str, type Row } from './sql';
import { NOT_MOVING } from './user-moves';

export interface Session {
  /** The name this row is addressed by: the client's session id, or the token session's id. */
  id: string;
  /** The same name (what the frontend's securityService reads). */
  session_id: string;
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
const PREFIXED = COLUMNS.split(',')
  .map((c) => `s.${c.trim()}`)
  .join(', ');

/** The token session a name stands for: the user's own alias of that id, else the id itself. */
const resolvedId = (idParam: number, userParam: number) =>
  `coalesce((SELECT session_id FROM session_aliases WHERE id = ?${idParam} AND user_id = ?${userParam}), ?${idParam})`;

function rowToSession(row: Row, currentSessionId: string | null): Session {
  const name = String(row.name ?? row.id);
  return {
    id: name,
    session_id: name,
    device_type: str(row.device_type),
    device_os: str(row.device_os),
    browser: str(row.browser),
    user_agent: str(row.user_agent),
    ip_address: str(row.ip_address),
    location: str(row.location),
    created_at: String(row.created_at),
    last_active: String(row.alias_active ?? row.last_active),
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
      .bind(
        sessionId,
        user.userId,
        device.device_type ?? null,
        device.device_os ?? null,
        device.browser ?? null,
        device.user_agent ?? null,
        device.ip_address ?? null,
        device.location ?? null,
        now,
        expires,
      ),
    // Activity keeps a session in use alive: its expiry slides with it.
    db
      .prepare(
        `UPDATE sessions SET last_active = ?3, expires_at = ?10,
           device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
           browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
           ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
         WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL`,
      )
      .bind(
        sessionId,
        user.userId,
        now,
        device.device_type ?? null,
        device.device_os ?? null,
        device.browser ?? null,
        device.user_agent ?? null,
        device.ip_address ?? null,
        device.location ?? null,
        expires,
      ),
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
  // One row per client name (a tab's sessionStorage id), or the token session itself when the
  // client never named it.
  const { results } = await db
    .prepare(
      `SELECT ${PREFIXED}, coalesce(a.id, s.id) AS name, a.last_active AS alias_active
       FROM sessions AS s LEFT JOIN session_aliases AS a ON a.session_id = s.id AND a.user_id = s.user_id
       WHERE s.user_id = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2
       ORDER BY coalesce(a.last_active, s.last_active) DESC LIMIT 200`,
    )
    .bind(userId, nowIso())
    .all<Row>();
  return results.map((r) => rowToSession(r, currentSessionId));
}

/** One session by its name (a client alias or the token session id); null when not the user's. */
export async function getSession(
  db: D1Database,
  userId: string,
  sessionId: string,
  currentSessionId: string | null,
): Promise<Session | null> {
  const row = await db
    .prepare(
      `SELECT ${PREFIXED}, ?1 AS name, (SELECT last_active FROM session_aliases WHERE id = ?1 AND user_id = ?2) AS alias_active
       FROM sessions AS s WHERE s.id = ${resolvedId(1, 2)} AND s.user_id = ?2`,
    )
    .bind(sessionId, userId)
    .first<Row>();
  return row ? rowToSession(row, currentSessionId) : null;
}

/** The token session id a name of the user's stands for (the name itself when it is no alias). */
export async function resolveSessionName(db: D1Database, userId: string, name: string): Promise<string> {
  const row = await db
    .prepare(`SELECT ${resolvedId(1, 2)} AS id`)
    .bind(name, userId)
    .first<Row>();
  return String(row?.id ?? name);
}

export type AliasOutcome =
  | { kind: 'created' | 'touched'; session: Session }
  | { kind: 'revoked' }
  | { kind: 'foreign' }
  /** The name is already a token session id, or names another token session of the user. */
  | { kind: 'taken' };

/**
 * Registers `clientId` (the frontend's own session id) as a name of the caller's token session
 * `tokenSessionId`, or refreshes it (an upsert from the same token session). The token session is
 * registered or touched first, with the device fields. A name registered from another token
 * session, or one that is itself a session id, is refused; another user's name answers foreign.
 */
export async function registerClientSession(
  db: D1Database,
  user: UserIdentity,
  clientId: string,
  tokenSessionId: string,
  device: SessionDevice,
  lifetimeSeconds: number,
): Promise<AliasOutcome> {
  const token = await registerSession(db, user, tokenSessionId, device, lifetimeSeconds, tokenSessionId);
  if (token.kind !== 'created' && token.kind !== 'touched') return token;
  const now = nowIso();
  const [, read] = await db.batch([
    db
      .prepare(
        `INSERT INTO session_aliases (id, user_id, session_id, created_at, last_active)
         SELECT ?1, ?2, ?3, ?4, ?4
         WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?1)
           AND NOT EXISTS (SELECT 1 FROM session_revocations WHERE id = ?1)
         ON CONFLICT (id) DO UPDATE SET last_active = excluded.last_active
           WHERE session_aliases.user_id = excluded.user_id AND session_aliases.session_id = excluded.session_id`,
      )
      .bind(clientId, user.userId, tokenSessionId, now),
    db.prepare('SELECT user_id, session_id, created_at FROM session_aliases WHERE id = ?1').bind(clientId),
  ]);
  const alias = read?.results[0] as Row | undefined;
  if (!alias) return { kind: 'taken' };
  if (alias.user_id !== user.userId) return { kind: 'foreign' };
  if (alias.session_id !== tokenSessionId) return { kind: 'taken' };
  const session = await getSession(db, user.userId, clientId, tokenSessionId);
  if (!session) return { kind: 'foreign' };
  return { kind: alias.created_at === now ? 'created' : 'touched', session };
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
  const now = nowIso();
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE sessions SET last_active = ?3, expires_at = ?10,
           device_type = coalesce(?4, device_type), device_os = coalesce(?5, device_os),
           browser = coalesce(?6, browser), user_agent = coalesce(?7, user_agent),
           ip_address = coalesce(?8, ip_address), location = coalesce(?9, location)
         WHERE id = ${resolvedId(1, 2)} AND user_id = ?2 AND revoked_at IS NULL
         RETURNING id`,
      )
      .bind(
        sessionId,
        userId,
        now,
        device.device_type ?? null,
        device.device_os ?? null,
        device.browser ?? null,
        device.user_agent ?? null,
        device.ip_address ?? null,
        device.location ?? null,
        new Date(Date.now() + lifetimeSeconds * 1000).toISOString(),
      ),
    // The name's own activity (a no-op when the name is the token session's id).
    db.prepare('UPDATE session_aliases SET last_active = ?3 WHERE id = ?1 AND user_id = ?2').bind(sessionId, userId, now),
  ]);
  if ((updated?.results ?? []).length === 0) return null;
  return getSession(db, userId, sessionId, currentSessionId);
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
    db
      .prepare(`SELECT id, user_id, revoked_at, kv_synced_at FROM session_revocations WHERE id = ?1 AND user_id = ?2`)
      .bind(sessionId, userId),
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
    .prepare(
      `SELECT id, user_id, revoked_at, kv_synced_at FROM session_revocations WHERE kv_synced_at IS NULL AND ${NOT_MOVING} ORDER BY revoked_at LIMIT ?1`,
    )
    .bind(limit)
    .all<Row>();
  return results.map(rowToRevocation);
}

export async function markRevocationsSynced(db: D1Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const now = nowIso();
  // One statement per id keeps every statement far below D1's 100 bound parameters.
  await db.batch(
    ids.map((id) => db.prepare(`UPDATE session_revocations SET kv_synced_at = ?2 WHERE id = ?1 AND ${NOT_MOVING}`).bind(id, now)),
  );
}

/** Scheduled maintenance: forgets up to `batchSize` revocations past their keep-until time. */
export async function purgeExpiredRevocations(db: D1Database, now: Date, batchSize: number): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM session_revocations WHERE id IN (SELECT id FROM session_revocations WHERE expires_at < ?1 AND ${NOT_MOVING} ORDER BY expires_at LIMIT ?2)`,
    )
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
    .prepare(
      `DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ?1 AND ${NOT_MOVING} ORDER BY expires_at LIMIT ?2)`,
    )
    .bind(now.toISOString(), batchSize)
    .run();
  return result.meta.changes;
}

/** SQL for security_events: the user's own audit trail (logins, password changes, …). */
import { newId, nowIso, parseJsonColumn, str, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

export const SECURITY_EVENT_STATUSES = ['success', 'failed'] as const;
export type SecurityEventStatus = (typeof SECURITY_EVENT_STATUSES)[number];

/** An event as the API returns it; `timestamp` is the field name the frontend reads. */
export interface SecurityEvent {
  id: string;
  action: string;
  status: SecurityEventStatus;
  device: string | null;
  browser: string | null;
  os: string | null;
  location: string | null;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown> | null;
  timestamp: string;
}

export interface SecurityEventInput {
  action: string;
  status: SecurityEventStatus;
  device?: string | null;
  browser?: string | null;
  os?: string | null;
  location?: string | null;
  ip_address?: string | null;
  user_agent?: string | null;
  metadata?: Record<string, unknown> | null;
}

const COLUMNS = 'id, action, status, device, browser, os, location, ip_address, user_agent, metadata, created_at';

export function rowToSecurityEvent(row: Row): SecurityEvent {
  return {
    id: String(row.id),
    action: String(row.action),
    status: String(row.status) as SecurityEventStatus,
    device: str(row.device),
    browser: str(row.browser),
    os: str(row.os),
    location: str(row.location),
    ip_address: str(row.ip_address),
    user_agent: str(row.user_agent),
    metadata: parseJsonColumn<Record<string, unknown> | null>(row.metadata, null),
    timestamp: String(row.created_at),
  };
}

export async function createSecurityEvent(db: D1Database, user: UserIdentity, event: SecurityEventInput): Promise<SecurityEvent> {
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO security_events (id, user_id, action, status, device, browser, os, location, ip_address,
           user_agent, metadata, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING ${COLUMNS}`,
      )
      .bind(
        newId(),
        user.userId,
        event.action,
        event.status,
        event.device ?? null,
        event.browser ?? null,
        event.os ?? null,
        event.location ?? null,
        event.ip_address ?? null,
        event.user_agent ?? null,
        event.metadata == null ? null : JSON.stringify(event.metadata),
        nowIso(),
      ),
  ]);
  return rowToSecurityEvent((inserted!.results as Row[])[0]!);
}

/** The user's most recent events, newest first. */
export async function listSecurityEvents(db: D1Database, userId: string, limit: number): Promise<SecurityEvent[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM security_events WHERE user_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2`)
    .bind(userId, limit)
    .all<Row>();
  return results.map(rowToSecurityEvent);
}

/**
 * SQL for account-level reads: the security settings Settings → Security shows and the
 * session user (GET /api/auth/session). Scoped by the caller's own id.
 */
import { str, toBool, type Row } from './sql';

export interface SecuritySettings {
  two_factor_enabled: boolean;
  two_factor_setup_complete: boolean;
  backup_codes_generated: boolean;
}

/** No row = 2FA was never turned on. Setup is complete exactly when 2FA is on. */
export async function getSecuritySettings(db: D1Database, userId: string): Promise<SecuritySettings> {
  const row = await db
    .prepare('SELECT two_factor_enabled, backup_codes_generated FROM user_security_settings WHERE user_id = ?1')
    .bind(userId)
    .first<Row>();
  const enabled = toBool(row?.two_factor_enabled);
  return { two_factor_enabled: enabled, two_factor_setup_complete: enabled, backup_codes_generated: toBool(row?.backup_codes_generated) };
}

export interface SessionUser {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** The user's name fields, or null when the user has no row yet. */
export async function getSessionUser(db: D1Database, userId: string): Promise<SessionUser | null> {
  const row = await db.prepare('SELECT id, email, first_name, last_name FROM users WHERE id = ?1').bind(userId).first<Row>();
  if (!row) return null;
  return { id: String(row.id), email: str(row.email), firstName: str(row.first_name), lastName: str(row.last_name) };
}

/** SQL for the users table (profile rows are owned by core). */
import { nowIso } from './sql';

export interface UserIdentity {
  userId: string;
  email: string | null;
}

/**
 * Provisions the user's own row on first need (API-CONTRACT: a brand-new user may create a
 * job before opening their profile). Idempotent; returns a statement so callers can batch it
 * with the write that needs the row, in one transaction.
 */
export function ensureUserStatement(db: D1Database, user: UserIdentity): D1PreparedStatement {
  const now = nowIso();
  return db
    .prepare(
      `INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(user.userId, user.email, now);
}

export async function ensureUser(db: D1Database, user: UserIdentity): Promise<void> {
  await ensureUserStatement(db, user).run();
}

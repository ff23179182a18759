/**
 * users.profile_version: the change counter the ai Worker keys cached analyses on. Every
 * write to the profile, work experience, education or skills bumps it in the same D1 batch
 * as the write, so a cached analysis can never outlive the data it was computed from.
 */
import { num, type Row } from './sql';

/** Tables whose writes change what AI analyses see (a closed set: never user input). */
export type ProfileChildTable = 'work_experience' | 'education' | 'skills';

/**
 * `profile_version + 1` for the user, to run in the same batch as a write. With `onlyIfOwned`,
 * it bumps only when that row exists and is the user's (batch it BEFORE a delete), so a write
 * that matches nothing (missing or another user's id) changes nothing at all.
 */
export function bumpProfileVersionStatement(
  db: D1Database,
  userId: string,
  onlyIfOwned?: { table: ProfileChildTable; id: string },
): D1PreparedStatement {
  if (!onlyIfOwned) {
    return db.prepare('UPDATE users SET profile_version = profile_version + 1 WHERE id = ?1').bind(userId);
  }
  return db
    .prepare(
      `UPDATE users SET profile_version = profile_version + 1
       WHERE id = ?1 AND EXISTS (SELECT 1 FROM ${onlyIfOwned.table} WHERE id = ?2 AND user_id = ?1)`,
    )
    .bind(userId, onlyIfOwned.id);
}

/** The user's current profile version; null when the user has no row yet. */
export async function getProfileVersion(db: D1Database, userId: string): Promise<number | null> {
  const row = await db.prepare('SELECT profile_version FROM users WHERE id = ?1').bind(userId).first<Row>();
  return row ? num(row.profile_version) : null;
}

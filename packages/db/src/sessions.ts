/** SQL for the sessions audit table (migration 0002). */

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

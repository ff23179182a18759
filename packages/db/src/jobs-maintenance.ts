/**
 * Scheduled maintenance SQL for the jobs table (cross-user by design, never reachable from a
 * route). Kept apart from jobs.ts, whose every query is scoped to one user.
 */
import { NOT_MOVING } from './user-moves';

/**
 * Archives up to `batchSize` jobs added before `cutoff` that are neither saved nor archived
 * and that the user has not touched since `cutoff` (a job they unarchived stays unarchived);
 * returns how many. Re-running finds nothing new (idempotent).
 */
export async function archiveStaleJobs(db: D1Database, cutoff: Date, now: Date, batchSize: number): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE jobs SET archived = 1, updated_at = ?2
       WHERE id IN (SELECT id FROM jobs WHERE archived = 0 AND saved = 0 AND added_at < ?1 AND updated_at < ?1 AND ${NOT_MOVING}
                    ORDER BY added_at LIMIT ?3)`,
    )
    .bind(cutoff.toISOString(), now.toISOString(), batchSize)
    .run();
  return result.meta.changes;
}

/**
 * Storage quotas in core (packages/db quotas.ts). D1 enforces them at the write (triggers of
 * migration 0017); the shared error handler answers the refusal as 413 STORAGE_QUOTA_EXCEEDED.
 * Routes only document the 413, and check first where a refused write could not be undone.
 */
import { STORAGE_QUOTAS, storageQuotaDescription, userStorage, type QuotaResource, type StorageUsage } from '@jobmatch/db';
import { errorDoc, storageQuotaExceeded, type RouteAnswer } from '@jobmatch/shared-middleware';

/**
 * Throws 413 when `adding` would take the user past the resource's caps: one O(1) counter read,
 * for writes with a side effect outside D1 (an R2 object overwritten before its row is written).
 */
export async function assertStorageRoom(db: D1Database, userId: string, resource: QuotaResource, adding: StorageUsage): Promise<void> {
  const used = (await userStorage.usageOf(db, userId))[resource] ?? { rows: 0, bytes: 0 };
  const limit = STORAGE_QUOTAS[resource];
  const over = (adding.rows > 0 && used.rows + adding.rows > limit.rows) || (adding.bytes > 0 && used.bytes + adding.bytes > limit.bytes);
  if (over) throw storageQuotaExceeded(resource, limit, used);
}

/** The 413 a route that writes `resource` documents (the gateway adds PAYLOAD_TOO_LARGE beside it). */
export const storageQuotaDoc = (resource: QuotaResource): RouteAnswer =>
  errorDoc(413, 'STORAGE_QUOTA_EXCEEDED', storageQuotaDescription(resource));

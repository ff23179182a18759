/** The storage quota check every core write that adds rows or bytes makes first (packages/db quotas.ts). */
import { overQuota, STORAGE_QUOTAS, type QuotaResource, type StorageUsage } from '@jobmatch/db';
import { errorAnswer, storageQuotaExceeded, type RouteAnswer } from '@jobmatch/shared-middleware';

/** Throws 413 STORAGE_QUOTA_EXCEEDED when `adding` would take the user past the resource's caps. */
export async function assertStorageQuota(resource: QuotaResource, usage: Promise<StorageUsage>, adding: StorageUsage): Promise<void> {
  const used = await usage;
  if (overQuota(resource, used, adding)) throw storageQuotaExceeded(resource, STORAGE_QUOTAS[resource], used);
}

/** The 413 a route that checks `resource` documents (the gateway adds PAYLOAD_TOO_LARGE beside it). */
export const storageQuotaDoc = (resource: QuotaResource): RouteAnswer => ({
  status: 413,
  schema: errorAnswer('STORAGE_QUOTA_EXCEEDED'),
  description: `STORAGE_QUOTA_EXCEEDED: the caller already has ${STORAGE_QUOTAS[resource].rows} ${resource} or ${STORAGE_QUOTAS[resource].bytes} bytes of them (details: resource, limit, used)`,
});

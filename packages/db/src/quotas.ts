/**
 * Per-user storage quotas: caps on rows and bytes of the tables a user fills without bound,
 * and on R2 bytes. Each table module measures its own usage (`storageUsage`); routes check
 * the quota right before the write (`overQuota`) and answer 413 STORAGE_QUOTA_EXCEEDED.
 * The check and the write are two statements, so concurrent writes of one user may overshoot
 * by at most the writes in flight (the per-user rate limits bound those).
 */

export interface StorageUsage {
  rows: number;
  bytes: number;
}

const MiB = 1024 * 1024;

/** The caps (docs/ARCHITECTURE.md "Storage quotas" lists them). Bytes are UTF-8 bytes of the stored text, or R2 object sizes. */
export const STORAGE_QUOTAS = {
  jobs: { rows: 5_000, bytes: 64 * MiB },
  gapAnalyses: { rows: 200, bytes: 32 * MiB },
  files: { rows: 500, bytes: 250 * MiB },
} as const satisfies Record<string, StorageUsage>;

export type QuotaResource = keyof typeof STORAGE_QUOTAS;

/** Whether adding `adding` to `used` would pass the resource's row or byte cap. */
export function overQuota(resource: QuotaResource, used: StorageUsage, adding: StorageUsage): boolean {
  const limit = STORAGE_QUOTAS[resource];
  return used.rows + adding.rows > limit.rows || used.bytes + adding.bytes > limit.bytes;
}

/** UTF-8 length of a value as it is stored (JSON for objects). */
export function storedBytes(...values: unknown[]): number {
  const encoder = new TextEncoder();
  let total = 0;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    total += encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)).length;
  }
  return total;
}

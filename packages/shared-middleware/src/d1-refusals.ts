/**
 * Writes D1 itself refused, as the services answer them (createServiceHandler, service.ts): the
 * move fence's USER_MOVING and the storage quota triggers' STORAGE_QUOTA_EXCEEDED. Apart from
 * errors.ts so the gateway, which never talks to D1, does not carry them.
 */
import { ApiError, storageQuotaExceeded, toApiError } from './errors';

/**
 * The move fence (packages/db migration 0013) aborts a write of a user being moved between
 * shards with this message; D1 wraps it ("D1_ERROR: USER_MOVING: SQLITE_CONSTRAINT …").
 */
export const USER_MOVING = 'USER_MOVING';
/** The fence is up for the copy and the accessor's cache TTL after the switch: seconds. */
export const USER_MOVING_RETRY_AFTER_SECONDS = 5;

export const userMoving = () =>
  new ApiError(503, USER_MOVING, 'Your data is being moved to another database; retry in a few seconds', undefined, {
    'Retry-After': String(USER_MOVING_RETRY_AFTER_SECONDS),
  });

function isUserMovingError(thrown: unknown): boolean {
  for (let e = thrown, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.message.includes(USER_MOVING)) return true;
  }
  return false;
}

/**
 * The storage quota trigger (packages/db migration 0017) aborts a write past a cap with
 * `STORAGE_QUOTA_EXCEEDED:{"resource":…,"limit":{rows,bytes},"used":{rows,bytes}}`; D1 wraps it
 * like the fence's. Its statement (and its batch) wrote nothing.
 */
const STORAGE_QUOTA_MESSAGE = /STORAGE_QUOTA_EXCEEDED:(\{"resource".*?\}\})/;

interface QuotaDetails {
  resource: string;
  limit: { rows: number; bytes: number };
  used: { rows: number; bytes: number };
}

function storageQuotaDetails(thrown: unknown): QuotaDetails | null {
  for (let e = thrown, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const match = STORAGE_QUOTA_MESSAGE.exec(e.message);
    if (!match) continue;
    try {
      const details = JSON.parse(match[1]!) as QuotaDetails;
      if (typeof details.resource === 'string' && details.limit && details.used) return details;
    } catch {
      // An unreadable message is still a quota refusal: fall through to the generic details.
    }
    return { resource: 'unknown', limit: { rows: 0, bytes: 0 }, used: { rows: 0, bytes: 0 } };
  }
  return null;
}

/**
 * toApiError, after D1's refusals: a write refused by the move fence is a retryable 503
 * USER_MOVING with Retry-After (nothing was written); one refused by a storage quota trigger is
 * 413 STORAGE_QUOTA_EXCEEDED with the trigger's resource, limit and used.
 */
export function toServiceError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (isUserMovingError(thrown)) return userMoving();
  const quota = storageQuotaDetails(thrown);
  if (quota) return storageQuotaExceeded(quota.resource, quota.limit, quota.used);
  return toApiError(thrown);
}

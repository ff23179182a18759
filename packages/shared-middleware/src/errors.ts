/**
 * The one error type and the one error envelope of the platform (API-CONTRACT.md):
 * {"code": "UPPER_SNAKE", "message": "...", "error": "...", "statusCode": 400, "requestId": "...", "details"?: {...}}
 * `error` repeats `message`: several of the frontend's hooks show `errorData.error`, the rest `message`.
 */
export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers (e.g. Retry-After on 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const routeNotFound = (method: string, path: string) => new ApiError(404, 'NOT_FOUND', `No route for ${method} ${path}`);
export const badRequest = (code: string, message: string, details?: ErrorDetails) => new ApiError(400, code, message, details);
/** 413 STORAGE_QUOTA_EXCEEDED: the write would pass the user's row or byte cap for `resource`. */
export const storageQuotaExceeded = (resource: string, limit: { rows: number; bytes: number }, used: { rows: number; bytes: number }) =>
  new ApiError(
    413,
    'STORAGE_QUOTA_EXCEEDED',
    `Storage quota for ${resource} reached: at most ${limit.rows} items and ${limit.bytes} bytes`,
    {
      resource,
      limit,
      used,
    },
  );
export const unauthorized = (code: string, message: string) => new ApiError(401, code, message);

export interface ErrorEnvelope {
  code: string;
  message: string;
  /** The same human text as `message` (the skills, generation and scraping hooks read `error`). */
  error: string;
  statusCode: number;
  requestId: string;
  details?: ErrorDetails;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function errorEnvelope(error: ApiError, requestId: string): ErrorEnvelope {
  const body: ErrorEnvelope = {
    code: error.code,
    message: error.message,
    error: error.message,
    statusCode: error.statusCode,
    requestId,
  };
  if (error.details !== undefined) body.details = error.details;
  return body;
}

export function errorResponse(error: ApiError, requestId: string): Response {
  const headers = new Headers(error.headers);
  headers.set('Content-Type', JSON_CONTENT_TYPE);
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Request-Id', requestId);
  return new Response(JSON.stringify(errorEnvelope(error, requestId)), {
    status: error.statusCode,
    headers,
  });
}

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
 * Turns anything thrown into an ApiError. A write refused by the move fence is a retryable
 * 503 USER_MOVING with Retry-After (nothing was written); one refused by a storage quota trigger
 * is 413 STORAGE_QUOTA_EXCEEDED with the trigger's resource, limit and used. Anything else becomes a 500 whose message reveals
 * nothing internal; the original stays on `cause` for logUnexpected (logging.ts).
 */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (isUserMovingError(thrown)) return userMoving();
  const quota = storageQuotaDetails(thrown);
  if (quota) return storageQuotaExceeded(quota.resource, quota.limit, quota.used);
  const error = new ApiError(500, 'INTERNAL_ERROR', 'An unexpected error occurred');
  error.cause = thrown;
  return error;
}

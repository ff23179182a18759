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
 * Turns anything thrown into an ApiError: anything that is not one becomes a 500 whose message
 * reveals nothing internal; the original stays on `cause` for logUnexpected (logging.ts).
 * Services map D1's refusals first (toServiceError in d1-refusals.ts).
 */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const error = new ApiError(500, 'INTERNAL_ERROR', 'An unexpected error occurred');
  error.cause = thrown;
  return error;
}

/**
 * Rate-limit response headers: legacy `X-RateLimit-*` (reset as an ISO time, per
 * API-CONTRACT.md) and IETF draft-ietf-httpapi-ratelimit-headers `RateLimit-Policy` /
 * `RateLimit`; `Retry-After` on 429.
 */
import { ApiError } from '@jobmatch/shared-middleware';

export interface RateLimitDecision {
  allowed: boolean;
  policy: string;
  limit: number;
  remaining: number;
  windowSeconds: number;
  /** End of the current window, ms since epoch. */
  resetAt: number;
}

const secondsUntil = (resetAt: number, now: number) => Math.max(0, Math.ceil((resetAt - now) / 1000));

/** Windows are epoch-aligned, so consecutive requests share a reset time: format it once. */
let lastReset = { at: NaN, iso: '' };
function isoTime(ms: number): string {
  if (lastReset.at !== ms) lastReset = { at: ms, iso: new Date(ms).toISOString() };
  return lastReset.iso;
}

export function rateLimitHeaders(decision: RateLimitDecision, now = Date.now()): Record<string, string> {
  const remaining = Math.max(0, decision.remaining);
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': isoTime(decision.resetAt),
    'RateLimit-Policy': `"${decision.policy}";q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `"${decision.policy}";r=${remaining};t=${secondsUntil(decision.resetAt, now)}`,
  };
}

/** 429 RATE_LIMIT_EXCEEDED in the error envelope, with the headers and Retry-After. */
export function rateLimitExceeded(decision: RateLimitDecision, now = Date.now()): ApiError {
  const resetAt = new Date(decision.resetAt).toISOString();
  const retryAfter = Math.max(1, secondsUntil(decision.resetAt, now));
  return new ApiError(
    429,
    'RATE_LIMIT_EXCEEDED',
    `Too many requests: the limit is ${decision.limit} per ${describeWindow(decision.windowSeconds)}. Try again after ${resetAt}.`,
    { limit: decision.limit, remaining: 0, resetAt },
    { ...rateLimitHeaders({ ...decision, remaining: 0 }, now), 'Retry-After': String(retryAfter) },
  );
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

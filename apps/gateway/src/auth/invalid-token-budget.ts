/**
 * Per-IP budget for refused tokens (INVALID_TOKEN, INVALID_AUTH_FORMAT): past it, the address
 * gets 429 before any verification or JWKS work, until its window ends. Counted in this
 * isolate's memory only — no KV read or write per request, so a flood of forged tokens costs
 * no storage operations; across N isolates an address can spend up to N budgets. A token this
 * isolate already verified still passes (authenticate.ts checks its cache first).
 */
import type { RateLimitDecision } from '../rate-limit/headers';
import { rateLimitExceeded } from '../rate-limit/headers';
import { clientIpKey } from '../http/client-ip';

export const INVALID_TOKEN_LIMIT = 20;
export const INVALID_TOKEN_WINDOW_S = 60;
const MAX_TRACKED = 10_000;

const spent = new Map<string, { windowEnd: number; count: number }>();

function entryOf(clientIp: string | null, now: number) {
  const key = clientIpKey(clientIp);
  let entry = spent.get(key);
  if (!entry || entry.windowEnd <= now) {
    if (entry) spent.delete(key);
    const windowMs = INVALID_TOKEN_WINDOW_S * 1000;
    entry = { windowEnd: Math.floor(now / windowMs) * windowMs + windowMs, count: 0 };
  }
  return { key, entry };
}

const decision = (windowEnd: number): RateLimitDecision => ({
  allowed: false,
  policy: 'invalid-token',
  limit: INVALID_TOKEN_LIMIT,
  remaining: 0,
  windowSeconds: INVALID_TOKEN_WINDOW_S,
  resetAt: windowEnd,
});

/** Throws 429 RATE_LIMIT_EXCEEDED when this address has used up its budget. */
export function assertInvalidTokenBudget(clientIp: string | null, now = Date.now()): void {
  const { entry } = entryOf(clientIp, now);
  if (entry.count >= INVALID_TOKEN_LIMIT) throw rateLimitExceeded(decision(entry.windowEnd), now);
}

/** Counts one refused token against the address. */
export function spendInvalidTokenBudget(clientIp: string | null, now = Date.now()): void {
  const { key, entry } = entryOf(clientIp, now);
  entry.count += 1;
  if (!spent.has(key) && spent.size >= MAX_TRACKED) spent.delete(spent.keys().next().value!); // oldest first
  spent.set(key, entry);
}

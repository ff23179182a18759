/**
 * Strict tier: one Durable Object per (policy, subject), e.g. `emails-send|u:{userId}`. The
 * object is single-threaded and its SQLite storage is written before it answers, so it admits
 * exactly `limit` per window across all isolates and locations. It holds one fixed-window
 * counter per route template of its policy and deletes ended windows with an alarm.
 *
 * Failure policy: if the object cannot be reached the request is refused with 503
 * RATE_LIMIT_UNAVAILABLE (fail closed: these routes cost money), and the failure is logged.
 */
import { DurableObject } from 'cloudflare:workers';
import { ApiError, logEvent } from '@jobmatch/shared-middleware';
import type { RateLimitDecision } from './headers';
import type { RateLimitPolicy } from './policies';
import type { CounterSubject } from './kv-tier';

interface StoredWindow {
  windowStart: number;
  windowEnd: number;
  count: number;
}

export interface StrictConsumeResult {
  allowed: boolean;
  remaining: number;
  resetAt: number;
}

/** Kept past a window's end before cleanup, so a late request never resurrects a stale count. */
const CLEANUP_GRACE_MS = 60_000;

export class StrictRateLimiter extends DurableObject {
  async consume(route: string, limit: number, windowSeconds: number): Promise<StrictConsumeResult> {
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const storage = this.ctx.storage.kv;
    const stored = storage.get<StoredWindow>(route);
    let count = stored && stored.windowStart === windowStart ? stored.count : 0;
    const allowed = count < limit;
    if (allowed) {
      count += 1;
      storage.put(route, { windowStart, windowEnd: windowStart + windowMs, count } satisfies StoredWindow);
    }
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(windowStart + windowMs + CLEANUP_GRACE_MS);
    }
    return { allowed, remaining: Math.max(0, limit - count), resetAt: windowStart + windowMs };
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    const storage = this.ctx.storage.kv;
    let nextEnd = Infinity;
    for (const [route, value] of storage.list<StoredWindow>()) {
      if (value.windowEnd + CLEANUP_GRACE_MS <= now) storage.delete(route);
      else nextEnd = Math.min(nextEnd, value.windowEnd);
    }
    if (nextEnd !== Infinity) await this.ctx.storage.setAlarm(nextEnd + CLEANUP_GRACE_MS);
  }
}

export async function consumeStrict(
  namespace: DurableObjectNamespace<StrictRateLimiter>,
  subject: CounterSubject,
  policy: RateLimitPolicy,
): Promise<RateLimitDecision> {
  let result: StrictConsumeResult;
  try {
    const stub = namespace.get(namespace.idFromName(`${subject.policy}|${subject.subject}`));
    result = await stub.consume(subject.route, policy.limit, policy.windowSeconds);
  } catch (error) {
    logEvent('error', 'rate_limit_strict_unavailable', {
      policy: subject.policy,
      route: subject.route,
      error: String(error),
      failClosed: true,
    });
    throw new ApiError(503, 'RATE_LIMIT_UNAVAILABLE', 'This action is temporarily unavailable; please try again in a moment', undefined, {
      'Retry-After': '5',
    });
  }
  return { ...result, policy: subject.policy, limit: policy.limit, windowSeconds: policy.windowSeconds };
}

/**
 * KV tier: fixed-window counters, counted in this isolate and persisted to KV RATE_LIMITS
 * with write-behind, so production KV's limits hold whatever the burst:
 *
 * - Counting is in memory and synchronous once a key's persisted count is loaded (one KV read
 *   per key per isolate; concurrent requests poll for it rather than await the loading request's
 *   promise: cross-request-wait.ts), so one isolate admits exactly `limit`.
 * - Writes are coalesced: at most one put per key per WRITE_INTERVAL_MS (> 1 s) per isolate,
 *   run in `ctx.waitUntil`, carrying the latest count. Before writing, the flush reads the key
 *   and adopts a higher count written by another isolate (and skips the write if it is not
 *   behind), so isolates converge instead of overwriting each other; if that isolate wrote the
 *   key under WRITE_INTERVAL_MS ago (`updatedAt`), the write waits its turn.
 * - A key is written only once this isolate counted PERSIST_FROM_COUNT on it or KV already had
 *   it: a brand-new counter costs one KV read and no write, so a client rotating addresses
 *   cannot turn each request into a KV write. The price: one admission per key per isolate may
 *   go unshared.
 * - The window start is in the key, so a new window is a new key (no reset write); the TTL is
 *   the rest of the window, never under 60 s (windowCounterTtl).
 * - A new isolate (gateway restart, another location) starts from the persisted count.
 *
 * Accuracy (docs/ARCHITECTURE.md "Rate limiting"): exact within one isolate. Across N isolates
 * hit in the same window, each counts from the count it last read, so the total can reach up
 * to N × limit in the worst case (KV propagation between locations takes up to 60 s); counts
 * admitted in the last ≤ 1.1 s before an isolate is evicted may be lost. Failure: KV errors
 * are logged and the tier fails open (counts continue in memory from what is known).
 */
// One module, not the package index: its `export * as` namespace objects would stay in the bundle.
import { windowCounter, windowCounterTtl, type WindowCounterId } from '@jobmatch/kv-schemas/rate-limits';
import { logEvent } from '@jobmatch/shared-middleware';
import { waitWhile } from '../cross-request-wait';
import type { RateLimitDecision } from './headers';
import type { RateLimitPolicy } from './policies';

/** Production KV refuses a second write to a key within 1 s; keep a margin for clock skew. */
export const WRITE_INTERVAL_MS = 1_100;
const MAX_TRACKED_KEYS = 10_000;
/** A counter is worth sharing through KV from its second admission on. */
export const PERSIST_FROM_COUNT = 2;
/** How long a request waits for another request's load (then counts from what is known, as when KV fails) or write. */
export const LOAD_WAIT_MS = 2_000;
const WRITE_WAIT_MS = 5_000;

export interface CounterSubject {
  policy: string;
  /** `METHOD /path/template`. */
  route: string;
  /** `u:{userId}` or `ip:{address}`. */
  subject: string;
}

interface CounterState {
  id: WindowCounterId;
  windowSeconds: number;
  windowEnd: number;
  /** Authoritative for this isolate: the persisted base plus what this isolate admitted. */
  count: number;
  /** Highest count known to be in KV. */
  persisted: number;
  /** The KV read of the persisted count is in flight (started by the key's first request). */
  loading: boolean;
  /** Last write to this key seen by this isolate (its own, or another's `updatedAt`). */
  lastWriteAt: number;
  /** A flush is scheduled and has not started writing yet: it will carry any new count. */
  flushPending: boolean;
  /** A write is in progress: the next flush waits for it (one write per key at a time). */
  inFlight: boolean;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

export class KvRateLimiter {
  private readonly counters = new Map<string, CounterState>();

  async consume(kv: KVNamespace, subject: CounterSubject, policy: RateLimitPolicy, ctx: WaitUntil): Promise<RateLimitDecision> {
    const now = Date.now();
    const windowMs = policy.windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const id = { ...subject, windowStart };
    const key = windowCounter.key(id);
    let state = this.counters.get(key);
    if (!state) {
      this.evict(now);
      state = {
        id,
        windowSeconds: policy.windowSeconds,
        windowEnd: windowStart + windowMs,
        count: 0,
        persisted: 0,
        loading: true,
        lastWriteAt: -Infinity,
        flushPending: false,
        inFlight: false,
      };
      this.counters.set(key, state);
      await this.load(kv, state);
    } else if (state.loading) {
      const loading = state;
      await waitWhile(() => loading.loading, LOAD_WAIT_MS);
    }

    // Synchronous from here on: concurrent requests in this isolate cannot interleave.
    const allowed = state.count < policy.limit;
    if (allowed) {
      state.count += 1;
      // A brand-new counter stays in memory until it is worth sharing: a client rotating
      // addresses (or users) makes a new key per request, which must not cost a write each.
      if (state.persisted > 0 || state.count >= PERSIST_FROM_COUNT) this.scheduleFlush(kv, state, ctx);
    }
    return {
      allowed,
      policy: subject.policy,
      limit: policy.limit,
      remaining: Math.max(0, policy.limit - state.count),
      windowSeconds: policy.windowSeconds,
      resetAt: state.windowEnd,
    };
  }

  private async load(kv: KVNamespace, state: CounterState): Promise<void> {
    try {
      const stored = await windowCounter.get(kv, state.id);
      if (stored) {
        state.count = Math.max(state.count, stored.count);
        state.persisted = Math.max(state.persisted, stored.count);
      }
    } catch (error) {
      logEvent('warn', 'rate_limit_kv_unavailable', { op: 'read', policy: state.id.policy, error: String(error), failOpen: true });
    } finally {
      state.loading = false;
    }
  }

  /**
   * Write-behind. At most one flush per key is pending; it waits for the previous write to
   * settle and for WRITE_INTERVAL_MS since the last write to the key, then writes the count as
   * it is *then*. A request admitted after that point schedules the next flush in its own
   * `waitUntil`, so no request's waitUntil carries a chain of writes.
   */
  private scheduleFlush(kv: KVNamespace, state: CounterState, ctx: WaitUntil): void {
    if (state.flushPending) return;
    state.flushPending = true;
    ctx.waitUntil(this.flush(kv, state));
  }

  private async flush(kv: KVNamespace, state: CounterState): Promise<void> {
    await waitWhile(() => state.inFlight, WRITE_WAIT_MS);
    await sleepUntil(state.lastWriteAt + WRITE_INTERVAL_MS);
    state.flushPending = false; // later admissions need a later flush
    state.inFlight = true;
    try {
      await this.writeOrRetryOnce(kv, state);
    } finally {
      state.inFlight = false;
    }
  }

  /** `deferred`: another isolate wrote the key under a second ago; retry once after its interval. */
  private async writeOrRetryOnce(kv: KVNamespace, state: CounterState): Promise<void> {
    if ((await this.write(kv, state)) !== 'deferred') return;
    await sleepUntil(state.lastWriteAt + WRITE_INTERVAL_MS);
    await this.write(kv, state);
  }

  /** Merges what KV holds, then writes this isolate's count if it is ahead. */
  private async write(kv: KVNamespace, state: CounterState): Promise<'written' | 'idle' | 'deferred' | 'failed'> {
    try {
      const stored = await windowCounter.get(kv, state.id);
      if (stored) {
        state.count = Math.max(state.count, stored.count);
        state.persisted = Math.max(state.persisted, stored.count);
        if (state.count > state.persisted && stored.updatedAt + WRITE_INTERVAL_MS > Date.now()) {
          state.lastWriteAt = Math.max(state.lastWriteAt, stored.updatedAt);
          return 'deferred';
        }
      }
    } catch {
      // Unreadable: write what this isolate knows (logged below if the write fails too).
    }
    if (state.count <= state.persisted) return 'idle';

    const count = state.count;
    // Taken before the put: a write that errors may still have reached KV.
    const now = Date.now();
    state.lastWriteAt = now;
    try {
      await windowCounter.put(
        kv,
        state.id,
        { count, windowStart: state.id.windowStart, windowSeconds: state.windowSeconds, updatedAt: now },
        { ttlSeconds: windowCounterTtl(state.windowEnd, now) },
      );
    } catch (error) {
      // The next admitted request schedules another attempt.
      logEvent('warn', 'rate_limit_kv_unavailable', { op: 'write', policy: state.id.policy, error: String(error), failOpen: true });
      return 'failed';
    }
    state.persisted = Math.max(state.persisted, count);
    return 'written';
  }

  /** Bounded memory: drop ended windows first, then the oldest keys (a pending flush keeps its own state). */
  private evict(now: number): void {
    if (this.counters.size < MAX_TRACKED_KEYS) return;
    for (const [key, state] of this.counters) {
      if (state.windowEnd <= now) this.counters.delete(key);
    }
    for (const [key, state] of this.counters) {
      if (this.counters.size < MAX_TRACKED_KEYS) break;
      // A key with a write pending or just written stays: a fresh state for it would write again at once.
      if (state.flushPending || state.inFlight || now - state.lastWriteAt < WRITE_INTERVAL_MS) continue;
      this.counters.delete(key);
    }
  }
}

function sleepUntil(time: number): Promise<void> {
  const delay = time - Date.now();
  return delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : Promise.resolve();
}

/** The isolate's limiter: module scope, so counts live as long as the isolate. */
export const kvRateLimiter = new KvRateLimiter();

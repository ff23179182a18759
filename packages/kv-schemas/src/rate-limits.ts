/**
 * RATE_LIMITS (gateway, KV tier): one fixed-window counter per (policy, route template,
 * subject, window). The window start is part of the key, so a new window is a new key (no
 * reset write, no delete) and the old one simply expires.
 *
 * The gateway writes a key at most once per second (write-behind, see
 * apps/gateway/src/rate-limit/kv-tier.ts); the TTL is the rest of the window, clamped to
 * KV's 60-second minimum by defineKvEntry.
 */
import * as v from 'valibot';
import { clampTtl, defineKvEntry } from './entry';

export interface WindowCounterId {
  /** Policy name from the gateway route table (`default`, `public-ip`, …). */
  policy: string;
  /** `METHOD /path/template`, never the concrete path. */
  route: string;
  /**
   * `u:{userId}` or `ip:{client ip}`. The gateway refuses a token whose `sub` is over 128
   * characters, so a key stays far below KV's 512-byte limit (≈ 250 bytes at most).
   */
  subject: string;
  /** Window start, ms since epoch (aligned to the window length). */
  windowStart: number;
}

/**
 * An integer ≥ `min`. A custom check rather than `v.pipe(v.number(), v.integer(), v.minValue(min))`,
 * which accepts the same values but weighs ≈ 0.75 KiB of the gateway bundle's 60 KiB budget.
 */
const integerAtLeast = (min: number) =>
  v.custom<number>((value) => Number.isInteger(value) && (value as number) >= min, `Invalid value: expected an integer ≥ ${min}`);
const count = integerAtLeast(0);

export const windowCounter = defineKvEntry({
  namespace: 'RATE_LIMITS',
  key: (id: WindowCounterId) => `rl:${id.policy}:${id.subject}:${id.route}:${id.windowStart}`,
  schema: v.object({
    count,
    windowStart: count,
    windowSeconds: integerAtLeast(1),
    /** When this value was written (ms): lets another isolate keep 1 s between writes to the key. */
    updatedAt: count,
  }),
  // Per put: the rest of the window (windowCounterTtl); this is only the floor.
  ttlSeconds: 60,
});

/** Seconds the counter must live: until its window ends, never under KV's 60 s minimum. */
export function windowCounterTtl(windowEndMs: number, nowMs: number): number {
  return clampTtl((windowEndMs - nowMs) / 1000);
}

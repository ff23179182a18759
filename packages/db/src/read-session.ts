/**
 * Read replicas through D1's Sessions API (issue 17 §4), only where they are safe.
 *
 * A user's read may go to any replica ('first-unconstrained') only when the gateway says so:
 * it forwards the hint `replica` on a signed-in GET when none of the API-cache families the
 * route reads was written by the user within READ_YOUR_WRITES_WINDOW_MS (it reads those write
 * stamps for its cache anyway: no extra KV write, no bookmark from the frontend). Anything
 * else — no hint, an unknown hint, `primary`, every write and the reads inside a write —
 * starts at the primary ('first-primary'). Within one session D1 is sequentially consistent,
 * so a request that reads after its own write in the same session sees it either way.
 */

export type ReadConsistency = 'primary' | 'replica';

/**
 * How long after a user's last write their reads stay on the primary. Must exceed the
 * replicas' lag plus the gateway's stamp delay (≤ 1 s within a location, see
 * apps/gateway/src/cache/response-cache.ts).
 */
export const READ_YOUR_WRITES_WINDOW_MS = 30_000;

/** The gateway's decision: `replica` only when the user's latest write is known and old enough. */
export function consistencyAfterWrite(lastWriteAt: number | null, now = Date.now()): ReadConsistency {
  return lastWriteAt !== null && now - lastWriteAt > READ_YOUR_WRITES_WINDOW_MS ? 'replica' : 'primary';
}

/** Parses a forwarded hint; anything but exactly `replica` is the primary. */
export const readConsistencyOf = (hint: string | null | undefined): ReadConsistency => (hint === 'replica' ? 'replica' : 'primary');

/** The session a route's reads run in (pass the hint only on GET routes that tolerate replica lag). */
export function readSession(db: D1Database, hint: ReadConsistency | null | undefined): D1DatabaseSession {
  return db.withSession(hint === 'replica' ? 'first-unconstrained' : 'first-primary');
}

/**
 * Read-your-writes for D1 read replicas without a bookmark from the frontend (issue 17 §4).
 * The gateway already reads the user's write stamps of the families a cached GET reads
 * (apps/gateway/src/cache/response-cache.ts); from them it forwards this internal header:
 * `replica` when the user's latest write to those families is older than the window (or
 * older than the stamps' lifetime), `primary` otherwise. Services open their GET reads with
 * packages/db readSession(db, readConsistencyOf(request)); no header means the primary.
 * Clients cannot send it (the gateway strips x-jobmatch-*), and the internal signature covers
 * it (identity.ts), so a captured request cannot be replayed with `replica` instead of `primary`.
 */
export const H_READ_CONSISTENCY = 'x-jobmatch-read-consistency';

export type ReadConsistency = 'primary' | 'replica';

/**
 * How long after a user's last write their reads stay on the primary. Must exceed the
 * replicas' lag plus the stamp delay (≤ 1 s within a location). Cross-location KV propagation
 * can hide a fresh stamp for longer; see docs/ARCHITECTURE.md "Read replicas".
 */
export const READ_YOUR_WRITES_WINDOW_MS = 30_000;

/** `lastWriteAt`: ms of the latest stamp (0 = none within its lifetime), null = not known. */
export function consistencyAfterWrite(lastWriteAt: number | null, now = Date.now()): ReadConsistency {
  return lastWriteAt !== null && now - lastWriteAt > READ_YOUR_WRITES_WINDOW_MS ? 'replica' : 'primary';
}

/** The hint a request carries; anything but exactly `replica` is the primary. */
export function readConsistencyOf(request: Request): ReadConsistency {
  return request.headers.get(H_READ_CONSISTENCY) === 'replica' ? 'replica' : 'primary';
}

/**
 * A remote JWKS, one per URL per isolate. jose's createRemoteJWKSet does not fit workerd: it does
 * not share an in-flight fetch between requests, it reads a seeded cache only when it is created,
 * and a failed fetch neither starts its cooldown nor keeps the last good keys. Here:
 *
 * - one fetch in flight per URL per isolate; concurrent requests wait for that one (polling the
 *   stored copy on their own timers, never awaiting the fetching request's promise:
 *   cross-request-wait.ts says why);
 * - a cold isolate first takes the copy in KV API_CACHE (another isolate's fetch): a fresh copy
 *   means no fetch at all; only the isolate that fetched writes the copy back (once per fetch);
 * - a copy is fresh for JWKS_FRESH_MS, then refreshed in the background while it keeps serving;
 *   a failed refresh keeps the last good copy for up to JWKS_MAX_STALE_MS (stale-if-error);
 * - every fetch attempt, failed or not, starts JWKS_COOLDOWN_MS before the next one;
 * - a `kid` the copy does not have refetches (within the cooldown) and is then remembered as
 *   unknown for UNKNOWN_KID_TTL_MS, so forged tokens with random kids cost no fetches;
 * - no usable copy → 503 AUTH_UNAVAILABLE with Retry-After: the user's token may be fine, so the
 *   client must not sign them out (a 401 would).
 */
// One module, not the package index: its `export * as` namespace objects would stay in the bundle.
import * as apiCache from '@jobmatch/kv-schemas/api-cache';
import { ApiError, logEvent } from '@jobmatch/shared-middleware';
import { waitWhile } from '../cross-request-wait';
import { createLocalJWKSet, type FlattenedJWSInput, type JWK, type JWTHeaderParameters, type JWTVerifyGetKey } from 'jose';
import { JWKSNoMatchingKey } from 'jose/errors';

export const JWKS_FRESH_MS = 10 * 60_000;
/** Matches the KV copy's TTL (apiCache.jwksDocument). */
export const JWKS_MAX_STALE_MS = 6 * 3_600_000;
export const JWKS_COOLDOWN_MS = 30_000;
export const JWKS_TIMEOUT_MS = 3_000;
export const UNKNOWN_KID_TTL_MS = 60_000;
const UNKNOWN_KID_MAX = 1_000;
/** A key set is a few KiB; anything far larger is not one. */
const MAX_JWKS_BYTES = 64 * 1024;
/** How long a request waits for another one's KV read or fetch before it does its own. */
const SEED_WAIT_MS = 2_000;
export const FETCH_WAIT_MS = JWKS_TIMEOUT_MS + 1_000;

interface Copy {
  keys: JWK[];
  fetchedAt: number;
  getKey: JWTVerifyGetKey;
}

export interface JwksIo {
  kv: KVNamespace;
  waitUntil(promise: Promise<unknown>): void;
}

const unavailable = (retryAfterMs: number) =>
  new ApiError(503, 'AUTH_UNAVAILABLE', 'Sign-in cannot be checked right now; retry shortly (your session is not affected)', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });

export class RemoteKeySet {
  private copy: Copy | null = null;
  /** The KV copy was read once (found or not); `seeding`/`fetching`: the read or fetch in flight. */
  private seeded = false;
  private seeding: { at: number } | null = null;
  private fetching: { at: number } | null = null;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private readonly unknownKids = new Map<string, number>();

  /** `now` is the clock (tests move it). */
  constructor(
    readonly url: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** jose's key resolver for one request. */
  resolver(io: JwksIo): JWTVerifyGetKey {
    return (header, token) => this.keyFor(header, token, io);
  }

  private async keyFor(header: JWTHeaderParameters, token: FlattenedJWSInput, io: JwksIo) {
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const now = this.now();
    if (kid !== undefined && (this.unknownKids.get(kid) ?? 0) > now) throw new JWKSNoMatchingKey();
    if (!this.copy && !this.seeded) await this.seed(io.kv);
    if (!this.copy || now - this.copy.fetchedAt > JWKS_MAX_STALE_MS) {
      await this.refresh(io);
    } else if (now - this.copy.fetchedAt > JWKS_FRESH_MS) {
      io.waitUntil(this.refresh(io)); // stale-while-revalidate: this request uses the copy it has
    }
    const copy = this.usableCopy();
    try {
      return await copy.getKey(header, token);
    } catch (error) {
      if (!(error instanceof JWKSNoMatchingKey)) throw error;
    }
    // A rotated-in key appears in a newer copy: refetch, unless the copy was fetched within the cooldown.
    await this.refresh(io);
    try {
      return await this.usableCopy().getKey(header, token);
    } catch (error) {
      if (error instanceof JWKSNoMatchingKey && kid !== undefined) this.rememberUnknown(kid);
      throw error;
    }
  }

  private usableCopy(): Copy {
    const copy = this.copy;
    if (!copy || this.now() - copy.fetchedAt > JWKS_MAX_STALE_MS) {
      throw unavailable(this.lastAttemptAt + JWKS_COOLDOWN_MS - this.now());
    }
    return copy;
  }

  private rememberUnknown(kid: string): void {
    if (this.unknownKids.size >= UNKNOWN_KID_MAX) this.unknownKids.delete(this.unknownKids.keys().next().value!);
    this.unknownKids.set(kid, this.now() + UNKNOWN_KID_TTL_MS);
  }

  /** One KV read per isolate: a concurrent request waits for the one in flight. */
  private async seed(kv: KVNamespace): Promise<void> {
    if (this.seeding && this.now() - this.seeding.at < SEED_WAIT_MS) {
      await waitWhile(() => this.seeding !== null && !this.seeded, SEED_WAIT_MS);
      return;
    }
    const mine = { at: this.now() };
    this.seeding = mine;
    try {
      await this.seedFromKv(kv);
      this.seeded = true;
    } finally {
      if (this.seeding === mine) this.seeding = null;
    }
  }

  private async seedFromKv(kv: KVNamespace): Promise<void> {
    try {
      const stored = await apiCache.jwksDocument.get(kv, this.url);
      if (stored && !this.copy) this.adopt(stored.keys as JWK[], stored.fetchedAt);
    } catch (error) {
      logEvent('warn', 'jwks_kv_read_failed', { error: String(error) });
    }
  }

  private adopt(keys: JWK[], fetchedAt: number): void {
    const getKey = createLocalJWKSet({ keys });
    this.copy = { keys, fetchedAt, getKey };
    this.unknownKids.clear();
  }

  /** Waits for the fetch in flight, or starts one if the cooldown allows; never throws. */
  private async refresh(io: JwksIo): Promise<void> {
    if (this.fetching && this.now() - this.fetching.at < FETCH_WAIT_MS) {
      await waitWhile(() => this.fetching !== null, FETCH_WAIT_MS);
      return;
    }
    if (this.now() - this.lastAttemptAt < JWKS_COOLDOWN_MS) return;
    const mine = { at: this.now() };
    this.lastAttemptAt = mine.at;
    this.fetching = mine;
    // waitUntil: the fetch (and the copy it stores for the waiters) completes even if this
    // request's client goes away first.
    const work = this.fetchKeys(io).finally(() => {
      if (this.fetching === mine) this.fetching = null;
    });
    io.waitUntil(work);
    await work;
  }

  private async fetchKeys(io: JwksIo): Promise<void> {
    let keys: JWK[];
    try {
      const response = await fetch(this.url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
      const text = await response.text();
      if (!response.ok) throw new Error(`status ${response.status}`);
      if (text.length > MAX_JWKS_BYTES) throw new Error('response too large');
      keys = (JSON.parse(text) as { keys?: unknown }).keys as JWK[];
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'object' && k !== null && typeof k.kty === 'string')) {
        throw new Error('not a JSON Web Key Set');
      }
      createLocalJWKSet({ keys }); // throws on a malformed set, before it replaces a good one
    } catch (error) {
      logEvent('error', 'jwks_fetch_failed', { url: this.url, error: String(error), servingStale: this.copy !== null });
      return;
    }
    const fetchedAt = this.now();
    this.adopt(keys, fetchedAt);
    io.waitUntil(
      apiCache.jwksDocument
        .put(io.kv, this.url, { keys: keys as never, fetchedAt })
        .catch((error) => logEvent('warn', 'jwks_kv_write_failed', { error: String(error) })),
    );
  }
}

const keySets = new Map<string, RemoteKeySet>();

/** The isolate's key set for `url` (module scope, so warm requests never refetch). */
export function remoteKeySet(url: string): RemoteKeySet {
  let set = keySets.get(url);
  if (!set) {
    set = new RemoteKeySet(url);
    keySets.set(url, set);
  }
  return set;
}

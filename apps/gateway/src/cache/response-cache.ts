/**
 * The gateway's per-user API cache (KV API_CACHE, 5 minutes). Only GET responses that the
 * owning service marked cacheable (CACHEABLE_HEADER) and that answered 200 are kept, under
 * the user's id and a hash of the full path and query. A successful write stamps the families
 * it changes with its time; an entry is served only when it was requested after the latest
 * stamp of every family it reads, so a write makes older entries unreachable at once.
 *
 * KV writes are coalesced (never the same key twice per second from an isolate): within one
 * isolate invalidation is immediate; other isolates see a stamp once KV does (≤ 1 s when
 * several writes land within a second, plus KV's propagation to other locations).
 */
import { WriteCoalescer } from '@jobmatch/kv-schemas';
// One module, not the package index: its `export * as` namespace objects would stay in the bundle.
import * as apiCache from '@jobmatch/kv-schemas/api-cache';
import { CACHEABLE_HEADER, logEvent, takeInvalidation } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import type { RouteSpec } from '../routes/table';
import { familiesRead, familiesWritten } from './families';

export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';
/** Larger bodies are not worth a KV round trip (and KV values are capped anyway). */
export const MAX_CACHED_BODY_BYTES = 512 * 1024;

const coalescer = new WriteCoalescer((key, error) => logEvent('warn', 'api_cache_write_failed', { key, error: String(error) }));
/**
 * Route templates whose last 200 answer was not marked cacheable (file downloads, sessions, …):
 * looking them up would cost KV reads for a certain miss. Learnt per isolate, unlearnt as soon
 * as the service marks an answer cacheable again.
 */
const unmarkedTemplates = new Set<string>();
const templateOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;
/** This isolate's own latest write stamps, ahead of KV. */
const localStamps = new Map<string, number>();
const MAX_LOCAL_STAMPS = 10_000;
/** The newest stamp ever evicted from localStamps: entries older than it are never served. */
let evictedStampsUpTo = 0;
const stampKey = (userId: string, family: string) => `${userId}:${family}`;

async function requestHash(pathAndQuery: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`GET ${pathAndQuery}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type CachedEntry = NonNullable<Awaited<ReturnType<typeof apiCache.cachedResponse.get>>>;
/**
 * Entries this isolate stored or read, so a hit costs only the family stamp reads, not the
 * entry's KV read and parse. Exactly as coherent as reading KV: an entry is immutable for its
 * `requestedAt`, and it is served only under the same rule (requested after every stamp of
 * the families it reads, KV's and this isolate's) and within the entry's KV lifetime.
 * Bounded by count and by body size; oldest first out.
 */
const memoryEntries = new Map<string, CachedEntry>();
const MAX_MEMORY_ENTRIES = 2_000;
const MAX_MEMORY_BODY_CHARS = 16 * 1024 * 1024;
let memoryBodyChars = 0;
const memoryKey = (userId: string, pathAndQuery: string) => `${userId}\n${pathAndQuery}`;

function remember(key: string, entry: CachedEntry): void {
  forget(key);
  memoryEntries.set(key, entry);
  memoryBodyChars += entry.body.length;
  while (memoryEntries.size > MAX_MEMORY_ENTRIES || memoryBodyChars > MAX_MEMORY_BODY_CHARS) {
    forget(memoryEntries.keys().next().value as string);
  }
}

function forget(key: string): void {
  const old = memoryEntries.get(key);
  if (!old) return;
  memoryEntries.delete(key);
  memoryBodyChars -= old.body.length;
}

export function isCacheableRoute(spec: RouteSpec, request: Request): boolean {
  return spec.method === 'GET' && spec.auth === 'required' && request.method === 'GET';
}

export interface Lookup {
  hit: Response | null;
  /** Set when the caller should try to store the fresh response. */
  store: ((response: Response, ctx: ExecutionContext) => Promise<Response>) | null;
  /**
   * The user's latest write stamp of the families the route reads (0: none in the stamps'
   * lifetime); null when they were not read. Decides the read-consistency hint.
   */
  lastWriteAt: number | null;
}

export async function lookupCachedResponse(
  request: Request,
  spec: RouteSpec,
  env: GatewayEnv,
  userId: string,
  requestId: string,
  url: URL = new URL(request.url),
): Promise<Lookup> {
  const pathAndQuery = url.pathname + url.search;
  const requestedAt = Date.now();
  const families = familiesRead(spec);
  const key = memoryKey(userId, pathAndQuery);
  const store = storeFn(env, userId, pathAndQuery, key, families, requestedAt, templateOf(spec));
  const noCache = /no-cache|no-store/i.test(request.headers.get('Cache-Control') ?? '');
  if (noCache || unmarkedTemplates.has(templateOf(spec))) return { hit: null, store, lastWriteAt: null };
  try {
    const stampsRead = Promise.all(families.map((family) => apiCache.familyWriteStamp.get(env.API_CACHE, { userId, family })));
    const inMemory = memoryEntries.get(key);
    const entryRead =
      inMemory ?? requestHash(pathAndQuery).then((requestHash) => apiCache.cachedResponse.get(env.API_CACHE, { userId, requestHash }));
    const [entry, stamps] = await Promise.all([entryRead, stampsRead]);
    const latest = families.map((family, i) =>
      Math.max(stamps[i]?.writtenAt ?? 0, localStamps.get(stampKey(userId, family)) ?? evictedStampsUpTo),
    );
    const lastWriteAt = Math.max(0, ...latest);
    if (!entry || entry.userId !== userId || entry.path !== pathAndQuery) return { hit: null, store, lastWriteAt };
    const fresh =
      entry.requestedAt + apiCache.RESPONSE_TTL_SECONDS * 1000 > requestedAt && latest.every((stamp) => entry.requestedAt > stamp);
    if (!fresh) {
      // Stale in memory; KV may hold a newer entry stored by another isolate: look once more.
      if (inMemory) {
        forget(key);
        return await lookupCachedResponse(request, spec, env, userId, requestId, url);
      }
      return { hit: null, store, lastWriteAt };
    }
    if (!inMemory) remember(key, entry);
    return { hit: new Response(entry.body, { status: 200, headers: { 'Content-Type': entry.contentType } }), store: null, lastWriteAt };
  } catch (error) {
    logEvent('warn', 'api_cache_read_failed', { requestId, error: String(error) });
    return { hit: null, store, lastWriteAt: null };
  }
}

function storeFn(
  env: GatewayEnv,
  userId: string,
  pathAndQuery: string,
  memory: string,
  families: readonly string[],
  requestedAt: number,
  template: string,
): Lookup['store'] {
  return async (response, ctx) => {
    if (response.status !== 200) return response;
    // Too large to keep: don't buffer it just to find out.
    if (Number(response.headers.get('Content-Length') ?? 0) > MAX_CACHED_BODY_BYTES) return response;
    if (response.headers.get(CACHEABLE_HEADER) === null) {
      unmarkedTemplates.add(template);
      return response;
    }
    unmarkedTemplates.delete(template);
    const body = await response.text();
    const copy = new Response(body, response);
    if (body.length > MAX_CACHED_BODY_BYTES) return copy;
    const entry: CachedEntry = {
      userId,
      path: pathAndQuery,
      contentType: response.headers.get('Content-Type') ?? 'application/json',
      body,
      requestedAt,
      families: [...families],
    };
    // Never replace a newer entry (a slower, older request finishing last).
    if ((memoryEntries.get(memory)?.requestedAt ?? 0) < requestedAt) remember(memory, entry);
    const id = { userId, requestHash: await requestHash(pathAndQuery) };
    const { done } = coalescer.write(apiCache.cachedResponse.key(id), () => apiCache.cachedResponse.put(env.API_CACHE, id, entry));
    ctx.waitUntil(done);
    copy.headers.set('X-Cache', 'MISS');
    return copy;
  };
}

/**
 * After a write that may have changed data (2xx, or a 5xx/timeout after which the service may
 * still have committed): stamp every family the route changes. The first stamp of a key
 * in a second is written before the response returns (so the client's next read, on any
 * isolate, misses); faster repeats collapse into one trailing write.
 */
export async function invalidateAfterWrite(spec: RouteSpec, env: GatewayEnv, ctx: ExecutionContext, userId: string): Promise<void> {
  await invalidateFamilies(familiesWritten(spec), env, ctx, userId);
}

/**
 * The families a service named in its answer (shared-middleware invalidation.ts: e.g. the
 * public LinkedIn callback, whose user only the service knows). Strips the headers either way.
 */
export async function invalidateNamedByService(response: Response, env: GatewayEnv, ctx: ExecutionContext): Promise<void> {
  const named = takeInvalidation(response.headers);
  if (named) await invalidateFamilies(named.families, env, ctx, named.userId);
}

async function invalidateFamilies(families: readonly string[], env: GatewayEnv, ctx: ExecutionContext, userId: string): Promise<void> {
  const now = Date.now();
  const waits: Promise<void>[] = [];
  for (const family of families) {
    const key = stampKey(userId, family);
    localStamps.delete(key); // re-insert: the map's order is then oldest stamp first
    localStamps.set(key, now);
    if (localStamps.size > MAX_LOCAL_STAMPS) {
      const [oldestKey, oldestStamp] = localStamps.entries().next().value as [string, number];
      localStamps.delete(oldestKey);
      evictedStampsUpTo = Math.max(evictedStampsUpTo, oldestStamp);
    }
    const id = { userId, family };
    const { done, deferred } = coalescer.write(apiCache.familyWriteStamp.key(id), () =>
      apiCache.familyWriteStamp.put(env.API_CACHE, id, { writtenAt: localStamps.get(stampKey(userId, family)) ?? now }),
    );
    if (deferred) ctx.waitUntil(done);
    else waits.push(done);
  }
  await Promise.all(waits);
}

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
import { apiCache, WriteCoalescer } from '@jobmatch/kv-schemas';
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

async function requestHash(url: URL): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`GET ${url.pathname}${url.search}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function isCacheableRoute(spec: RouteSpec, request: Request): boolean {
  return spec.method === 'GET' && spec.auth === 'required' && request.method === 'GET';
}

export interface Lookup {
  hit: Response | null;
  /** Set when the caller should try to store the fresh response. */
  store: ((response: Response, ctx: ExecutionContext) => Promise<Response>) | null;
}

export async function lookupCachedResponse(
  request: Request,
  spec: RouteSpec,
  env: GatewayEnv,
  userId: string,
  requestId: string,
): Promise<Lookup> {
  const url = new URL(request.url);
  const requestedAt = Date.now();
  const families = familiesRead(spec);
  const id = { userId, requestHash: await requestHash(url) };
  const store = storeFn(env, id, url, families, requestedAt, templateOf(spec));
  const noCache = /no-cache|no-store/i.test(request.headers.get('Cache-Control') ?? '');
  if (noCache || unmarkedTemplates.has(templateOf(spec))) return { hit: null, store };
  try {
    const [entry, ...stamps] = await Promise.all([
      apiCache.cachedResponse.get(env.API_CACHE, id),
      ...families.map((family) => apiCache.familyWriteStamp.get(env.API_CACHE, { userId, family })),
    ]);
    if (!entry || entry.userId !== userId || entry.path !== url.pathname + url.search) return { hit: null, store };
    const fresh = families.every((family, i) => {
      const latest = Math.max(stamps[i]?.writtenAt ?? 0, localStamps.get(stampKey(userId, family)) ?? evictedStampsUpTo);
      return entry.requestedAt > latest;
    });
    if (!fresh) return { hit: null, store };
    return { hit: new Response(entry.body, { status: 200, headers: { 'Content-Type': entry.contentType } }), store: null };
  } catch (error) {
    logEvent('warn', 'api_cache_read_failed', { requestId, error: String(error) });
    return { hit: null, store };
  }
}

function storeFn(
  env: GatewayEnv,
  id: { userId: string; requestHash: string },
  url: URL,
  families: string[],
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
    const key = apiCache.cachedResponse.key(id);
    const { done } = coalescer.write(key, () =>
      apiCache.cachedResponse.put(env.API_CACHE, id, {
        userId: id.userId,
        path: url.pathname + url.search,
        status: 200,
        contentType: response.headers.get('Content-Type') ?? 'application/json',
        body,
        requestedAt,
        families,
      }),
    );
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

async function invalidateFamilies(families: string[], env: GatewayEnv, ctx: ExecutionContext, userId: string): Promise<void> {
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

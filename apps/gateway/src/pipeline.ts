/**
 * The gateway's request path, in this order (the one list; docs/ARCHITECTURE.md points here):
 *
 *  1. Request id: the client's X-Request-Id if well-formed, else a new UUID.
 *  2. Preflight (OPTIONS) and GET /health answer here; nothing below runs for them.
 *  3. Route table (routes/table.ts): method + path → RouteSpec; not in the table → 404.
 *  4. Authentication (auth/): Bearer JWT, on `auth: required` routes.
 *  5. Session check (sessions/): a revoked session_id → 401; activity recorded behind.
 *  6. Rate limit (rate-limit/): counted per user (or IP) per route template; a cache hit counts.
 *  7. API cache lookup (cache/): authenticated GETs may be answered here (X-Cache: HIT).
 *  8. Body cap (http/body.ts): over the route's maxBodyBytes → 413, before anything is forwarded.
 *  9. Sign the identity and forward over the Service Binding (http/upstream.ts), with a deadline.
 * 10. After the answer: store a cacheable GET (MISS); a write that may have changed data stamps
 *     its cache families and runs the route's `afterWrite` side effect.
 * 11. Response headers: request id, rate limit, CORS, security headers, Server-Timing.
 * 12. One log line.
 */
import {
  API_VERSION_HEADER,
  ApiError,
  CACHEABLE_HEADER,
  consistencyAfterWrite,
  errorResponse,
  H_READ_CONSISTENCY,
  logRequest,
  logUnexpected,
  resolveRequestId,
  routeNotFound,
  setLogLevel,
  toApiError,
  type Identity,
} from '@jobmatch/shared-middleware';
import { authenticate } from './auth/authenticate';
import { invalidateAfterWrite, invalidateNamedByService, isCacheableRoute, lookupCachedResponse } from './cache/response-cache';
import type { GatewayEnv } from './env';
import { health } from './health';
import { docsPageResponse, openApiResponse } from './openapi/document';
import { boundedBody } from './http/body';
import { applyCors, preflight } from './http/cors';
import { applySecurityHeaders } from './http/security-headers';
import { ServerTiming } from './http/server-timing';
import { enforceRateLimit, type RateLimitOutcome } from './rate-limit';
import { forwardToService } from './http/upstream';
import { upstreamLogFields } from './http/upstream-observation';
import { matchRoute } from './routes/match';
import { DEFAULT_MAX_BODY_BYTES, type RouteSpec } from './routes/table';
import { enforceSession, forgetSessionsOf } from './sessions/session-guard';

export async function handleRequest(request: Request, env: GatewayEnv, ctx: ExecutionContext): Promise<Response> {
  const started = Date.now();
  setLogLevel(env.LOG_LEVEL);
  const timing = new ServerTiming();
  const requestId = resolveRequestId(request.headers.get('X-Request-Id')); // 1
  const origin = request.headers.get('Origin');
  const url = new URL(request.url);
  let route = 'unmatched';
  let userId: string | undefined;
  let service: string | undefined;
  let errorCode: string | undefined;
  let response: Response;
  let rateLimit: RateLimitOutcome | undefined;

  try {
    if (request.method === 'OPTIONS') {
      // 2
      route = 'OPTIONS *';
      response =
        preflight(request, env) ?? errorResponse(new ApiError(403, 'CORS_ORIGIN_DENIED', 'This origin may not call the API'), requestId);
    } else if (url.pathname === '/health' && request.method === 'GET') {
      route = '/health';
      response = await health(request, env);
    } else if (url.pathname === '/api/openapi.json' && request.method === 'GET') {
      route = '/api/openapi.json';
      response = await openApiResponse(env);
    } else if (url.pathname === '/api/docs' && request.method === 'GET' && env.ENVIRONMENT === 'development') {
      route = '/api/docs';
      response = await docsPageResponse(env); // core serves the page (gateway bundle budget)
    } else {
      const match = matchRoute(request.method, url.pathname); // 3
      if (!match) throw routeNotFound(request.method, url.pathname);
      const { spec } = match;
      route = spec.path;
      service = spec.service;

      const identity: Identity = {
        userId: null,
        email: null,
        sessionId: null,
        clientIp: request.headers.get('CF-Connecting-IP'),
        // Cloudflare's own lookup, not the CF-IPCountry header (which a caller in front could set).
        country: (request.cf as { country?: string } | undefined)?.country ?? null,
        requestId,
      };
      if (spec.auth === 'required') {
        const user = await timing.time('auth', () => authenticate(request, env, ctx)); // 4
        identity.userId = userId = user.userId;
        identity.email = user.email;
        identity.sessionId = user.sessionId;
        await timing.time('session', () => enforceSession(request, env, ctx, identity)); // 5
      }
      rateLimit = await timing.time('rate-limit', () => enforceRateLimit(env, ctx, spec, identity)); // 6
      response = await forwardWithCache(request, url, env, ctx, spec, identity, timing); // 7–10
    }
  } catch (thrown) {
    const error = toApiError(thrown);
    logUnexpected(error, { service: 'gateway', requestId, route });
    errorCode = error.code;
    response = errorResponse(error, requestId);
  }

  // 11
  response.headers.set('X-Request-Id', requestId); // every response here has mutable headers
  response.headers.delete(CACHEABLE_HEADER);
  response.headers.delete(API_VERSION_HEADER); // internal: the gateway reads it, the client never sees it
  rateLimit?.applyTo(response.headers);
  applyCors(response.headers, origin, env);
  // The dev docs page (from core) brings its own script policy (a nonce); everything else is JSON or files.
  applySecurityHeaders(response.headers, env.ENVIRONMENT, route === '/api/docs' ? response.headers.get('Content-Security-Policy') : null);
  response.headers.set('Server-Timing', timing.header());
  // 12
  logRequest({
    service: 'gateway',
    env: env.ENVIRONMENT,
    requestId,
    method: request.method,
    route,
    status: response.status,
    durationMs: Date.now() - started,
    ...(service ? { upstream: service, ...upstreamLogFields(request) } : {}),
    ...(userId ? { userId } : {}),
    ...(errorCode ? { errorCode } : {}),
  });
  return response;
}

/** Steps 7–10: GETs go through the per-user API cache; writes that may have changed data invalidate it. */
async function forwardWithCache(
  request: Request,
  url: URL,
  env: GatewayEnv,
  ctx: ExecutionContext,
  spec: RouteSpec,
  identity: Identity,
  timing: ServerTiming,
): Promise<Response> {
  const userId = identity.userId;
  const lookup =
    userId && isCacheableRoute(spec, request)
      ? await timing.time(
          'cache',
          () => lookupCachedResponse(request, spec, env, userId, identity.requestId, url),
          (l) => (l.hit ? 'HIT' : 'MISS'),
        )
      : null;
  if (lookup?.hit) {
    lookup.hit.headers.set('X-Cache', 'HIT');
    return lookup.hit;
  }
  const body = await boundedBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES); // 8
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  let response: Response;
  try {
    // Reads may go to a D1 replica unless the user wrote what this route reads just now.
    const consistency: Record<string, string> = lookup ? { [H_READ_CONSISTENCY]: consistencyAfterWrite(lookup.lastWriteAt) } : {};
    const upstream = await timing.time('upstream', () => forwardToService(request, env, spec, identity, body, consistency)); // 9
    response = new Response(upstream.body, upstream); // upstream headers are immutable
    await invalidateNamedByService(response, env, ctx);
  } catch (error) {
    // A write whose answer was lost (timeout, crash) may still have committed: invalidate anyway.
    if (userId && isWrite && error instanceof ApiError && error.statusCode >= 500) await invalidateAfterWrite(spec, env, ctx, userId);
    throw error;
  }
  if (lookup?.store) response = await lookup.store(response, ctx); // 10
  if (!response.headers.has('X-Cache')) response.headers.set('X-Cache', 'BYPASS');

  // 4xx: the service refused the write, nothing changed. 2xx and 5xx: it did, or may have.
  if (userId && isWrite && (response.status < 400 || response.status >= 500)) {
    await invalidateAfterWrite(spec, env, ctx, userId);
    if (spec.afterWrite === 'forget-sessions') forgetSessionsOf(userId);
  }
  return response;
}

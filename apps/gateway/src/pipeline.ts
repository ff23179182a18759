/**
 * The gateway's request path: request id → CORS preflight → route table → auth → session
 * check → body cap → API cache (GET) → forward over the Service Binding → cache
 * invalidation (writes) → CORS/security headers → one log line.
 */
import {
  ApiError,
  CACHEABLE_HEADER,
  errorResponse,
  logRequest,
  resolveRequestId,
  routeNotFound,
  toApiError,
  withRequestId,
  type Identity,
} from '@jobmatch/shared-middleware';
import { authenticate } from './auth/authenticate';
import { invalidateAfterWrite, invalidateNamedByService, isCacheableRoute, lookupCachedResponse } from './cache/response-cache';
import type { GatewayEnv } from './env';
import { health } from './health';
import { boundedBody } from './http/body';
import { applyCors, preflight } from './http/cors';
import { applySecurityHeaders } from './http/security-headers';
import { enforceRateLimit, type RateLimitOutcome } from './rate-limit';
import { forwardToService } from './http/upstream';
import { matchRoute } from './routes/match';
import { DEFAULT_MAX_BODY_BYTES, type RouteSpec } from './routes/table';
import { enforceSession, forgetSessionsOf } from './sessions/session-guard';

export async function handleRequest(request: Request, env: GatewayEnv, ctx: ExecutionContext): Promise<Response> {
  const started = Date.now();
  const requestId = resolveRequestId(request.headers.get('X-Request-Id'));
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
      route = 'OPTIONS *';
      response =
        preflight(request, env) ??
        errorResponse(new ApiError(403, 'CORS_ORIGIN_DENIED', 'This origin may not call the API'), requestId);
    } else if (url.pathname === '/health' && request.method === 'GET') {
      route = '/health';
      response = await health(env);
    } else {
      const match = await matchRoute(request.method, request.url);
      if (!match) throw routeNotFound(request.method, url.pathname);
      const { spec } = match;
      route = spec.path;
      service = spec.service;

      const identity: Identity = {
        userId: null,
        email: null,
        sessionId: null,
        clientIp: request.headers.get('CF-Connecting-IP'),
        requestId,
      };
      if (spec.auth === 'required') {
        const user = await authenticate(request, env, ctx);
        identity.userId = userId = user.userId;
        identity.email = user.email;
        identity.sessionId = user.sessionId;
        await enforceSession(request, env, ctx, identity);
      }
      rateLimit = await enforceRateLimit(env, ctx, spec, identity);
      response = await forwardWithCache(request, env, ctx, spec, identity);
    }
  } catch (thrown) {
    const error = toApiError(thrown);
    if (error !== thrown) console.error(JSON.stringify({ level: 'error', msg: 'gateway_exception', requestId, error: String(thrown) }));
    errorCode = error.code;
    response = errorResponse(error, requestId);
  }

  response = withRequestId(response, requestId);
  response.headers.delete(CACHEABLE_HEADER);
  rateLimit?.applyTo(response.headers);
  applyCors(response.headers, origin, env);
  applySecurityHeaders(response.headers, env.ENVIRONMENT);
  logRequest({
    service: 'gateway',
    env: env.ENVIRONMENT,
    requestId,
    method: request.method,
    route,
    status: response.status,
    durationMs: Date.now() - started,
    ...(service ? { upstream: service } : {}),
    ...(userId ? { userId } : {}),
    ...(errorCode ? { errorCode } : {}),
  });
  return response;
}

/** GETs go through the per-user API cache; successful writes invalidate it. */
async function forwardWithCache(
  request: Request,
  env: GatewayEnv,
  ctx: ExecutionContext,
  spec: RouteSpec,
  identity: Identity,
): Promise<Response> {
  const userId = identity.userId;
  const lookup = userId && isCacheableRoute(spec, request)
    ? await lookupCachedResponse(request, spec, env, userId, identity.requestId)
    : null;
  if (lookup?.hit) {
    lookup.hit.headers.set('X-Cache', 'HIT');
    return lookup.hit;
  }
  const body = await boundedBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
  let response: Response;
  try {
    const upstream = await forwardToService(request, env, spec, identity, body);
    response = new Response(upstream.body, upstream); // upstream headers are immutable
    await invalidateNamedByService(response, env, ctx);
  } catch (error) {
    // A write whose answer was lost (timeout, crash) may still have committed: invalidate anyway.
    if (userId && isWrite && error instanceof ApiError && error.statusCode >= 500) await invalidateAfterWrite(spec, env, ctx, userId);
    throw error;
  }
  if (lookup?.store) response = await lookup.store(response, ctx);
  if (!response.headers.has('X-Cache')) response.headers.set('X-Cache', 'BYPASS');

  // 4xx: the service refused the write, nothing changed. 2xx and 5xx: it did, or may have.
  if (userId && isWrite && (response.status < 400 || response.status >= 500)) {
    await invalidateAfterWrite(spec, env, ctx, userId);
    if (request.method === 'DELETE' && spec.path.startsWith('/api/sessions')) forgetSessionsOf(userId);
  }
  return response;
}

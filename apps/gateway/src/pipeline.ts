/**
 * The gateway's request path: request id → CORS preflight → route table → auth →
 * body cap → forward over the Service Binding → CORS/security headers → one log line.
 */
import {
  ApiError,
  errorResponse,
  logRequest,
  resolveRequestId,
  routeNotFound,
  toApiError,
  withRequestId,
  type Identity,
} from '@jobmatch/shared-middleware';
import { authenticate } from './auth/authenticate';
import type { GatewayEnv } from './env';
import { health } from './health';
import { boundedBody } from './http/body';
import { applyCors, preflight } from './http/cors';
import { applySecurityHeaders } from './http/security-headers';
import { enforceRateLimit, type RateLimitOutcome } from './rate-limit';
import { forwardToService } from './http/upstream';
import { matchRoute } from './routes/match';
import { DEFAULT_MAX_BODY_BYTES } from './routes/table';

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
      }
      rateLimit = await enforceRateLimit(env, ctx, spec, identity);
      const body = await boundedBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const upstream = await forwardToService(request, env, spec, identity, body);
      response = new Response(upstream.body, upstream); // upstream headers are immutable
    }
  } catch (thrown) {
    const error = toApiError(thrown);
    if (error !== thrown) console.error(JSON.stringify({ level: 'error', msg: 'gateway_exception', requestId, error: String(thrown) }));
    errorCode = error.code;
    response = errorResponse(error, requestId);
  }

  response = withRequestId(response, requestId);
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

/**
 * The skeleton every internal service Worker shares: GET /health and GET /openapi[/page] (unsigned), gateway
 * signature check on everything else, itty-router dispatch, the one error envelope,
 * X-Request-Id on every response and one structured log line per request.
 */
import { Router, type IRequest, type RouterType } from 'itty-router';
import { API_VERSION_HEADER, INTERNAL_API_VERSION } from './api-version';
import { toServiceError, USER_MOVING } from './d1-refusals';
import { ApiError, errorResponse, routeNotFound } from './errors';
import { assertSigningSecret, verifyIdentity, type Identity } from './identity';
import { json } from './json';
import { logRequest, logUnexpected, setLogLevel } from './logging';
import { resolveRequestId } from './request-id';
import { serviceApiDocs, type PublicDocs, type RouteDocs, type ServiceApiDocs } from './route-docs';

export interface ServiceEnv {
  ENVIRONMENT?: string;
  INTERNAL_SIGNING_SECRET?: string;
  /** "true" only while rolling out a new signature version (identity.ts VerifyOptions). */
  ACCEPT_LEGACY_SIGNATURES?: string;
  /** debug | info (default) | warn | error: the lowest level written to the log. */
  LOG_LEVEL?: string;
}

export type ServiceRequest = IRequest & { identity: Identity };
export type ServiceRouter<E> = RouterType<ServiceRequest, [E, ExecutionContext]>;
export type RouteModule<E> = (router: ServiceRouter<E>) => void;

export interface ServiceDefinition<E extends ServiceEnv> {
  service: string;
  version: string;
  /** The internal API version this service speaks (see api-version.ts); defaults to the current one. */
  apiVersion?: number;
  routes: RouteModule<E>[];
  /** Extra fields for /health (e.g. which AI provider is active). */
  health?: (env: E) => Record<string, unknown>;
  /** The routes' schemas, served at GET /openapi for the gateway's API document. */
  docs?: RouteDocs[];
  /** The public document's parts outside the route table, and its page (core only). */
  publicDocs?: PublicDocs;
  /**
   * Called with the user's id when their request was refused by the move fence (503
   * USER_MOVING): the services with D1 drop the isolate's cached user → shard answer here, so
   * the retry after the switch reads the directory again (packages/db `shards.clearShardCache`).
   */
  onUserMoving?: (userId: string) => void;
}

/** The authenticated user of a request; 401 on a public (user-less) call. */
export function userOf(request: ServiceRequest): { userId: string; email: string | null; sessionId: string | null } {
  const { userId, email, sessionId } = request.identity;
  if (!userId) throw new ApiError(401, 'MISSING_AUTH_HEADER', 'This route needs an authenticated user');
  return { userId, email, sessionId };
}

export function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set('X-Request-Id', requestId);
    return response;
  } catch {
    // Responses from fetch()/R2 may have immutable headers: copy them.
    const copy = new Response(response.body, response);
    copy.headers.set('X-Request-Id', requestId);
    return copy;
  }
}

export function createServiceHandler<E extends ServiceEnv>(def: ServiceDefinition<E>) {
  const router: ServiceRouter<E> = Router<ServiceRequest, [E, ExecutionContext]>();
  for (const register of def.routes) register(router);
  let apiDocs: ServiceApiDocs | undefined; // built on first request, once per isolate
  const apiVersion = String(def.apiVersion ?? INTERNAL_API_VERSION);

  return async function fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response> {
    const started = Date.now();
    setLogLevel(env.LOG_LEVEL);
    const url = new URL(request.url);
    let requestId = resolveRequestId(request.headers.get('x-request-id'));
    let userId: string | undefined;
    let route = url.pathname === '/health' ? '/health' : 'unmatched';
    let response: Response;
    let errorCode: string | undefined;
    try {
      if (url.pathname === '/health' && request.method === 'GET') {
        response = json({
          status: 'ok',
          service: def.service,
          version: def.version,
          apiVersion: Number(apiVersion),
          environment: env.ENVIRONMENT ?? 'development',
          ...def.health?.(env),
        });
      } else if (url.pathname === '/openapi' && request.method === 'GET') {
        // Unsigned like /health: schemas only, and internal Workers have no public route.
        route = '/openapi';
        apiDocs ??= serviceApiDocs(def.service, def.version, def.docs ?? [], def.publicDocs);
        response = json(apiDocs);
      } else if (url.pathname === '/openapi/page' && request.method === 'GET' && def.publicDocs?.page) {
        route = '/openapi/page';
        response = def.publicDocs.page();
      } else {
        const identity = await verifyIdentity(assertSigningSecret(env.INTERNAL_SIGNING_SECRET), request, Date.now(), {
          acceptLegacyV1: env.ACCEPT_LEGACY_SIGNATURES === 'true',
        });
        requestId = identity.requestId;
        userId = identity.userId ?? undefined;
        const routed = request as ServiceRequest;
        routed.identity = identity;
        const result = await router.fetch(routed, env, ctx);
        route = routed.route ?? route;
        if (!(result instanceof Response)) throw routeNotFound(request.method, url.pathname);
        response = result;
      }
    } catch (thrown) {
      const error = toServiceError(thrown);
      if (error.code === USER_MOVING && userId) def.onUserMoving?.(userId);
      route = (request as Partial<ServiceRequest>).route ?? route;
      logUnexpected(error, { service: def.service, requestId, route });
      errorCode = error.code;
      response = errorResponse(error, requestId);
    }
    response = withRequestId(response, requestId);
    response.headers.set(API_VERSION_HEADER, apiVersion);
    logRequest({
      service: def.service,
      env: env.ENVIRONMENT ?? 'development',
      requestId,
      method: request.method,
      route,
      status: response.status,
      durationMs: Date.now() - started,
      ...(userId ? { userId } : {}),
      ...(errorCode ? { errorCode } : {}),
    });
    return response;
  };
}

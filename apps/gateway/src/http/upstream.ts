/**
 * Forwarding over a Service Binding: strips client-sent internal headers, signs the
 * verified identity, bounds the call with a timeout and turns upstream failures into the
 * contract's UPSTREAM_* errors (never a bare 500).
 */
import {
  ApiError,
  logEvent,
  signIdentity,
  stripInternalHeaders,
  UNSIGNED_PAYLOAD,
  type Identity,
  type SignedBody,
} from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { DEFAULT_MAX_BODY_BYTES, SERVICE_TIMEOUT_MS, type RouteSpec, type ServiceName } from '../routes/table';
import { observeUpstream } from './upstream-observation';

export const SERVICE_BINDING: Record<ServiceName, 'CORE' | 'AI' | 'INTEGRATIONS'> = {
  core: 'CORE',
  ai: 'AI',
  integrations: 'INTEGRATIONS',
};

/**
 * Bodies of routes capped at or below this are buffered, so the signature binds their digest;
 * routes with a larger cap (file uploads) stream theirs as UNSIGNED_PAYLOAD.
 */
export const SIGNED_BODY_MAX_BYTES = 1024 * 1024;

/** Client headers that never reach a service. */
const DROPPED_REQUEST_HEADERS = ['authorization', 'cookie'];

export function timeoutFor(spec: RouteSpec, env: GatewayEnv): number {
  const base = spec.timeoutMs ?? SERVICE_TIMEOUT_MS[spec.service];
  const cap = Number(env.UPSTREAM_TIMEOUT_MS);
  return Number.isFinite(cap) && cap > 0 ? Math.min(base, cap) : base;
}

/** Runs `call` with a deadline; a timeout answers 504 UPSTREAM_TIMEOUT. */
export async function withDeadline<T>(service: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ApiError(504, 'UPSTREAM_TIMEOUT', `The ${service} service did not answer within ${timeoutMs} ms`, { service }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

export async function forwardToService(
  request: Request,
  env: GatewayEnv,
  spec: RouteSpec,
  identity: Identity,
  body: ReadableStream | ArrayBuffer | null,
  /** The gateway's own internal headers (x-jobmatch-*), set after the client's are stripped. */
  internal: Record<string, string> = {},
): Promise<Response> {
  const service = spec.service;
  const headers = new Headers(request.headers);
  stripInternalHeaders(headers);
  for (const [name, value] of Object.entries(internal)) headers.set(name, value);
  for (const name of DROPPED_REQUEST_HEADERS) headers.delete(name);
  const url = new URL(request.url);
  const target = `https://${service}.internal${url.pathname}${url.search}`;
  let sent = body;
  let signed: SignedBody = null;
  if (body instanceof ReadableStream) {
    if ((spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) > SIGNED_BODY_MAX_BYTES) signed = UNSIGNED_PAYLOAD;
    else signed = sent = await new Response(body).arrayBuffer();
  } else {
    signed = body;
  }
  await signIdentity(env.INTERNAL_SIGNING_SECRET, headers, identity, request.method, target, Date.now(), signed);

  let upstream: Response;
  const started = Date.now();
  try {
    upstream = await withDeadline(service, timeoutFor(spec, env), (signal) =>
      // manual: a service's redirect (the LinkedIn callback's 302 to the app) goes to the client, not followed here.
      env[SERVICE_BINDING[service]].fetch(target, { method: request.method, headers, body: sent, signal, redirect: 'manual' }),
    );
  } catch (error) {
    if (error instanceof ApiError) throw error;
    logEvent('error', 'upstream_exception', { service, requestId: identity.requestId, error: String(error) });
    throw new ApiError(502, 'UPSTREAM_ERROR', `The ${service} service failed to answer`, { service });
  }
  observeUpstream(request, service, started, upstream, identity.requestId);
  return await mapUpstreamFailure(upstream, service, identity.requestId);
}

/**
 * A service's own envelope passes through, except what would mislead the client: an
 * unexpected 500 (the service crashed), an error that is not an envelope (garbage from a
 * broken service: the client would get HTML where it parses {code, message}), and a refused
 * internal signature (gateway and service disagree on the signing secret — a deployment
 * fault, not the user's).
 */
async function mapUpstreamFailure(upstream: Response, service: string, requestId: string): Promise<Response> {
  if (upstream.status < 400) return upstream;
  const text = await upstream.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  const passThrough = () => new Response(text, upstream);
  if (upstream.status === 401 && code === 'UNAUTHENTICATED_INTERNAL') {
    logEvent('error', 'upstream_refused_signature', { service, requestId });
    throw new ApiError(502, 'UPSTREAM_AUTH_FAILED', `The ${service} service refused the gateway's credentials`, { service });
  }
  if (upstream.status === 500 || !code) {
    logEvent('error', 'upstream_failed', { service, requestId, status: upstream.status, code });
    throw new ApiError(502, 'UPSTREAM_ERROR', `The ${service} service failed`, { service });
  }
  return passThrough();
}

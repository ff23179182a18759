/**
 * GET /health: the gateway plus each service's /health over its binding.
 *
 * Public answer: `{status, services: {name: {status}}}` (200 ok / 503 degraded) — nothing a
 * caller could learn internals from (no exception text, versions, latency or environment).
 * Details (latency, versions, API-version skew, the probe's error) only for an authorised
 * caller: `X-Health-Token` equal to the `HEALTH_TOKEN` secret, or any caller in development.
 * One probe round serves every /health request of the isolate for HEALTH_CACHE_MS, so the public,
 * unmetered route costs at most one fan-out per few seconds per isolate however often it is
 * called. While a round is in flight, other requests answer from the last finished round; they
 * never await the round itself: a request waiting on a promise that another request's I/O
 * settles is cancelled by the runtime as hung ("your Worker's code had hung", a plain 500) —
 * the soak's /health mix hit that 24 times in 249,000 requests. Only before the isolate's
 * first round has finished does each request probe for itself.
 */
import { INTERNAL_API_VERSION, json } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from './env';
import { SERVICE_BINDING, withDeadline } from './http/upstream';
import { checkApiVersion, versionSkew } from './http/upstream-observation';
import type { ServiceName } from './routes/table';

const HEALTH_TIMEOUT_MS = 2_000;
export const HEALTH_CACHE_MS = 5_000;
export const HEALTH_TOKEN_HEADER = 'X-Health-Token';
export const GATEWAY_VERSION = '0.1.0';

interface ServiceHealth {
  status: 'ok' | 'down';
  latencyMs: number;
  version?: string;
  apiVersion?: number;
  apiVersionSkew?: string;
  error?: string;
}

async function probe(env: GatewayEnv, service: ServiceName): Promise<ServiceHealth> {
  const started = Date.now();
  try {
    const response = await withDeadline(service, HEALTH_TIMEOUT_MS, (signal) =>
      env[SERVICE_BINDING[service]].fetch(`https://${service}.internal/health`, { signal }),
    );
    const body = (await response.json().catch(() => ({}))) as { status?: string; version?: string };
    const ok = response.ok && body.status === 'ok';
    // A service one internal API version apart is still up: skew is reported, not a failure.
    const apiVersion = checkApiVersion(service, response.headers);
    const skew = versionSkew(apiVersion);
    return {
      status: ok ? 'ok' : 'down',
      latencyMs: Date.now() - started,
      ...(body.version ? { version: body.version } : {}),
      ...(apiVersion !== null ? { apiVersion } : {}),
      ...(skew && skew !== 'same' ? { apiVersionSkew: skew } : {}),
    };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

type Round = Record<ServiceName, ServiceHealth>;
/** The last finished round (a value, never a promise: see the file comment). */
let lastRound: { at: number; services: Round } | undefined;
/** When the round in flight started (0: none). */
let roundStartedAt = 0;

async function probeAll(env: GatewayEnv): Promise<Round> {
  const now = Date.now();
  if (lastRound && now - lastRound.at < HEALTH_CACHE_MS) return lastRound.services;
  // A round in flight (younger than its own deadline): answer from the last one meanwhile.
  if (lastRound && now - roundStartedAt < HEALTH_TIMEOUT_MS + 1_000) return lastRound.services;
  roundStartedAt = now;
  const names = Object.keys(SERVICE_BINDING) as ServiceName[];
  try {
    const results = await Promise.all(names.map((name) => probe(env, name)));
    const services = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Round;
    lastRound = { at: now, services };
    return services;
  } finally {
    roundStartedAt = 0;
  }
}

/** Tests swap bindings between calls: start the next call from a fresh probe round. */
export function forgetHealthRound(): void {
  lastRound = undefined;
  roundStartedAt = 0;
}

async function mayReadDetails(request: Request, env: GatewayEnv): Promise<boolean> {
  if (env.ENVIRONMENT === 'development') return true;
  const sent = request.headers.get(HEALTH_TOKEN_HEADER);
  const secret = env.HEALTH_TOKEN;
  if (!sent || !secret || secret.length < 16) return false;
  // Compare digests: equal length, constant time, whatever was sent.
  const digest = (s: string) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  const [a, b] = await Promise.all([digest(sent), digest(secret)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export async function health(request: Request, env: GatewayEnv): Promise<Response> {
  const services = await probeAll(env);
  const allOk = Object.values(services).every((s) => s.status === 'ok');
  const status = allOk ? 'ok' : 'degraded';
  if (!(await mayReadDetails(request, env))) {
    const summary = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, { status: s.status }]));
    return json({ status, services: summary }, allOk ? 200 : 503);
  }
  return json(
    { status, services, version: env.VERSION ?? GATEWAY_VERSION, apiVersion: INTERNAL_API_VERSION, environment: env.ENVIRONMENT },
    allOk ? 200 : 503,
  );
}

/** GET /health: the gateway plus each service's /health over its binding, with latency. */
import { INTERNAL_API_VERSION, json } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from './env';
import { SERVICE_BINDING, withDeadline } from './http/upstream';
import { checkApiVersion, versionSkew } from './http/upstream-observation';
import type { ServiceName } from './routes/table';

const HEALTH_TIMEOUT_MS = 2_000;
export const GATEWAY_VERSION = '0.1.0';

async function probe(env: GatewayEnv, service: ServiceName) {
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

export async function health(env: GatewayEnv): Promise<Response> {
  const names = Object.keys(SERVICE_BINDING) as ServiceName[];
  const results = await Promise.all(names.map((name) => probe(env, name)));
  const services = Object.fromEntries(names.map((name, i) => [name, results[i]]));
  const allOk = results.every((r) => r.status === 'ok');
  return json(
    {
      status: allOk ? 'ok' : 'degraded',
      services,
      version: env.VERSION ?? GATEWAY_VERSION,
      apiVersion: INTERNAL_API_VERSION,
      environment: env.ENVIRONMENT,
    },
    allOk ? 200 : 503,
  );
}

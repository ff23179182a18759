/**
 * CORS: an allowlist (APP_URL + CORS_ORIGINS, where `*` stands for one DNS label), with
 * credentials. A disallowed origin gets no CORS headers at all; every response (errors
 * included) varies on Origin.
 */
import type { GatewayEnv } from '../env';

export const EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-Cache',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'RateLimit-Policy',
  'RateLimit',
  'Retry-After',
  'Content-Disposition',
].join(', ');
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id';
const PREFLIGHT_MAX_AGE_S = '86400';

interface OriginMatcher {
  exact: Set<string>;
  patterns: RegExp[];
}
let matcherCache: { source: string; matcher: OriginMatcher } | undefined;

function matcherFor(env: GatewayEnv): OriginMatcher {
  const source = `${env.APP_URL}|${env.CORS_ORIGINS ?? ''}`;
  if (matcherCache?.source === source) return matcherCache.matcher;
  const matcher: OriginMatcher = { exact: new Set(), patterns: [] };
  for (const raw of [env.APP_URL, ...(env.CORS_ORIGINS ?? '').split(',')]) {
    const entry = raw?.trim().replace(/\/+$/, '');
    if (!entry) continue;
    if (entry.includes('*')) {
      const escaped = entry.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
      matcher.patterns.push(new RegExp(`^${escaped.join('[a-z0-9-]+')}$`, 'i'));
    } else {
      matcher.exact.add(entry.toLowerCase());
    }
  }
  matcherCache = { source, matcher };
  return matcher;
}

export function isAllowedOrigin(origin: string | null, env: GatewayEnv): origin is string {
  if (!origin) return false;
  const m = matcherFor(env);
  return m.exact.has(origin.toLowerCase()) || m.patterns.some((p) => p.test(origin));
}

/** Adds CORS headers for an allowed origin (and Vary: Origin always). */
export function applyCors(headers: Headers, origin: string | null, env: GatewayEnv): void {
  headers.append('Vary', 'Origin');
  if (!isAllowedOrigin(origin, env)) return;
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Allow-Credentials', 'true');
  headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/** Preflight answer: 204 with the allowances for an allowed origin; null when not allowed. */
export function preflight(request: Request, env: GatewayEnv): Response | null {
  const origin = request.headers.get('Origin');
  if (!isAllowedOrigin(origin, env)) return null;
  const headers = new Headers();
  applyCors(headers, origin, env);
  headers.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
  headers.set('Access-Control-Allow-Headers', request.headers.get('Access-Control-Request-Headers') ?? DEFAULT_ALLOWED_HEADERS);
  headers.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
  headers.append('Vary', 'Access-Control-Request-Headers');
  return new Response(null, { status: 204, headers });
}

/**
 * Rate limiting at the gateway: the route's policy (routes/table.ts) → its limits and tier
 * (policies.ts) → the KV tier (kv-tier.ts) or the Durable Object tier (strict-tier.ts).
 * Counted per user per route *template*; public routes per client IP from CF-Connecting-IP
 * only (never X-Forwarded-For, which a client can set), IPv6 per /64 (http/client-ip.ts).
 */
import type { Identity } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { clientIpKey } from '../http/client-ip';
import type { RouteSpec } from '../routes/table';
import { rateLimitExceeded, rateLimitHeaders, type RateLimitDecision } from './headers';
import { kvRateLimiter, type CounterSubject } from './kv-tier';
import { resolvePolicies } from './policies';
import { consumeStrict } from './strict-tier';

export { StrictRateLimiter } from './strict-tier';
export { DEFAULT_POLICIES, parsePolicies, type RateLimitPolicy, type RateLimitTier } from './policies';
export { KvRateLimiter } from './kv-tier';

export interface RateLimitOutcome {
  decision: RateLimitDecision;
  /** Adds the rate-limit headers to the response the request ends with. */
  applyTo(headers: Headers): void;
}

/**
 * Counts this request against its route's policy. Throws 429 RATE_LIMIT_EXCEEDED (with the
 * headers and Retry-After) when over the limit, or 503 RATE_LIMIT_UNAVAILABLE when the strict
 * tier cannot be reached. Call after authentication, so the user is known.
 */
export async function enforceRateLimit(
  env: GatewayEnv,
  ctx: ExecutionContext,
  spec: RouteSpec,
  identity: Identity,
): Promise<RateLimitOutcome> {
  const policy = resolvePolicies(env.RATE_LIMIT_POLICIES)[spec.rateLimit];
  const subject: CounterSubject = {
    policy: spec.rateLimit,
    route: spec.countAs ?? `${spec.method} ${spec.path}`,
    // Without CF-Connecting-IP (only local dev), public callers share one bucket: never unlimited.
    subject: spec.auth === 'public' || !identity.userId ? `ip:${clientIpKey(identity.clientIp)}` : `u:${identity.userId}`,
  };
  const decision =
    policy.tier === 'strict'
      ? await consumeStrict(env.STRICT_RATE_LIMITER, subject, policy)
      : await kvRateLimiter.consume(env.RATE_LIMITS, subject, policy, ctx);
  if (!decision.allowed) throw rateLimitExceeded(decision);
  return {
    decision,
    applyTo(headers) {
      const values = rateLimitHeaders(decision);
      for (const name in values) headers.set(name, values[name]!);
    },
  };
}

/**
 * Rate-limit policies: how many requests per window each route-table policy admits, and which
 * tier enforces it. Defaults are API-CONTRACT.md "Rate limits"; an environment may override any
 * of them with the `RATE_LIMIT_POLICIES` var (JSON, validated), e.g.
 *   {"emails-send": {"limit": 5}, "default": {"limit": 200, "windowSeconds": 600, "tier": "kv"}}
 * An invalid override is logged (`rate_limit_config_invalid`, error) and the contract defaults
 * apply: a typo never lifts or tightens every limit at once.
 */
import * as v from 'valibot';
import { logEvent } from '@jobmatch/shared-middleware';
import type { RateLimitPolicyName } from '../routes/table';

/**
 * `kv`: in-isolate counting persisted to KV RATE_LIMITS (cheap; approximate across isolates).
 * `strict`: one Durable Object per (subject, policy); exact across isolates and locations.
 */
export type RateLimitTier = 'kv' | 'strict';

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
  tier: RateLimitTier;
}

const MIN = 60;
const HOUR = 60 * MIN;

export const DEFAULT_POLICIES: Readonly<Record<RateLimitPolicyName, RateLimitPolicy>> = {
  default: { limit: 100, windowSeconds: 15 * MIN, tier: 'kv' },
  'public-ip': { limit: 100, windowSeconds: MIN, tier: 'kv' },
  'linkedin-callback-ip': { limit: 10, windowSeconds: 15 * MIN, tier: 'kv' },
  // Cost-bearing routes (email provider, model calls, scraping): exact limits.
  'emails-send': { limit: 10, windowSeconds: HOUR, tier: 'strict' },
  'applications-generate': { limit: 20, windowSeconds: HOUR, tier: 'strict' },
  'resume-parse': { limit: 20, windowSeconds: HOUR, tier: 'strict' },
  'jobs-scrape': { limit: 10, windowSeconds: HOUR, tier: 'strict' },
  'jobs-parse': { limit: 20, windowSeconds: HOUR, tier: 'kv' },
  'skills-batch': { limit: 10, windowSeconds: HOUR, tier: 'kv' },
  exports: { limit: 30, windowSeconds: HOUR, tier: 'kv' },
  'linkedin-initiate': { limit: 5, windowSeconds: 15 * MIN, tier: 'kv' },
};

const policyNames = Object.keys(DEFAULT_POLICIES) as RateLimitPolicyName[];

const overrideSchema = v.strictObject({
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000))),
  windowSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * HOUR))),
  tier: v.optional(v.picklist(['kv', 'strict'])),
});
const overridesSchema = v.record(v.picklist(policyNames), overrideSchema);

export type RateLimitPolicies = Readonly<Record<RateLimitPolicyName, RateLimitPolicy>>;

let parsed: { source: string; policies: RateLimitPolicies } | undefined;

/** The effective policies for this environment (parsed once per isolate per var value). */
export function resolvePolicies(overrides: string | undefined): RateLimitPolicies {
  const source = overrides?.trim() ?? '';
  if (parsed?.source === source) return parsed.policies;
  parsed = { source, policies: parsePolicies(source) };
  return parsed.policies;
}

export function parsePolicies(source: string): RateLimitPolicies {
  if (!source) return DEFAULT_POLICIES;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return invalidConfig('RATE_LIMIT_POLICIES is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return invalidConfig('RATE_LIMIT_POLICIES must be a JSON object keyed by policy name');
  }
  const result = v.safeParse(overridesSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    return invalidConfig(`RATE_LIMIT_POLICIES${path ? ` at ${path}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  const policies = { ...DEFAULT_POLICIES };
  for (const [name, override] of Object.entries(result.output) as [RateLimitPolicyName, v.InferOutput<typeof overrideSchema>][]) {
    policies[name] = { ...DEFAULT_POLICIES[name], ...definedOnly(override) };
  }
  return policies;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function invalidConfig(why: string): RateLimitPolicies {
  logEvent('error', 'rate_limit_config_invalid', { why, using: 'contract defaults' });
  return DEFAULT_POLICIES;
}

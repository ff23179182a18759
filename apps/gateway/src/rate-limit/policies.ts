/**
 * Rate-limit policies: how many requests per window each route-table policy admits, and which
 * tier enforces it. Defaults are API-CONTRACT.md "Rate limits"; an environment may override any
 * of them with the `RATE_LIMIT_POLICIES` var (JSON, validated), e.g.
 *   {"emails-send": {"limit": 5}, "default": {"limit": 200, "windowSeconds": 600, "tier": "kv"}}
 * An invalid override is logged (`rate_limit_config_invalid`, error) and the contract defaults
 * apply: a typo never lifts or tightens every limit at once.
 */
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

/**
 * Checks of one override's fields. Hand-written rather than valibot: this is the gateway's own
 * deploy-time config (not client input, which goes through the one validation helper), and
 * valibot's strictObject/record/optional would be ≈ 2.5 KiB of the 60 KiB bundle budget.
 */
const OVERRIDE_FIELDS: Record<keyof RateLimitPolicy, { valid: (value: unknown) => boolean; expected: string }> = {
  limit: { valid: (n) => isIntegerIn(n, 1, 1_000_000_000), expected: 'an integer from 1 to 1000000000' },
  windowSeconds: { valid: (n) => isIntegerIn(n, 1, 24 * HOUR), expected: `an integer from 1 to ${24 * HOUR}` },
  tier: { valid: (t) => t === 'kv' || t === 'strict', expected: '"kv" or "strict"' },
};

const isIntegerIn = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
  if (!isPlainObject(data)) {
    return invalidConfig('RATE_LIMIT_POLICIES must be a JSON object keyed by policy name');
  }
  const policies = { ...DEFAULT_POLICIES };
  for (const [name, override] of Object.entries(data)) {
    if (!Object.hasOwn(DEFAULT_POLICIES, name)) return invalidConfig(`RATE_LIMIT_POLICIES: unknown policy ${JSON.stringify(name)}`);
    if (!isPlainObject(override)) return invalidConfig(`RATE_LIMIT_POLICIES at ${name}: must be an object`);
    for (const [field, value] of Object.entries(override)) {
      if (!Object.hasOwn(OVERRIDE_FIELDS, field)) return invalidConfig(`RATE_LIMIT_POLICIES at ${name}.${field}: unknown field`);
      const check = OVERRIDE_FIELDS[field as keyof RateLimitPolicy];
      if (!check.valid(value)) return invalidConfig(`RATE_LIMIT_POLICIES at ${name}.${field}: must be ${check.expected}`);
    }
    const policy = name as RateLimitPolicyName;
    policies[policy] = { ...DEFAULT_POLICIES[policy], ...(override as Partial<RateLimitPolicy>) };
  }
  return policies;
}

function invalidConfig(why: string): RateLimitPolicies {
  logEvent('error', 'rate_limit_config_invalid', { why, using: 'contract defaults' });
  return DEFAULT_POLICIES;
}

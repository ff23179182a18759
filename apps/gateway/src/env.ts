/**
 * The gateway's environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Below:
 * what the config does not list — secrets, and optional vars that default in code.
 */
import type { WorkerBindings } from '../worker-configuration';

export type GatewayEnv = WorkerBindings & {
  AUTH_ISSUER?: string;
  AUTH_JWKS_URL?: string;
  AUTH_AUDIENCE?: string;
  /** Legacy Supabase HS256 secret, honoured only with AUTH_LEGACY_HS256 = "true". */
  SUPABASE_JWT_SECRET?: string;
  AUTH_LEGACY_HS256?: string;
  /** Local development key (public JWK, JSON); ignored unless ENVIRONMENT is development. */
  DEV_JWT_PUBLIC_JWK?: string;
  INTERNAL_SIGNING_SECRET: string;
  /** Caps every upstream timeout (ms); the route table's values apply below it. */
  UPSTREAM_TIMEOUT_MS?: string;
  VERSION?: string;
  /** Unlocks GET /health's details (latency, versions, errors) for callers sending it as X-Health-Token. */
  HEALTH_TOKEN?: string;
  /** Per-environment rate-limit overrides (JSON, validated): see src/rate-limit/policies.ts. */
  RATE_LIMIT_POLICIES?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
};

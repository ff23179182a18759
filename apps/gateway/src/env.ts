import type { StrictRateLimiter } from './rate-limit/strict-tier';

export interface GatewayEnv {
  ENVIRONMENT: string;
  APP_URL: string;
  /** Extra allowed origins, comma-separated; `*` matches one DNS label (https://*.example.pages.dev). */
  CORS_ORIGINS?: string;
  /** Supabase project URL; derives the issuer and JWKS URL unless AUTH_* overrides them. */
  SUPABASE_URL?: string;
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
  /** Per-environment rate-limit overrides (JSON, validated): see src/rate-limit/policies.ts. */
  RATE_LIMIT_POLICIES?: string;

  SESSIONS: KVNamespace;
  RATE_LIMITS: KVNamespace;
  API_CACHE: KVNamespace;
  /** Strict rate-limit tier: one Durable Object per (policy, user or IP). */
  STRICT_RATE_LIMITER: DurableObjectNamespace<StrictRateLimiter>;
  CORE: Fetcher;
  AI: Fetcher;
  INTEGRATIONS: Fetcher;
}

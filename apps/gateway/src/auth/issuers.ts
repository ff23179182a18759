/**
 * Which token issuers this deployment trusts, derived once per configuration:
 * - Supabase (or any OIDC issuer): JWKS, algorithms pinned to ES256/RS256, iss + aud checked;
 * - legacy Supabase HS256 shared secret, only when AUTH_LEGACY_HS256 = "true";
 * - the local development key, only when ENVIRONMENT = development.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwksCache, type JWTVerifyGetKey, type JWK } from 'jose';
import type { GatewayEnv } from '../env';

export const DEV_ISSUER = 'jobmatch-local-dev';
export const DEFAULT_AUDIENCE = 'authenticated';
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
const JWKS_COOLDOWN_MS = 30_000;

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  algorithms: string[];
  key: JWTVerifyGetKey | CryptoKey | Uint8Array;
  /** Present for remote JWKS: the cache object jose reads and refreshes (seeded from KV). */
  jwks?: { url: string; cache: { jwks?: { keys: JWK[] }; uat?: number }; persistedUat: number };
}

export interface IssuerConfig {
  fingerprint: string;
  issuers: TrustedIssuer[];
}

let cached: { fingerprint: string; config: Promise<IssuerConfig> } | undefined;
const remoteSets = new Map<string, { getKey: JWTVerifyGetKey; jwks: NonNullable<TrustedIssuer['jwks']> }>();

function fingerprintOf(env: GatewayEnv): string {
  return [
    env.ENVIRONMENT,
    env.SUPABASE_URL,
    env.AUTH_ISSUER,
    env.AUTH_JWKS_URL,
    env.AUTH_AUDIENCE,
    env.AUTH_LEGACY_HS256,
    env.SUPABASE_JWT_SECRET ? 'hs' : '',
    env.DEV_JWT_PUBLIC_JWK,
  ].join('|');
}

/** The trusted issuers for this env, built once per isolate and configuration. */
export function trustedIssuers(env: GatewayEnv): Promise<IssuerConfig> {
  const fingerprint = fingerprintOf(env);
  if (!cached || cached.fingerprint !== fingerprint) {
    const config = build(env, fingerprint);
    config.catch(() => (cached = undefined));
    cached = { fingerprint, config };
  }
  return cached.config;
}

/** A remote JWKS resolver at module scope, so warm requests never refetch. */
function remoteSet(url: string) {
  let set = remoteSets.get(url);
  if (!set) {
    const jwks = { url, cache: {}, persistedUat: 0 };
    const getKey = createRemoteJWKSet(new URL(url), {
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      cooldownDuration: JWKS_COOLDOWN_MS,
      timeoutDuration: 5_000,
      [jwksCache]: jwks.cache as never,
    });
    set = { getKey, jwks };
    remoteSets.set(url, set);
  }
  return set;
}

async function build(env: GatewayEnv, fingerprint: string): Promise<IssuerConfig> {
  const issuers: TrustedIssuer[] = [];
  const supabase = env.SUPABASE_URL?.replace(/\/+$/, '');
  const issuer = env.AUTH_ISSUER || (supabase ? `${supabase}/auth/v1` : undefined);
  const jwksUrl = env.AUTH_JWKS_URL || (supabase ? `${supabase}/auth/v1/.well-known/jwks.json` : undefined);
  const audience = env.AUTH_AUDIENCE || DEFAULT_AUDIENCE;

  if (issuer && jwksUrl) {
    const { getKey, jwks } = remoteSet(jwksUrl);
    issuers.push({ issuer, audience, algorithms: ['ES256', 'RS256'], key: getKey, jwks });
  }
  if (issuer && env.AUTH_LEGACY_HS256 === 'true' && env.SUPABASE_JWT_SECRET) {
    issuers.push({
      issuer,
      audience,
      algorithms: ['HS256'],
      key: new TextEncoder().encode(env.SUPABASE_JWT_SECRET),
    });
  }
  if (env.ENVIRONMENT === 'development' && env.DEV_JWT_PUBLIC_JWK) {
    const jwk = JSON.parse(env.DEV_JWT_PUBLIC_JWK) as JWK;
    if ('d' in jwk) throw new Error('DEV_JWT_PUBLIC_JWK must be a public key');
    // Fail fast on a malformed key. WebCrypto directly, not jose's importJWK: that one carries
    // every JWE algorithm table into the bundle for a check done once per isolate.
    const { kty, crv, x, y } = jwk;
    await crypto.subtle.importKey('jwk', { kty: kty ?? '', crv, x, y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    issuers.push({
      issuer: DEV_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['ES256'],
      key: createLocalJWKSet({ keys: [{ ...jwk, alg: 'ES256' }] }),
    });
  }
  return { fingerprint, issuers };
}

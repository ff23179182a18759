/**
 * Which token issuers this deployment trusts, derived once per configuration:
 * - Supabase (or any OIDC issuer): JWKS, algorithms pinned to ES256/RS256, iss + aud checked;
 * - legacy Supabase HS256 shared secret, only when AUTH_LEGACY_HS256 = "true";
 * - the local development key, only when ENVIRONMENT = development.
 */
import { createLocalJWKSet, type JWTVerifyGetKey, type JWK } from 'jose';
import type { GatewayEnv } from '../env';
import { remoteKeySet, type RemoteKeySet } from './jwks';

export const DEV_ISSUER = 'jobmatch-local-dev';
export const DEFAULT_AUDIENCE = 'authenticated';

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  algorithms: string[];
  /** A local key; remote JWKS issuers have `keySet` instead. */
  key?: JWTVerifyGetKey | Uint8Array;
  keySet?: RemoteKeySet;
}

export interface IssuerConfig {
  fingerprint: string;
  issuers: TrustedIssuer[];
}

/** The built config (a value, never a shared promise: cross-request-wait.ts says why). */
let cached: IssuerConfig | undefined;

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

/**
 * The trusted issuers for this env, built once per isolate and configuration. Requests that
 * arrive before the first build has finished each build their own (a key import, no I/O wait
 * worth sharing); the first to finish is kept.
 */
export async function trustedIssuers(env: GatewayEnv): Promise<IssuerConfig> {
  const fingerprint = fingerprintOf(env);
  if (cached?.fingerprint === fingerprint) return cached;
  const config = await build(env, fingerprint);
  cached = cached?.fingerprint === fingerprint ? cached : config;
  return cached;
}

async function build(env: GatewayEnv, fingerprint: string): Promise<IssuerConfig> {
  const issuers: TrustedIssuer[] = [];
  const supabase = env.SUPABASE_URL?.replace(/\/+$/, '');
  const issuer = env.AUTH_ISSUER || (supabase ? `${supabase}/auth/v1` : undefined);
  const jwksUrl = env.AUTH_JWKS_URL || (supabase ? `${supabase}/auth/v1/.well-known/jwks.json` : undefined);
  const audience = env.AUTH_AUDIENCE || DEFAULT_AUDIENCE;

  if (issuer && jwksUrl) {
    issuers.push({ issuer, audience, algorithms: ['ES256', 'RS256'], keySet: remoteKeySet(jwksUrl) });
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

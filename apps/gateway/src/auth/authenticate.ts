/**
 * Bearer-token authentication with jose. Verified tokens are remembered per isolate (keyed
 * by the issuer configuration and the token itself, honoured until `exp`), so repeat requests
 * skip the signature check. The token string is the key, not a hash of it: the isolate holds
 * the token anyway while it serves the request, and hashing cost a WebCrypto call per request
 * (bench/PROFILING.md) for no gain in what an attacker with isolate memory could read.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
// The error classes by name (not jose's `errors` namespace object, which keeps every class in the bundle).
import { JOSEError, JWTExpired } from 'jose/errors';
import { apiCache } from '@jobmatch/kv-schemas';
import { ApiError, logEvent } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { trustedIssuers, type IssuerConfig, type TrustedIssuer } from './issuers';

export interface AuthenticatedUser {
  userId: string;
  email: string | null;
  sessionId: string | null;
  /** Seconds since epoch. */
  expiresAt: number;
}

const VERIFIED_CACHE_MAX = 2_000;
/** Per issuer configuration (a changed configuration starts empty): token → its verified user. */
const verifiedByConfig = new WeakMap<IssuerConfig, Map<string, AuthenticatedUser>>();
const CLOCK_TOLERANCE_S = 30;

const invalid = (message = 'The access token is invalid') => new ApiError(401, 'INVALID_TOKEN', message);

export function bearerToken(request: Request): string {
  const header = request.headers.get('Authorization');
  if (!header) throw new ApiError(401, 'MISSING_AUTH_HEADER', 'Send an Authorization: Bearer <token> header');
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match?.[1]) throw new ApiError(401, 'INVALID_AUTH_FORMAT', 'The Authorization header must be "Bearer <JWT>"');
  return match[1];
}

function pickIssuer(issuers: TrustedIssuer[], token: string): TrustedIssuer {
  let iss: unknown;
  let alg: unknown;
  try {
    iss = decodeJwt(token).iss;
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw invalid('The access token is malformed');
  }
  const candidates = issuers.filter((i) => i.issuer === iss);
  if (candidates.length === 0) throw invalid('The access token was not issued by a trusted issuer');
  // Pinned algorithms decide which key type applies; no key is ever tried with another alg.
  return candidates.find((i) => i.algorithms.includes(String(alg))) ?? candidates[0]!;
}

export async function authenticate(request: Request, env: GatewayEnv, ctx: ExecutionContext): Promise<AuthenticatedUser> {
  const token = bearerToken(request);
  const config = await trustedIssuers(env);
  let verified = verifiedByConfig.get(config);
  if (!verified) {
    verified = new Map();
    verifiedByConfig.set(config, verified);
  }
  const cacheKey = token;
  const now = Date.now() / 1000;
  const hit = verified.get(cacheKey);
  if (hit) {
    if (hit.expiresAt > now - CLOCK_TOLERANCE_S) return hit;
    verified.delete(cacheKey);
  }

  const issuer = pickIssuer(config.issuers, token);
  if (issuer.jwks) await seedJwksFromKv(issuer.jwks, env);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, issuer.key as JWTVerifyGetKey, {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: issuer.algorithms,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof JWTExpired) throw new ApiError(401, 'TOKEN_EXPIRED', 'The access token has expired');
    if (error instanceof JOSEError) throw invalid(`The access token is invalid (${error.code})`);
    throw error;
  } finally {
    if (issuer.jwks) persistJwksToKv(issuer.jwks, env, ctx);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 128) throw invalid('The token has no usable subject');
  const user: AuthenticatedUser = {
    userId: payload.sub,
    email: typeof payload.email === 'string' ? payload.email : null,
    sessionId: typeof payload.session_id === 'string' ? payload.session_id : null,
    expiresAt: payload.exp!,
  };
  if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, user);
  return user;
}

/** Cold isolate: take the JWKS another isolate fetched, instead of refetching it. */
async function seedJwksFromKv(jwks: NonNullable<TrustedIssuer['jwks']>, env: GatewayEnv): Promise<void> {
  if (jwks.cache.jwks) return;
  try {
    const stored = await apiCache.jwksDocument.get(env.API_CACHE, jwks.url);
    if (stored && !jwks.cache.jwks) {
      jwks.cache.jwks = { keys: stored.keys as never };
      jwks.cache.uat = stored.fetchedAt;
      jwks.persistedUat = stored.fetchedAt;
    }
  } catch (error) {
    logEvent('warn', 'jwks_kv_read_failed', { error: String(error) });
  }
}

/** After jose refetched the JWKS, share it (one write per refresh, not per request). */
function persistJwksToKv(jwks: NonNullable<TrustedIssuer['jwks']>, env: GatewayEnv, ctx: ExecutionContext): void {
  const { uat, jwks: doc } = jwks.cache;
  if (!doc || !uat || uat <= jwks.persistedUat) return;
  jwks.persistedUat = uat;
  ctx.waitUntil(
    apiCache.jwksDocument
      .put(env.API_CACHE, jwks.url, { keys: doc.keys as never, fetchedAt: uat })
      .catch((error) => logEvent('warn', 'jwks_kv_write_failed', { error: String(error) })),
  );
}

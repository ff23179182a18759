/**
 * Bearer-token authentication with jose. Verified tokens are remembered per isolate (keyed
 * by the issuer configuration and the token itself, honoured until `exp`), so repeat requests
 * skip the signature check. The token string is the key, not a hash of it: the isolate holds
 * the token anyway while it serves the request, and hashing cost a WebCrypto call per request
 * (bench/PROFILING.md) for no gain in what an attacker with isolate memory could read. Remote key
 * sets: auth/jwks.ts.
 */
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
// jose's own base64url decoder: jwtVerify keeps it in the bundle anyway.
import { decode as decodeBase64url } from 'jose/base64url';
// The error classes by name (not jose's `errors` namespace object, which keeps every class in the bundle).
import { JOSEError, JWTExpired } from 'jose/errors';
import { ApiError } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { assertInvalidTokenBudget, spendInvalidTokenBudget } from './invalid-token-budget';
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
export const MAX_AUTHORIZATION_CHARS = 16 * 1024;

const invalid = (message = 'The access token is invalid') => new ApiError(401, 'INVALID_TOKEN', message);

export function bearerToken(request: Request): string {
  const header = request.headers.get('Authorization');
  if (!header) throw new ApiError(401, 'MISSING_AUTH_HEADER', 'Send an Authorization: Bearer <token> header');
  // Refused before any decoding: real access tokens are a few KiB at most.
  if (header.length > MAX_AUTHORIZATION_CHARS) throw new ApiError(401, 'INVALID_AUTH_FORMAT', 'The access token is too large');
  // The scheme is case-insensitive (RFC 9110); exactly one space, one compact JWS.
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i.exec(header.trim());
  if (!match?.[1]) throw new ApiError(401, 'INVALID_AUTH_FORMAT', 'The Authorization header must be "Bearer <JWT>"');
  return match[1];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The JSON object in one base64url segment of a compact JWS (the token already matched
 * bearerToken's pattern). Only picks the issuer; jwtVerify then decodes and checks everything.
 * A few lines instead of jose's decodeJwt + decodeProtectedHeader (≈ 0.7 KiB of the gateway's
 * 60 KiB bundle budget); same refusals: bad base64url, invalid UTF-8, non-JSON, not an object.
 */
function decodeSegment(segment: string | undefined): Record<string, unknown> {
  const value: unknown = JSON.parse(strictUtf8.decode(decodeBase64url(segment ?? '')));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not a JSON object');
  return value as Record<string, unknown>;
}

function pickIssuer(issuers: TrustedIssuer[], token: string): TrustedIssuer {
  let iss: unknown;
  let alg: unknown;
  try {
    const [header, payload] = token.split('.');
    iss = decodeSegment(payload).iss;
    alg = decodeSegment(header).alg;
  } catch {
    throw invalid('The access token is malformed');
  }
  const candidates = issuers.filter((i) => i.issuer === iss);
  if (candidates.length === 0) throw invalid('The access token was not issued by a trusted issuer');
  // Pinned algorithms decide which key type applies; no key is ever tried with another alg.
  return candidates.find((i) => i.algorithms.includes(String(alg))) ?? candidates[0]!;
}

/** Verifies the Bearer token; refused tokens count against the client's invalid-token budget. */
export async function authenticate(request: Request, env: GatewayEnv, ctx: ExecutionContext): Promise<AuthenticatedUser> {
  const clientIp = request.headers.get('CF-Connecting-IP');
  try {
    return await verifyBearer(request, env, ctx, clientIp);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'INVALID_TOKEN' || error.code === 'INVALID_AUTH_FORMAT')) {
      spendInvalidTokenBudget(clientIp);
    }
    throw error;
  }
}

async function verifyBearer(request: Request, env: GatewayEnv, ctx: ExecutionContext, clientIp: string | null): Promise<AuthenticatedUser> {
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

  assertInvalidTokenBudget(clientIp);
  const issuer = pickIssuer(config.issuers, token);
  const key = issuer.keySet ? issuer.keySet.resolver({ kv: env.API_CACHE, waitUntil: (p) => ctx.waitUntil(p) }) : issuer.key!;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
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

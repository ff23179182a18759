/**
 * Identity forwarding between the gateway and the internal services.
 *
 * The gateway strips every client-sent header in the internal namespace (x-jobmatch-*),
 * then sets the verified identity plus an HMAC-SHA256 signature over it, the method,
 * the path+query and a timestamp. Services accept a request only with a fresh, valid
 * signature, so a misconfigured public route on an internal Worker leaks nothing and a
 * captured header set cannot be replayed on another path or after SIGNATURE_MAX_AGE_MS.
 */
import { ApiError } from './errors';

export const INTERNAL_HEADER_PREFIX = 'x-jobmatch-';
export const H_USER_ID = 'x-jobmatch-user-id';
export const H_USER_EMAIL = 'x-jobmatch-user-email';
export const H_SESSION_ID = 'x-jobmatch-session-id';
export const H_CLIENT_IP = 'x-jobmatch-client-ip';
export const H_TIMESTAMP = 'x-jobmatch-timestamp';
export const H_SIGNATURE = 'x-jobmatch-signature';
export const H_REQUEST_ID = 'x-request-id';

export const SIGNATURE_MAX_AGE_MS = 30_000;
const MAX_CLOCK_SKEW_MS = 5_000;

export interface Identity {
  /** null on public routes (the gateway vouches for the request, not for a user). */
  userId: string | null;
  email: string | null;
  sessionId: string | null;
  clientIp: string | null;
  requestId: string;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

function canonical(identity: Identity, method: string, pathAndQuery: string, timestamp: string): string {
  return [
    'v1',
    timestamp,
    method.toUpperCase(),
    pathAndQuery,
    identity.requestId,
    identity.userId ?? '',
    identity.email ?? '',
    identity.sessionId ?? '',
    identity.clientIp ?? '',
  ].join('\n');
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]{64}$/.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function pathAndQueryOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

export function assertSigningSecret(secret: string | undefined): string {
  if (!secret || secret.length < 32) {
    throw new ApiError(500, 'MISCONFIGURED', 'INTERNAL_SIGNING_SECRET is missing or shorter than 32 characters');
  }
  return secret;
}

/** Removes every internal-namespace header a client may have sent. */
export function stripInternalHeaders(headers: Headers): void {
  const doomed: string[] = [];
  headers.forEach((_, name) => {
    if (name.toLowerCase().startsWith(INTERNAL_HEADER_PREFIX)) doomed.push(name);
  });
  for (const name of doomed) headers.delete(name);
}

/** Sets the identity headers and their signature on `headers` (gateway side). */
export async function signIdentity(
  secret: string,
  headers: Headers,
  identity: Identity,
  method: string,
  url: string,
  now = Date.now(),
): Promise<void> {
  const timestamp = String(now);
  const sig = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    encoder.encode(canonical(identity, method, pathAndQueryOf(url), timestamp)),
  );
  const set = (name: string, value: string | null) => (value ? headers.set(name, value) : headers.delete(name));
  set(H_USER_ID, identity.userId);
  set(H_USER_EMAIL, identity.email);
  set(H_SESSION_ID, identity.sessionId);
  set(H_CLIENT_IP, identity.clientIp);
  headers.set(H_REQUEST_ID, identity.requestId);
  headers.set(H_TIMESTAMP, timestamp);
  headers.set(H_SIGNATURE, toHex(sig));
}

/** Verifies the gateway's signature (service side); throws 401 UNAUTHENTICATED_INTERNAL otherwise. */
export async function verifyIdentity(secret: string, request: Request, now = Date.now()): Promise<Identity> {
  const refuse = (why: string) => new ApiError(401, 'UNAUTHENTICATED_INTERNAL', `Request did not come through the gateway (${why})`);
  const h = request.headers;
  const timestamp = h.get(H_TIMESTAMP);
  const signature = fromHex(h.get(H_SIGNATURE) ?? '');
  const requestId = h.get(H_REQUEST_ID);
  if (!timestamp || !signature || !requestId) throw refuse('unsigned');
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || now - ts > SIGNATURE_MAX_AGE_MS || ts - now > MAX_CLOCK_SKEW_MS) {
    throw refuse('stale signature');
  }
  const identity: Identity = {
    userId: h.get(H_USER_ID),
    email: h.get(H_USER_EMAIL),
    sessionId: h.get(H_SESSION_ID),
    clientIp: h.get(H_CLIENT_IP),
    requestId,
  };
  const ok = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret),
    signature,
    encoder.encode(canonical(identity, request.method, pathAndQueryOf(request.url), timestamp)),
  );
  if (!ok) throw refuse('bad signature');
  return identity;
}

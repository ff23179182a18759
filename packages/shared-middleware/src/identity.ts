/**
 * Identity forwarding between the gateway and the internal services.
 *
 * The gateway strips every client-sent header in the internal namespace (x-jobmatch-*),
 * then sets the verified identity plus an HMAC-SHA256 signature over it, the method, the
 * target service (URL host), the path+query, the Content-Type, the read-consistency hint
 * (read-consistency.ts: a replayed request cannot be switched to a replica), the body's SHA-256
 * and a timestamp. Services accept a request only with a fresh, valid signature and a body matching
 * its digest, so a misconfigured public route on an internal Worker leaks nothing and a
 * captured header set cannot be replayed on another service, path or body, or after
 * SIGNATURE_MAX_AGE_MS. A body too large to buffer is sent as UNSIGNED_PAYLOAD (a marker the
 * signature covers, so it cannot replace a digest).
 */
import { ApiError } from './errors';
import { H_READ_CONSISTENCY } from './read-consistency';

export const INTERNAL_HEADER_PREFIX = 'x-jobmatch-';
export const H_USER_ID = 'x-jobmatch-user-id';
export const H_USER_EMAIL = 'x-jobmatch-user-email';
export const H_SESSION_ID = 'x-jobmatch-session-id';
export const H_CLIENT_IP = 'x-jobmatch-client-ip';
export const H_TIMESTAMP = 'x-jobmatch-timestamp';
export const H_SIGNATURE = 'x-jobmatch-signature';
export const H_COUNTRY = 'x-jobmatch-country';
export const H_BODY_SHA256 = 'x-jobmatch-body-sha256';
/** The body digest of a streamed body the gateway did not buffer (large uploads). */
export const UNSIGNED_PAYLOAD = 'unsigned-payload';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const H_REQUEST_ID = 'x-request-id';

export const SIGNATURE_MAX_AGE_MS = 30_000;
const MAX_CLOCK_SKEW_MS = 5_000;

export interface Identity {
  /** null on public routes (the gateway vouches for the request, not for a user). */
  userId: string | null;
  email: string | null;
  sessionId: string | null;
  clientIp: string | null;
  /** The client's country from Cloudflare (`request.cf.country`), never a client header. */
  country?: string | null;
  requestId: string;
}

/** What the signature binds besides the identity: Content-Type is read from the headers. */
export type SignedBody = ArrayBuffer | ArrayBufferView | string | null | typeof UNSIGNED_PAYLOAD;

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

interface Target {
  method: string;
  url: string;
  contentType: string | null;
  /** The read-consistency header as sent (null: none). */
  readConsistency: string | null;
  bodySha256: string;
}

function canonical(identity: Identity, t: Target, timestamp: string): string {
  const u = new URL(t.url);
  return [
    'v3',
    timestamp,
    t.method.toUpperCase(),
    u.host,
    u.pathname + u.search,
    t.contentType ?? '',
    t.readConsistency ?? '',
    t.bodySha256,
    identity.requestId,
    identity.userId ?? '',
    identity.email ?? '',
    identity.sessionId ?? '',
    identity.clientIp ?? '',
    identity.country ?? '',
  ].join('\n');
}

async function sha256Hex(body: Exclude<SignedBody, typeof UNSIGNED_PAYLOAD>): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  if (bytes === null || bytes.byteLength === 0) return EMPTY_SHA256;
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]{64}$/.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
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

/**
 * Sets the identity headers and their signature on `headers` (gateway side). `body` is the exact
 * body that will be sent (null: none); `headers` must already carry its Content-Type and the
 * read-consistency hint, if any.
 */
export async function signIdentity(
  secret: string,
  headers: Headers,
  identity: Identity,
  method: string,
  url: string,
  now = Date.now(),
  body: SignedBody = null,
): Promise<void> {
  const timestamp = String(now);
  const bodySha256 = body === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : await sha256Hex(body);
  const target = { method, url, contentType: headers.get('content-type'), readConsistency: headers.get(H_READ_CONSISTENCY), bodySha256 };
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(canonical(identity, target, timestamp)));
  const set = (name: string, value: string | null) => (value ? headers.set(name, value) : headers.delete(name));
  set(H_USER_ID, identity.userId);
  set(H_USER_EMAIL, identity.email);
  set(H_SESSION_ID, identity.sessionId);
  set(H_CLIENT_IP, identity.clientIp);
  set(H_COUNTRY, identity.country ?? null);
  headers.set(H_BODY_SHA256, bodySha256);
  headers.set(H_REQUEST_ID, identity.requestId);
  headers.set(H_TIMESTAMP, timestamp);
  headers.set(H_SIGNATURE, toHex(sig));
}

/** Verifies the gateway's signature (service side); throws 401 UNAUTHENTICATED_INTERNAL otherwise. */
/**
 * The v1 canonical string (before the target service, content type, body digest, country and
 * read-consistency hint were bound). Accepted only while a rollout allows it: see verifyIdentity.
 */
function legacyV1Canonical(identity: Identity, method: string, url: string, timestamp: string): string {
  const u = new URL(url);
  return [
    'v1',
    timestamp,
    method.toUpperCase(),
    u.pathname + u.search,
    identity.requestId,
    identity.userId ?? '',
    identity.email ?? '',
    identity.sessionId ?? '',
    identity.clientIp ?? '',
  ].join('\n');
}

export interface VerifyOptions {
  /**
   * Accept a v1 signature (a gateway not yet redeployed sends no body digest) — only for the
   * rollout of signature v3: services deploy first with ACCEPT_LEGACY_SIGNATURES = "true", then
   * the gateway, then the var is removed. A v1 request gets no country and no replica hint.
   */
  acceptLegacyV1?: boolean;
}

export async function verifyIdentity(secret: string, request: Request, now = Date.now(), options: VerifyOptions = {}): Promise<Identity> {
  const refuse = (why: string) => new ApiError(401, 'UNAUTHENTICATED_INTERNAL', `Request did not come through the gateway (${why})`);
  const h = request.headers;
  const timestamp = h.get(H_TIMESTAMP);
  const signature = fromHex(h.get(H_SIGNATURE) ?? '');
  const requestId = h.get(H_REQUEST_ID);
  const bodySha256 = h.get(H_BODY_SHA256);
  if (!timestamp || !signature || !requestId) throw refuse('unsigned');
  if (!bodySha256) {
    if (options.acceptLegacyV1) return verifyLegacyV1(secret, request, timestamp, signature, requestId, now, refuse);
    throw refuse('unsigned');
  }
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || now - ts > SIGNATURE_MAX_AGE_MS || ts - now > MAX_CLOCK_SKEW_MS) {
    throw refuse('stale signature');
  }
  const identity: Identity = {
    userId: h.get(H_USER_ID),
    email: h.get(H_USER_EMAIL),
    sessionId: h.get(H_SESSION_ID),
    clientIp: h.get(H_CLIENT_IP),
    country: h.get(H_COUNTRY),
    requestId,
  };
  const target = {
    method: request.method,
    url: request.url,
    contentType: h.get('content-type'),
    readConsistency: h.get(H_READ_CONSISTENCY),
    bodySha256,
  };
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(canonical(identity, target, timestamp)));
  if (!ok) throw refuse('bad signature');
  if (bodySha256 !== UNSIGNED_PAYLOAD) {
    // The body is read from a clone: the route still reads the original.
    const actual = request.body ? await sha256Hex(await request.clone().arrayBuffer()) : EMPTY_SHA256;
    if (actual !== bodySha256) throw refuse('body does not match the signature');
  }
  return identity;
}

async function verifyLegacyV1(
  secret: string,
  request: Request,
  timestamp: string,
  signature: Uint8Array<ArrayBuffer>,
  requestId: string,
  now: number,
  refuse: (why: string) => ApiError,
): Promise<Identity> {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || now - ts > SIGNATURE_MAX_AGE_MS || ts - now > MAX_CLOCK_SKEW_MS) throw refuse('stale signature');
  const h = request.headers;
  // A v1 gateway never sends the hint, and a v1 signature could not cover it.
  if (h.get(H_READ_CONSISTENCY) !== null) throw refuse('a read-consistency hint needs a v3 signature');
  const identity: Identity = {
    userId: h.get(H_USER_ID),
    email: h.get(H_USER_EMAIL),
    sessionId: h.get(H_SESSION_ID),
    clientIp: h.get(H_CLIENT_IP),
    country: null,
    requestId,
  };
  const data = encoder.encode(legacyV1Canonical(identity, request.method, request.url, timestamp));
  if (!(await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, data))) throw refuse('bad signature');
  return identity;
}

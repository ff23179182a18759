/**
 * Signed URLs: a capability to GET one resource until a given time, without the
 * Authorization header. signature = HMAC-SHA256(K_purpose, "v1\n{purpose}\n{resource}\n{expires}")
 * where K_purpose = HKDF-SHA256(INTERNAL_SIGNING_SECRET, salt, "jobmatch signed-url v1: {purpose}").
 * The raw secret never signs a URL (it signs identities); each purpose (files, exports, …)
 * has its own derived key, so a signature for one purpose is worthless for another.
 */
import { ApiError } from './errors';

/** Longest lifetime a signed URL may have (24 h). */
export const SIGNED_URL_MAX_TTL_SECONDS = 86_400;
export const SIGNED_URL_MIN_TTL_SECONDS = 60;

const encoder = new TextEncoder();
const HKDF_SALT = encoder.encode('jobmatch/signed-url/v1');
const keyCache = new Map<string, Promise<CryptoKey>>();

function derivedKey(secret: string, purpose: string): Promise<CryptoKey> {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: encoder.encode(`jobmatch signed-url v1: ${purpose}`) },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign'],
      );
    })();
    keyCache.set(cacheKey, key);
  }
  return key;
}

const message = (purpose: string, resource: string, expires: number) => `v1\n${purpose}\n${resource}\n${expires}`;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null; // 32 bytes, unpadded
  const binary = atob(`${text.replaceAll('-', '+').replaceAll('_', '/')}=`);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Compares two byte strings in time independent of where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function mac(secret: string, purpose: string, resource: string, expires: number): Promise<Uint8Array> {
  const sig = await crypto.subtle.sign('HMAC', await derivedKey(secret, purpose), encoder.encode(message(purpose, resource, expires)));
  return new Uint8Array(sig);
}

export interface SignedResource {
  /** Unix seconds after which the URL is refused. */
  expires: number;
  /** base64url HMAC-SHA256. */
  signature: string;
}

/** Signs `resource` (e.g. an R2 key) for `purpose` until `expires` (unix seconds). */
export async function signResource(secret: string, purpose: string, resource: string, expires: number): Promise<SignedResource> {
  if (!Number.isSafeInteger(expires)) throw new Error('expires must be an integer (unix seconds)');
  return { expires, signature: toBase64Url(await mac(secret, purpose, resource, expires)) };
}

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

/**
 * Checks a signature. Expiry is judged only on a valid signature, so an attacker learns
 * nothing from editing `expires`. A lifetime beyond the maximum is invalid (never issued).
 */
export async function checkResourceSignature(
  secret: string,
  purpose: string,
  resource: string,
  expires: number,
  signature: string,
  nowMs = Date.now(),
): Promise<SignatureCheck> {
  const given = fromBase64Url(signature);
  if (!given || !Number.isSafeInteger(expires)) return 'invalid';
  const expected = await mac(secret, purpose, resource, expires);
  if (!constantTimeEqual(given, expected)) return 'invalid';
  const nowSeconds = Math.floor(nowMs / 1000);
  if (expires - nowSeconds > SIGNED_URL_MAX_TTL_SECONDS + 60) return 'invalid';
  return nowSeconds >= expires ? 'expired' : 'valid';
}

/**
 * Links to R2 objects recorded in D1 `files` (users/{userId}/{bucket}/…) are served by core's
 * public GET /api/files/signed and signed for this purpose. Any Worker holding
 * INTERNAL_SIGNING_SECRET (e.g. integrations for exports) can mint them with signedFilePath.
 */
export const FILE_URL_PURPOSE = 'files';
export const SIGNED_FILE_ROUTE = '/api/files/signed';

/**
 * The version of a file a link is bound to: its D1 row id (new on every upload, replacement
 * and re-upload included) and its R2 etag. A link signs key + version, so once the file is
 * replaced or deleted and uploaded again the old link names a version that no longer exists.
 */
export interface FileVersion {
  key: string;
  id: string;
  etag: string;
}

/** The `version` query parameter: `{rowId}.{etag}`. */
export const fileVersionParam = (file: FileVersion): string => `${file.id}.${file.etag}`;

/** Splits a `version` parameter; null when it is not `{rowId}.{etag}`. */
export function parseFileVersion(version: string): { id: string; etag: string } | null {
  const match = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9-]{1,80})$/.exec(version);
  return match ? { id: match[1]!, etag: match[2]! } : null;
}

/** What a file link's MAC covers: the key and the version. */
export const signedFileResource = (key: string, version: string): string => `${key}\n${version}`;

/** The gateway path (with query) of a signed download of this version of a file, valid for `expiresInSeconds`. */
export async function signedFilePath(
  secret: string,
  file: FileVersion,
  expiresInSeconds: number,
  nowMs = Date.now(),
): Promise<{ path: string; expires: number }> {
  if (expiresInSeconds < 1 || expiresInSeconds > SIGNED_URL_MAX_TTL_SECONDS) {
    throw new Error(`expiresInSeconds must be 1..${SIGNED_URL_MAX_TTL_SECONDS}`);
  }
  const expires = Math.floor(nowMs / 1000) + Math.floor(expiresInSeconds);
  const version = fileVersionParam(file);
  const { signature } = await signResource(secret, FILE_URL_PURPOSE, signedFileResource(file.key, version), expires);
  const query = new URLSearchParams({ key: file.key, version, expires: String(expires), signature });
  return { path: `${SIGNED_FILE_ROUTE}?${query}`, expires };
}

/** Throws the contract's errors for a refused signed URL: 403 SIGNED_URL_EXPIRED / INVALID_SIGNATURE. */
export async function assertResourceSignature(
  secret: string,
  purpose: string,
  resource: string,
  expires: number,
  signature: string,
  nowMs = Date.now(),
): Promise<void> {
  const check = await checkResourceSignature(secret, purpose, resource, expires, signature, nowMs);
  if (check === 'expired') throw new ApiError(403, 'SIGNED_URL_EXPIRED', 'This link has expired; request a new one');
  if (check === 'invalid') throw new ApiError(403, 'INVALID_SIGNATURE', 'This link is not valid');
}

/**
 * R2 object keys: users/{userId}/{bucket}/{name…}. Keys from the URL are decoded once and
 * refused when they try to leave their folder ('..', '.', empty segments, backslashes,
 * absolute paths, control characters, anything still percent-encoded); a well-formed key
 * outside the caller's own users/{userId}/ folder is simply not found.
 */
import { FILE_BUCKETS, type FileBucket } from '@jobmatch/db';
import { ApiError, notFound, validationError } from '@jobmatch/shared-middleware';
import { hasControlCharacter } from './control-characters';

export const MAX_KEY_LENGTH = 1024;
const MAX_PATH_LENGTH = 512;
const MAX_PATH_SEGMENTS = 8;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export interface FileKey {
  key: string;
  userId: string;
  bucket: FileBucket;
}

const isBucket = (value: string): value is FileBucket => (FILE_BUCKETS as readonly string[]).includes(value);

function decodeOnce(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw validationError('key', 'is not a valid URL-encoded key', 'path');
  }
}

/** Traversal and other shapes no stored key can have → 400. */
function assertSafeShape(key: string, path: string): void {
  // `key` comes from the URL path, `path` from the upload form.
  const bad = (message: string) => validationError(path, message, path === 'key' ? 'path' : 'body');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) throw bad(`must be 1 to ${MAX_KEY_LENGTH} characters`);
  if (key.includes('\\')) throw bad('must not contain backslashes');
  if (hasControlCharacter(key)) throw bad('must not contain control characters');
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) throw bad('must be a relative key');
  if (key.includes('%')) throw bad('must not be encoded twice');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw bad('must not contain empty, "." or ".." segments');
  }
}

/** A key from a URL path parameter (itty-router leaves params encoded): decoded exactly once. */
export function decodeKeyParam(raw: string | undefined): string {
  return decodeOnce(raw ?? '');
}

/**
 * Checks a decoded key on behalf of `userId` (null: a signed-URL request, where the
 * signature vouches for the key and the owner comes from the key itself).
 */
export function parseFileKey(key: string, userId: string | null): FileKey {
  assertSafeShape(key, 'key');
  const [root, owner, bucket, ...rest] = key.split('/');
  if (root !== 'users' || !owner || !bucket || rest.length === 0 || !isBucket(bucket)) throw notFound('File');
  if (userId !== null && owner !== userId) throw notFound('File');
  if (!rest.every((segment) => SEGMENT.test(segment))) throw notFound('File');
  return { key, userId: owner, bucket };
}

/** A user id that can live in a key segment (Supabase ids are UUIDs). */
export function assertKeySafeUserId(userId: string): void {
  if (!SEGMENT.test(userId) || userId === '.' || userId === '..' || userId.length > 128) {
    throw new ApiError(400, 'UNSUPPORTED_USER_ID', 'This account id cannot own files');
  }
}

/**
 * The name part of a new key: the client's `path` (relative to the bucket folder), each
 * segment reduced to [A-Za-z0-9._-]; traversal attempts are refused rather than repaired.
 */
export function sanitisePath(path: string): string {
  if (path.length > MAX_PATH_LENGTH) throw validationError('path', `must be at most ${MAX_PATH_LENGTH} characters`);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not percent-encoded text; judge it as given.
  }
  for (const candidate of [path, decoded]) assertSafeShape(candidate.replaceAll('%', '_'), 'path');
  const segments = path.split('/').map((segment) =>
    segment
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 200),
  );
  if (segments.length > MAX_PATH_SEGMENTS) throw validationError('path', `must have at most ${MAX_PATH_SEGMENTS} segments`);
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw validationError('path', 'must not contain empty, "." or ".." segments');
  }
  return segments.join('/');
}

export const keyFor = (userId: string, bucket: FileBucket, name: string) => `users/${userId}/${bucket}/${name}`;

/** The key as a URL path (each segment encoded). */
export const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

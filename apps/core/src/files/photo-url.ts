/**
 * Signed file links that keep working. The frontend stores the upload's downloadURL (a signed
 * /api/files/signed link, prefixed with its API URL) as the profile's photo_url and uses it as
 * an <img src>; a signature lives at most 24 h. So when core answers a profile whose photo_url
 * points at one of the user's own files (a signed link or an old /api/files/download/ path),
 * it answers a freshly signed link to the file's current version instead. Anything else —
 * another user's key, a foreign URL, a file that is gone — is answered as stored.
 */
import { files, userDb } from '@jobmatch/db';
import { assertSigningSecret, SIGNED_URL_MAX_TTL_SECONDS, signedFilePath, type FileVersion } from '@jobmatch/shared-middleware';
import { parseFileKey } from '@jobmatch/files';
import type { CoreEnv } from '../env';
import { currentVersion } from './versions';

/** Links are re-signed to the end of a 12-hour window (12–24 h ahead), so a link stays the same for hours (browser cache). */
const WINDOW_SECONDS = SIGNED_URL_MAX_TTL_SECONDS / 2;

/** A signed download link of this version of a file, for upload answers and profile reads. */
export async function stableSignedPath(secret: string, version: FileVersion, nowMs = Date.now()): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const expires = Math.ceil((now + WINDOW_SECONDS) / WINDOW_SECONDS) * WINDOW_SECONDS;
  return (await signedFilePath(secret, version, expires - now, nowMs)).path;
}

/** The file key a link of ours names, and what precedes `/api/files/` in it (the API origin). */
function ownLink(url: string): { prefix: string; key: string } | null {
  const at = url.indexOf('/api/files/');
  if (at < 0) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://relative.invalid');
  } catch {
    return null;
  }
  if (parsed.pathname.endsWith('/api/files/signed')) {
    const key = parsed.searchParams.get('key');
    return key ? { prefix: url.slice(0, at), key } : null;
  }
  const download = parsed.pathname.indexOf('/api/files/download/');
  if (download < 0) return null;
  try {
    return { prefix: url.slice(0, at), key: decodeURIComponent(parsed.pathname.slice(download + '/api/files/download/'.length)) };
  } catch {
    return null;
  }
}

/** photo_url as the client should use it now (see the module comment). */
export async function freshPhotoUrl(env: CoreEnv, userId: string, photoUrl: string | null): Promise<string | null> {
  if (!photoUrl) return photoUrl;
  const link = ownLink(photoUrl);
  if (!link) return photoUrl;
  try {
    parseFileKey(link.key, userId); // throws for a malformed key or another user's
  } catch {
    return photoUrl;
  }
  const record = await files.getFile(await userDb(env, userId), userId, link.key);
  const version = record && (await currentVersion(env, record));
  if (!version) return photoUrl;
  return `${link.prefix}${await stableSignedPath(assertSigningSecret(env.INTERNAL_SIGNING_SECRET), version)}`;
}

/**
 * /api/files — the user's files in R2 (AVATARS, RESUMES, EXPORTS), metadata in D1 `files`.
 * Keys: users/{userId}/{bucket}/{name}. Signed URLs (GET /api/files/signed, public at the
 * gateway) are HMAC capabilities over key + expiry (packages/shared-middleware/src/signed-url.ts).
 */
import * as v from 'valibot';
import { FILE_BUCKETS, files, newId, type FileRecord, userDb } from '@jobmatch/db';
import {
  ApiError,
  FILE_URL_PURPOSE,
  SIGNED_URL_MAX_TTL_SECONDS,
  SIGNED_URL_MIN_TTL_SECONDS,
  assertResourceSignature,
  assertSigningSecret,
  badRequest,
  errorAnswer,
  json,
  logEvent,
  noContent,
  notFound,
  parseFileVersion,
  queryInt,
  readQuery,
  signedFilePath,
  signedFileResource,
  userOf,
  validate,
  validationError,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { assertStorageRoom, storageQuotaDoc } from '../quotas';
import { downloadUrlResponse, wantsDownloadUrl } from '../files/download-url';
import { stableSignedPath } from '../files/photo-url';
import { bucketOf, currentVersion, deleteVersionObject, VERSION_METADATA } from '../files/versions';
import {
  ALLOWED_TYPES,
  assertKeySafeUserId,
  declaredTypeAgrees,
  decodeKeyParam,
  detectContentType,
  EXTENSION,
  keyFor,
  MAX_KEY_LENGTH,
  parseFileKey,
  sanitisePath,
  withoutControlCharacters,
} from '@jobmatch/files';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The file plus room for the multipart envelope and the other fields (as the gateway's cap). */
const MAX_UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;

const UploadForm = v.object({
  file: v.instance(File, 'must be a file (multipart field "file")'),
  bucket: v.picklist(FILE_BUCKETS, `must be one of ${FILE_BUCKETS.join(', ')}`),
  path: v.optional(
    v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(512, 'must be at most 512 characters')),
  ),
});

const SignedUrlQuery = v.object({
  expiresIn: queryInt(SIGNED_URL_MIN_TTL_SECONDS, SIGNED_URL_MAX_TTL_SECONDS, 3600),
});

const SignedDownloadQuery = v.object({
  key: v.pipe(v.string('is required'), v.minLength(1, 'is required'), v.maxLength(MAX_KEY_LENGTH)),
  version: v.pipe(v.string('is required'), v.minLength(1, 'is required'), v.maxLength(160)),
  expires: v.pipe(v.string('is required'), v.regex(/^\d{1,12}$/, 'must be unix seconds'), v.transform(Number)),
  signature: v.pipe(v.string('is required'), v.minLength(1, 'is required'), v.maxLength(128)),
});

const tooLarge = () =>
  new ApiError(413, 'PAYLOAD_TOO_LARGE', `Files may be at most ${MAX_FILE_BYTES} bytes (10 MB)`, { maxBytes: MAX_FILE_BYTES });

async function readUploadForm(request: Request) {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BODY_BYTES) throw tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('INVALID_MULTIPART', 'The request body is not valid multipart/form-data');
  }
  const field = (name: string) => form.get(name) ?? undefined;
  return validate(UploadForm, { file: field('file'), bucket: field('bucket'), path: field('path') }, 'form');
}

/** The original file name as a printable, bounded string (null when none was sent). */
function originalName(file: File): string | null {
  const name = withoutControlCharacters(file.name).trim().slice(0, 255);
  return name === '' ? null : name;
}

function contentDisposition(record: FileRecord): string {
  const name = record.original_name ?? record.key.slice(record.key.lastIndexOf('/') + 1);
  const fallback = name.replace(/[^A-Za-z0-9._ -]/g, '_');
  const kind = record.content_type.startsWith('image/') ? 'inline' : 'attachment';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Streams the object with the content type detected at upload (never R2's or the client's).
 * With `etag`, only that version: a replacement written since the row was read is not served.
 */
async function serveFile(env: CoreEnv, record: FileRecord, cacheControl: string, etag?: string): Promise<Response> {
  const object = await bucketOf(env, record.bucket).get(record.key, etag ? { onlyIf: { etagMatches: etag } } : undefined);
  if (!object || !('body' in object)) throw notFound('File');
  return new Response(object.body, {
    headers: {
      'Content-Type': record.content_type,
      'Content-Length': String(object.size),
      'Content-Disposition': contentDisposition(record),
      'Cache-Control': cacheControl,
      ETag: object.httpEtag,
    },
  });
}

export function fileRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .post('/api/files/upload', async (request, env) => {
      const user = userOf(request);
      assertKeySafeUserId(user.userId);
      const form = await readUploadForm(request);
      const { file, bucket } = form;
      if (file.size > MAX_FILE_BYTES) throw tooLarge();
      if (file.size === 0) throw validationError('file', 'must not be empty');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const detected = detectContentType(bytes);
      const allowed = ALLOWED_TYPES[bucket];
      if (!detected || !allowed.includes(detected)) {
        throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', `This file type is not accepted in ${bucket}`, {
          detected: detected ?? 'unknown',
          allowed: [...allowed],
        });
      }
      if (!declaredTypeAgrees(file.type, detected)) {
        throw new ApiError(415, 'CONTENT_TYPE_MISMATCH', `The file is ${detected}, not ${file.type}`, { detected, declared: file.type });
      }
      const name = form.path !== undefined ? sanitisePath(form.path) : `${crypto.randomUUID()}${EXTENSION[detected] ?? ''}`;
      const key = keyFor(user.userId, bucket, name);
      if (key.length > MAX_KEY_LENGTH) throw validationError('path', 'is too long');

      const r2 = bucketOf(env, bucket);
      // Only a client-chosen path can name an existing file (a replacement); a UUID name cannot.
      const previous = form.path !== undefined ? await files.getFile(await userDb(env, user.userId), user.userId, key) : null;
      const replacing = previous !== null;
      // The files row's trigger enforces the R2 byte quota, but a refused replacement would already
      // have overwritten the object: one O(1) counter read first (the trigger still holds under races).
      await assertStorageRoom(await userDb(env, user.userId), user.userId, 'files', {
        rows: replacing ? 0 : 1,
        bytes: bytes.byteLength - (previous?.size ?? 0),
      });
      // Every upload is a new version (row id), named in the object so deletes spare newer ones.
      const versionId = newId();
      const putOptions = {
        httpMetadata: { contentType: detected },
        customMetadata: { userId: user.userId, [VERSION_METADATA]: versionId },
      };
      const stored = await r2.put(key, bytes, putOptions);
      let record: FileRecord;
      try {
        record = await files.recordFile(await userDb(env, user.userId), user, {
          id: versionId,
          key,
          bucket,
          contentType: detected,
          size: bytes.byteLength,
          originalName: originalName(file),
        });
      } catch (error) {
        // No metadata, no file: an object nobody can list or delete must not linger. A
        // replacement keeps its object: the old row still points at it (now the new bytes).
        if (!replacing) await r2.delete(key).catch(() => undefined);
        throw error;
      }
      // A delete of the previous version that read the object before this put may have removed
      // it after: while this version's row is live, write the bytes again.
      if (!(await r2.head(key)) && (await files.getFile(await userDb(env, user.userId), user.userId, key))?.id === versionId)
        await r2.put(key, bytes, putOptions);
      // The frontend prefixes downloadURL with its API URL and uses it bare (an <img src>, a
      // link, the avatar saved as photo_url): a signed path, no Authorization header needed.
      const version = { key, id: record.id, etag: stored!.etag };
      const downloadURL = await stableSignedPath(assertSigningSecret(env.INTERNAL_SIGNING_SECRET), version);
      return json(
        {
          key,
          downloadURL,
          fullPath: key,
          size: record.size,
          contentType: record.content_type,
          uploadedAt: record.created_at,
        },
        201,
      );
    })
    .get('/api/files/download/:key+', async (request, env) => {
      const { userId } = userOf(request);
      const { key } = parseFileKey(decodeKeyParam(request.params.key), userId);
      const record = await files.getFile(await userDb(env, userId), userId, key);
      if (!record) throw notFound('File');
      if (wantsDownloadUrl(request)) {
        const version = await currentVersion(env, record);
        if (!version) throw notFound('File');
        return downloadUrlResponse(env, version); // workersApi.getFileUrl
      }
      return serveFile(env, record, 'private, no-store');
    })
    // Public at the gateway: the signature, not a user, authorises the download.
    .get('/api/files/signed', async (request, env) => {
      const query = readQuery(request, SignedDownloadQuery);
      const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
      await assertResourceSignature(secret, FILE_URL_PURPOSE, signedFileResource(query.key, query.version), query.expires, query.signature);
      const { key, userId } = parseFileKey(query.key, null);
      const version = parseFileVersion(query.version);
      const record = await files.getFile(await userDb(env, userId), userId, key);
      // The link names one version: a replaced, or deleted and re-uploaded, file has a new row id and etag.
      if (!record || !version || record.id !== version.id) throw notFound('File');
      const remaining = Math.max(0, query.expires - Math.floor(Date.now() / 1000));
      return serveFile(env, record, `private, max-age=${Math.min(remaining, 300)}`, version.etag);
    })
    .get('/api/files/:key+/signed-url', async (request, env) => {
      const { userId } = userOf(request);
      const { key } = parseFileKey(decodeKeyParam(request.params.key), userId);
      const { expiresIn } = readQuery(request, SignedUrlQuery);
      const record = await files.getFile(await userDb(env, userId), userId, key);
      const version = record && (await currentVersion(env, record));
      if (!version) throw notFound('File');
      const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
      const { path, expires } = await signedFilePath(secret, version, expiresIn);
      return json({
        signedUrl: `${(env.PUBLIC_API_URL ?? '').replace(/\/+$/, '')}${path}`,
        expiresIn,
        expiresAt: new Date(expires * 1000).toISOString(),
        key,
      });
    })
    .delete('/api/files/:key+', async (request, env) => {
      const { userId } = userOf(request);
      const { key } = parseFileKey(decodeKeyParam(request.params.key), userId);
      const record = await files.markFileDeleted(await userDb(env, userId), userId, key);
      if (!record) throw notFound('File');
      try {
        await deleteVersionObject(env, record);
        await files.removeFileRow(await userDb(env, userId), userId, record.id);
      } catch (error) {
        // The row stays marked deleted (downloads already refuse it); maintenance retries.
        logEvent('warn', 'file_delete_deferred', { key: record.key, requestId: request.identity.requestId, error: String(error) });
      }
      return noContent();
    });
}

// ---- docs ----

/** The path's `key` (users/{userId}/{bucket}/{name}, slashes included), parsed by parseFileKey. */
const FileKeyParam = v.object({ key: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)) });
const fileBytes = {
  status: 200,
  contentType: '*/*',
  description: 'The file, with the type detected at upload (Content-Type) and its name (Content-Disposition)',
};

export const fileDocs: RouteDocs = {
  'POST /api/files/upload': {
    summary: 'Upload a file (at most 10 MB; its type is detected from its bytes and must suit the bucket)',
    rawBody: {
      contentType: 'multipart/form-data',
      description: `Fields: file (the file), bucket (${FILE_BUCKETS.join(' | ')}), path (optional name inside the bucket; the same path replaces the file)`,
    },
    response: {
      status: 201,
      schema: v.object({
        key: v.string(),
        /** A signed path (prefix it with the API URL), usable without a token. */
        downloadURL: v.string(),
        fullPath: v.string(),
        size: v.number(),
        contentType: v.string(),
        uploadedAt: v.string(),
      }),
    },
    otherResponses: [storageQuotaDoc('files')],
  },
  'GET /api/files/download/:key+': { summary: "Download one of the caller's files", params: FileKeyParam, response: fileBytes },
  'GET /api/files/signed': {
    summary: 'Download a file with a signed URL (no token: the signature authorises it)',
    query: SignedDownloadQuery,
    response: fileBytes,
    otherResponses: [
      {
        status: 404,
        schema: errorAnswer('NOT_FOUND'),
        description: 'NOT_FOUND: the file is gone, or the link names a version it no longer has (replaced, or deleted and uploaded again)',
      },
    ],
  },
  'GET /api/files/:key+/signed-url': {
    summary: "A signed download URL for one of the caller's files",
    params: FileKeyParam,
    query: SignedUrlQuery,
    response: {
      status: 200,
      schema: v.object({ signedUrl: v.string(), expiresIn: v.number(), expiresAt: v.string(), key: v.string() }),
    },
  },
  'DELETE /api/files/:key+': { summary: "Delete one of the caller's files", params: FileKeyParam, response: { status: 204 } },
};

/**
 * Content negotiation for GET /api/files/download/:key+ (routes/files.ts).
 * workersApi.getFileUrl reads `{url, expiresIn}` from that path, while links and `<img>` want
 * the bytes. A caller that asks for JSON — `Accept` listing application/json, or the
 * `Content-Type: application/json` workersApi puts on every request (a GET has no body, so the
 * header can only say what the client speaks) — gets a signed URL; everyone else the file.
 */
import { assertSigningSecret, json, signedFilePath, type FileVersion } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

export const DOWNLOAD_URL_TTL_SECONDS = 3600;

export function wantsDownloadUrl(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  const asksJson = accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === 'application/json' && (q === undefined || Number(q.slice(2)) > 0);
  });
  return asksJson || /^application\/json\b/i.test(request.headers.get('content-type') ?? '');
}

export async function downloadUrlResponse(env: CoreEnv, version: FileVersion): Promise<Response> {
  const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
  const { path, expires } = await signedFilePath(secret, version, DOWNLOAD_URL_TTL_SECONDS);
  return json(
    {
      url: `${(env.PUBLIC_API_URL ?? '').replace(/\/+$/, '')}${path}`,
      expiresIn: DOWNLOAD_URL_TTL_SECONDS,
      expiresAt: new Date(expires * 1000).toISOString(),
      key: version.key,
    },
    200,
    { 'Cache-Control': 'private, no-store', Vary: 'Accept, Content-Type' },
  );
}

/**
 * POST /api/exports/{pdf,docx,text} {applicationId}: renders the complete application, stores
 * it in R2 (EXPORTS, key users/{userId}/exports/… from @jobmatch/files) with a `files` row, and
 * answers a signed download link on the gateway's origin — core's public GET /api/files/signed
 * serves it without an Authorization header until `expiresAt`.
 */
import * as v from 'valibot';
import { files, storageQuotaDescription, type UserIdentity, userDb } from '@jobmatch/db';
import { assertKeySafeUserId, DOCX, keyFor, PDF, TEXT, withoutControlCharacters } from '@jobmatch/files';
import {
  ApiError,
  assertSigningSecret,
  invalidates,
  json,
  readJson,
  signedFilePath,
  strictBody,
  userOf,
  type RouteDoc,
  type RouteDocs,
  type RouteModule,
  errorDoc,
} from '@jobmatch/shared-middleware';
import { loadApplicationContent, type ApplicationContent } from '../application-content';
import type { IntegrationsEnv } from '../env';
import { applicationDocument } from '../exports/document';
import { renderDocx } from '../exports/docx';
import { renderPdf } from '../exports/pdf';
import { renderText } from '../exports/text';
import { baseUrl } from '../http';
import { ExportAnswer } from './answers';

const FORMATS = {
  pdf: { contentType: PDF, extension: 'pdf' },
  docx: { contentType: DOCX, extension: 'docx' },
  text: { contentType: TEXT, extension: 'txt' },
} as const;
type ExportFormat = keyof typeof FORMATS;

const DEFAULT_TTL_SECONDS = 3600;
const ExportBody = strictBody({
  applicationId: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100)),
});

function urlTtl(env: IntegrationsEnv): number {
  const configured = Number(env.EXPORT_URL_TTL_SECONDS);
  return Number.isInteger(configured) && configured >= 60 && configured <= 86_400 ? configured : DEFAULT_TTL_SECONDS;
}

/** "Zoë Łukasz – Acme Cover Letter & Resume.pdf" → a readable, header-safe download name. */
export function exportFileName(content: ApplicationContent, extension: string): string {
  // A profile without a name shows the email as the name: not in a file name.
  const who = content.applicant.name.includes('@') ? 'Application' : content.applicant.name;
  const base = withoutControlCharacters(`${who} - ${content.company} - ${content.jobTitle}`, undefined, ' ')
    .replace(/["\\/:*?<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base || 'application'}.${extension}`;
}

async function render(format: ExportFormat, content: ApplicationContent, title: string): Promise<Uint8Array> {
  const blocks = applicationDocument(content);
  if (format === 'pdf') return renderPdf(blocks, title);
  if (format === 'docx') return renderDocx(blocks, title);
  return renderText(blocks);
}

async function exportApplication(env: IntegrationsEnv, user: UserIdentity, format: ExportFormat, applicationId: string) {
  const publicApi = baseUrl(env.PUBLIC_API_URL);
  if (!publicApi)
    throw new ApiError(503, 'EXPORTS_NOT_CONFIGURED', 'Exports need PUBLIC_API_URL (the gateway origin) to build download links');
  const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
  assertKeySafeUserId(user.userId);
  const content = await loadApplicationContent(await userDb(env, user.userId), user, applicationId);
  const { contentType, extension } = FORMATS[format];
  const fileName = exportFileName(content, extension);
  const bytes = await render(format, content, `${content.applicant.name} — ${content.jobTitle}, ${content.company}`);

  const key = keyFor(user.userId, 'exports', `${crypto.randomUUID()}.${extension}`);
  const stored = await env.EXPORTS.put(key, bytes, { httpMetadata: { contentType } });
  let recordId: string;
  try {
    recordId = (
      await files.recordFile(await userDb(env, user.userId), user, {
        key,
        bucket: 'exports',
        contentType,
        size: bytes.byteLength,
        originalName: fileName,
      })
    ).id;
  } catch (error) {
    await env.EXPORTS.delete(key).catch(() => undefined);
    throw error;
  }
  const { path, expires } = await signedFilePath(secret, { key, id: recordId, etag: stored!.etag }, urlTtl(env));
  return {
    downloadUrl: `${publicApi}${path}`,
    fileName,
    expiresAt: new Date(expires * 1000).toISOString(),
    format,
    fileSize: bytes.byteLength,
    key,
  };
}

export const exportRoutes: RouteModule<IntegrationsEnv> = (router) => {
  router.post('/api/exports/:format', async (request, env) => {
    const format = request.params.format as string;
    if (!(format in FORMATS)) throw new ApiError(404, 'NOT_FOUND', `No route for POST /api/exports/${format}`);
    const user = userOf(request);
    const { applicationId } = await readJson(request, ExportBody);
    const result = await exportApplication(env, { userId: user.userId, email: user.email }, format as ExportFormat, applicationId);
    // The new `files` row changes what the files family lists.
    return invalidates(json(result, 201), user.userId, ['exports', 'files']);
  });
};

const exportDoc = (label: string): RouteDoc => ({
  summary: `Export the complete application as ${label}: a signed download link, valid until expiresAt`,
  body: ExportBody,
  response: { status: 201, schema: ExportAnswer },
  otherResponses: [
    errorDoc(404, 'NOT_FOUND', 'no such application of the caller'),
    errorDoc(422, 'APPLICATION_HAS_NO_CONTENT', 'the application has no generated cover letter or resume yet'),
    errorDoc(413, 'STORAGE_QUOTA_EXCEEDED', `storing the export ${storageQuotaDescription('files')} (nothing is kept in R2)`),
    errorDoc(503, 'EXPORTS_NOT_CONFIGURED', 'PUBLIC_API_URL (the gateway origin for download links) is not configured'),
  ],
});

export const exportDocs: RouteDocs = {
  'POST /api/exports/pdf': exportDoc('PDF'),
  'POST /api/exports/docx': exportDoc('DOCX'),
  'POST /api/exports/text': exportDoc('plain text'),
};

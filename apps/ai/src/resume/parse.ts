/**
 * POST /api/resume/parse: reads an object the caller uploaded to the resumes bucket (checked
 * against the files table: another user's key is a 404), extracts its text (PDF, DOCX, plain
 * text) or sends an image to a vision-capable model, and turns it into the profile shape the
 * frontend applies. Read-only: the frontend writes the parsed data through the profile routes.
 */
import { files, userDb } from '@jobmatch/db';
import { DOC, DOCX, GIF, JPEG, PDF, PNG, WEBP, detectContentType, parseFileKey } from '@jobmatch/files';
import { ApiError, notFound, validationError } from '@jobmatch/shared-middleware';
import type { AiEnv } from '../env';
import { parseResumeText } from '../local/resume-parser';
import type { Meter } from '../metrics/meter';
import { runJsonTask, type ChainResult } from '../providers/chain';
import { modelProviders } from '../providers/config';
import { ModelOutputError } from '../providers/types';
import { MAX_RESUME_BYTES, docxText, pdfText, plainText, tidy } from './extract';
import { ParsedResumeSchema, type ParsedResume } from './schema';

const IMAGES = new Set([PNG, JPEG, WEBP, GIF]);

const SYSTEM = [
  'You extract a resume into JSON. Copy names, employers, titles, schools, degrees and dates exactly as written; never invent anything.',
  'Dates as YYYY-MM (or YYYY when no month is given); endDate null and current true for a current role. Unknown text fields are empty strings.',
].join('\n');

export interface ParseAnswer extends ParsedResume {
  metadata: { provider: string; aiModel: string; format: string; characters: number; warnings: string[] };
}

/** A model's employers must occur in the document: an invented one rejects the answer. */
const acceptFor =
  (text: string) =>
  (parsed: ParsedResume): ParsedResume => {
    const lower = text.toLowerCase();
    const invented = parsed.workExperience.map((w) => w.company).filter((c) => c && !lower.includes(c.toLowerCase()));
    if (invented.length) throw new ModelOutputError(`employers not in the document: ${invented.slice(0, 3).join(', ')}`);
    return parsed;
  };

export async function parseResume(env: AiEnv, userId: string, storagePath: string, meter: Meter): Promise<ParseAnswer> {
  const { key, bucket } = parseFileKey(storagePath, userId);
  if (bucket !== 'resumes') throw validationError('storagePath', 'must be a file in the resumes bucket');
  const record = await files.getFile(await userDb(env, userId), userId, key);
  if (!record) throw notFound('File');
  const object = await env.RESUMES.get(key);
  if (!object) throw notFound('File');
  if (object.size > MAX_RESUME_BYTES) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Resumes are read up to 10 MB');
  const bytes = new Uint8Array(await object.arrayBuffer());
  const type = detectContentType(bytes) ?? record.content_type;

  if (IMAGES.has(type)) return parseImage(env, meter, bytes, type);
  let text: string;
  let format: string;
  if (type === PDF) [text, format] = [await pdfText(bytes), 'pdf'];
  else if (type === DOCX) [text, format] = [await docxText(bytes), 'docx'];
  else if (type.startsWith('text/plain')) [text, format] = [plainText(bytes), 'text'];
  else if (type === DOC)
    throw new ApiError(422, 'UNSUPPORTED_RESUME_FORMAT', 'Legacy .doc files cannot be read: save the resume as DOCX or PDF');
  else throw new ApiError(422, 'UNSUPPORTED_RESUME_FORMAT', `Resumes in ${type} cannot be read`);
  text = tidy(text);
  if (text.length < 30) {
    throw new ApiError(
      422,
      'NO_TEXT_FOUND',
      'No text could be read from this file (a scanned PDF?): upload a DOCX, a text-based PDF or an image of the resume',
    );
  }
  const result = await runJsonTask({
    providers: modelProviders(env),
    task: { name: 'resume_parse', schema: ParsedResumeSchema, system: SYSTEM, user: text, maxTokens: 4000 },
    meter,
    accept: acceptFor(text),
    local: () => parseResumeText(text),
  });
  return withMetadata(result, format, text.length);
}

async function parseImage(env: AiEnv, meter: Meter, bytes: Uint8Array, type: string): Promise<ParseAnswer> {
  const providers = modelProviders(env).filter((p) => p.visionModel);
  if (providers.length === 0) {
    throw new ApiError(
      422,
      'VISION_NOT_CONFIGURED',
      'Image resumes need a vision model, and none is configured: upload a PDF or DOCX instead',
      {
        supported: ['pdf', 'docx', 'txt'],
      },
    );
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const result = await runJsonTask({
    providers,
    needsVision: true,
    task: {
      name: 'resume_parse_image',
      schema: ParsedResumeSchema,
      system: SYSTEM,
      user: 'Extract this resume.',
      maxTokens: 4000,
      imageDataUrl: `data:${type};base64,${btoa(binary)}`,
    },
    meter,
    local: () => {
      throw new ApiError(503, 'AI_PROVIDER_UNAVAILABLE', 'The vision model could not read this image; try again or upload a PDF or DOCX');
    },
  });
  return withMetadata(result, 'image', 0);
}

function withMetadata(result: ChainResult<ParsedResume>, format: string, characters: number): ParseAnswer {
  const warnings = result.fallbacks.map((f) => `${f.provider} (${f.model}) did not answer: ${f.reason}`);
  if (result.value.workExperience.length === 0) warnings.push('No work experience entries were recognised.');
  if (!result.value.profile.email) warnings.push('No email address was found.');
  return { ...result.value, metadata: { provider: result.provider, aiModel: result.model, format, characters, warnings } };
}

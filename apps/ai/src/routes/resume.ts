/** /api/resume/*: parse an uploaded resume, analyse profile gaps, list the supported formats (public). */
import * as v from 'valibot';
import { errorAnswer, json, readJson, strictBody, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import type { AiEnv } from '../env';
import { localGapAnalysis } from '../local/gaps';
import { callerOf } from '../metrics/request-meter';
import { runJsonTask } from '../providers/chain';
import { modelProviders, providerSummary } from '../providers/config';
import { MAX_DOCX_UNCOMPRESSED_BYTES, MAX_PDF_PAGES, MAX_RESUME_BYTES } from '../resume/extract';
import { GapAnalysisSchema, GapRequestSchema } from '../resume/gaps-schema';
import { parseResume } from '../resume/parse';
import { GapAnalysisAnswerSchema, ParsedResumeAnswerSchema, SupportedFormatsAnswerSchema, errorAnswerOneOf } from './answers';

const ParseBody = strictBody({
  storagePath: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(1024)),
});

const GAPS_SYSTEM = [
  'You review a resume for gaps and red flags (employment gaps, missing results, unclear roles) strictly from the data given.',
  'Ask clarification questions that would let the candidate fix each gap. Never invent facts.',
].join('\n');

export function resumeRoutes(router: ServiceRouter<AiEnv>): void {
  router
    .post('/api/resume/parse', async (request, env, ctx) => {
      const { user, meter } = callerOf(request, env, ctx);
      const { storagePath } = await readJson(request, ParseBody);
      return json(await parseResume(env, user.userId, storagePath, meter));
    })
    .post('/api/resume/analyze-gaps', async (request, env, ctx) => {
      const { meter } = callerOf(request, env, ctx);
      const body = await readJson(request, GapRequestSchema);
      const result = await runJsonTask({
        providers: modelProviders(env),
        task: {
          name: 'resume_gaps',
          schema: GapAnalysisSchema,
          system: GAPS_SYSTEM,
          user: JSON.stringify(body).slice(0, 60_000),
          maxTokens: 3000,
        },
        meter,
        local: () => localGapAnalysis(body),
      });
      return json({ ...result.value, provider: result.provider, aiModel: result.model });
    })
    .get('/api/resume/supported-formats', (_request, env) => {
      const vision = providerSummary(env).vision;
      return json({
        supported: [
          { format: 'pdf', mimeType: 'application/pdf', extensions: ['.pdf'], maxPages: MAX_PDF_PAGES },
          {
            format: 'docx',
            mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            extensions: ['.docx'],
            maxUncompressedBytes: MAX_DOCX_UNCOMPRESSED_BYTES,
          },
          { format: 'text', mimeType: 'text/plain', extensions: ['.txt'] },
          ...(vision
            ? [
                {
                  format: 'image',
                  mimeType: 'image/png, image/jpeg, image/webp, image/gif',
                  extensions: ['.png', '.jpg', '.jpeg', '.webp', '.gif'],
                  model: vision,
                },
              ]
            : []),
        ],
        maxFileBytes: MAX_RESUME_BYTES,
        recommendations: [
          'A text-based PDF or a DOCX gives the best results (scanned PDFs have no text to read).',
          'Keep one role per heading with its dates, e.g. "Senior Engineer — Acme" and "Jan 2020 – Present".',
          'List skills in a "Skills" section, separated by commas.',
          ...(vision ? [] : ['Images are not read in this environment: no vision model is configured.']),
        ],
      });
    });
}

export const resumeDocs: RouteDocs = {
  'POST /api/resume/parse': {
    summary:
      'Read a resume the caller uploaded to the resumes bucket (PDF, DOCX, text; images with a vision model) into profile fields (nothing is saved)',
    body: ParseBody,
    response: { status: 200, schema: ParsedResumeAnswerSchema },
    otherResponses: [
      {
        status: 422,
        schema: errorAnswerOneOf('UNSUPPORTED_RESUME_FORMAT', 'UNREADABLE_DOCUMENT', 'NO_TEXT_FOUND', 'VISION_NOT_CONFIGURED'),
        description:
          'The file cannot be read: an unsupported format (e.g. legacy .doc), a damaged or oversized document, no extractable text (a scanned PDF), or an image with no vision model configured',
      },
      { status: 503, schema: errorAnswer('AI_PROVIDER_UNAVAILABLE'), description: 'No vision model could read the image resume' },
    ],
  },
  'GET /api/resume/supported-formats': {
    summary: 'The resume formats POST /api/resume/parse reads, with their limits (public)',
    response: { status: 200, schema: SupportedFormatsAnswerSchema },
  },
  'POST /api/resume/analyze-gaps': {
    summary:
      'Employment gaps and red flags in the given profile, with clarification questions (the answer is accepted as is by POST /api/gap-analyses)',
    body: GapRequestSchema,
    response: { status: 200, schema: GapAnalysisAnswerSchema },
  },
};

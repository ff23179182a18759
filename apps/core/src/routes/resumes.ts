/**
 * /api/resume[/:id] — the user's structured resumes (D1 `resume_documents`), as useResumes
 * reads them: GET answers a bare array of rows, POST/PATCH the row itself, DELETE 204 (the hook
 * reads no body on success). Rows are snake_case with `sections` and `formats` parsed.
 */
import * as v from 'valibot';
import { ResumeRowSchema, resumes, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  hasSomeField,
  IdParam,
  json,
  jsonWithin,
  noContent,
  notFound,
  readJson,
  requiredText,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const RESUME_TYPES_LIST = resumes.RESUME_TYPES;
const RESUME_FORMATS_LIST = resumes.RESUME_FORMATS;

const entries = {
  type: v.picklist(RESUME_TYPES_LIST, `must be one of ${RESUME_TYPES_LIST.join(', ')}`),
  title: requiredText(200),
  // The editor's sections object (header, summary, experience, education, skills), kept as sent.
  sections: jsonWithin(
    v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object'),
    200 * 1024,
  ),
  formats: v.pipe(
    v.array(v.picklist(RESUME_FORMATS_LIST, `must be one of ${RESUME_FORMATS_LIST.join(', ')}`), 'must be an array'),
    v.maxLength(RESUME_FORMATS_LIST.length, `at most ${RESUME_FORMATS_LIST.length} formats`),
    v.transform((list) => [...new Set(list)]),
  ),
};

const CreateResume = v.strictObject({
  type: v.optional(entries.type, 'tailored'),
  title: entries.title,
  sections: v.optional(entries.sections, {}),
  formats: v.optional(entries.formats, []),
});
const PatchResume = v.pipe(
  v.strictObject({
    type: v.optional(entries.type),
    title: v.optional(entries.title),
    sections: v.optional(entries.sections),
    formats: v.optional(entries.formats),
  }),
  v.check(hasSomeField, 'Send at least one field to update'),
);

export function resumeRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/resume', async (request, env) => {
      const { userId } = userOf(request);
      return cacheableJson(await resumes.listResumes(await userDb(env, userId), userId));
    })
    .post('/api/resume', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateResume);
      return json(await resumes.createResume(await userDb(env, user.userId), user, body), 201);
    })
    .patch('/api/resume/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchResume);
      const updated = await resumes.updateResume(await userDb(env, userId), userId, id, patch);
      if (!updated) throw notFound('Resume');
      return json(updated);
    })
    .delete('/api/resume/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await resumes.deleteResume(await userDb(env, userId), userId, id))) throw notFound('Resume');
      return noContent();
    });
}

export const resumeDocs: RouteDocs = {
  'GET /api/resume': {
    summary: "The caller's structured resumes, master first (a bare array)",
    response: { status: 200, schema: v.array(ResumeRowSchema) },
  },
  'POST /api/resume': {
    summary: 'Create a structured resume',
    body: CreateResume,
    response: { status: 201, schema: ResumeRowSchema },
    otherResponses: [storageQuotaDoc('resumes')],
  },
  'PATCH /api/resume/:id': {
    summary: 'Edit a structured resume',
    params: IdParam,
    body: PatchResume,
    response: { status: 200, schema: ResumeRowSchema },
    otherResponses: [storageQuotaDoc('resumes')],
  },
  'DELETE /api/resume/:id': { summary: 'Delete a structured resume', params: IdParam, response: { status: 204 } },
};

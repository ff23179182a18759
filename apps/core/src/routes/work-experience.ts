/** /api/profile/work-experience — the user's jobs held (D1 `work_experience`). */
import * as v from 'valibot';
import { WorkExperienceRowSchema, workExperience, type WorkExperienceInput, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  datesInOrder,
  hasSomeField,
  IdParam,
  json,
  noContent,
  notFound,
  optionalPartialDate,
  optionalText,
  readJson,
  requiredPartialDate,
  requiredText,
  textList,
  userOf,
  validate,
  validationError,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const entries = {
  title: requiredText(200),
  company: requiredText(200),
  start_date: requiredPartialDate(),
  location: optionalText(200),
  employment_type: optionalText(50),
  description: optionalText(10_000),
  accomplishments: v.optional(textList(50, 1000)),
  end_date: optionalPartialDate(),
  is_current: v.optional(v.boolean('must be true or false')),
};

// Strict: a misspelt key is a 400 naming it (workersApi maps the form to these snake_case names).
const CreateExperience = v.strictObject(entries);
const PatchExperience = v.pipe(
  v.strictObject({
    ...entries,
    title: v.optional(entries.title),
    company: v.optional(entries.company),
    start_date: v.optional(entries.start_date),
  }),
  v.check(hasSomeField, 'Send at least one field to update'),
);

/** Cross-field rules, checked on the full entry (for PATCH: after merging onto the stored row). */
function checkEntry(e: WorkExperienceInput): WorkExperienceInput {
  if (e.is_current && e.end_date !== null) throw validationError('end_date', 'must be empty while is_current is true');
  if (!datesInOrder(e.start_date, e.end_date)) throw validationError('end_date', 'must not be before start_date');
  return e;
}

export function workExperienceRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/profile/work-experience', async (request, env) => {
      const { userId } = userOf(request);
      return cacheableJson({ workExperience: await workExperience.listWorkExperience(await userDb(env, userId), userId) });
    })
    .post('/api/profile/work-experience', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateExperience);
      const entry = checkEntry({
        title: body.title,
        company: body.company,
        start_date: body.start_date,
        location: body.location ?? null,
        employment_type: body.employment_type ?? null,
        description: body.description ?? null,
        accomplishments: body.accomplishments ?? [],
        end_date: body.end_date ?? null,
        is_current: body.is_current ?? false,
      });
      return json({ experience: await workExperience.createWorkExperience(await userDb(env, user.userId), user, entry) }, 201);
    })
    .patch('/api/profile/work-experience/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchExperience);
      const stored = await workExperience.getWorkExperience(await userDb(env, userId), userId, id);
      if (!stored) throw notFound('Work experience');
      const merged: WorkExperienceInput = { ...stored };
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(merged, { [key]: value });
      // Ticking "current" clears the end date; giving an end date ends the current job.
      if (patch.is_current === true && patch.end_date === undefined) merged.end_date = null;
      if (patch.end_date && patch.is_current === undefined) merged.is_current = false;
      const updated = await workExperience.updateWorkExperience(await userDb(env, userId), userId, id, checkEntry(merged));
      if (!updated) throw notFound('Work experience');
      return json({ experience: updated });
    })
    .delete('/api/profile/work-experience/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await workExperience.deleteWorkExperience(await userDb(env, userId), userId, id))) throw notFound('Work experience');
      return noContent();
    });
}

const ExperienceAnswer = v.object({ experience: WorkExperienceRowSchema });

export const workExperienceDocs: RouteDocs = {
  'GET /api/profile/work-experience': {
    summary: "The caller's work experience, newest first",
    response: { status: 200, schema: v.object({ workExperience: v.array(WorkExperienceRowSchema) }) },
  },
  'POST /api/profile/work-experience': {
    summary: 'Add a work experience entry',
    body: CreateExperience,
    response: { status: 201, schema: ExperienceAnswer },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'PATCH /api/profile/work-experience/:id': {
    summary: 'Update a work experience entry (merged onto the stored entry)',
    params: IdParam,
    body: PatchExperience,
    response: { status: 200, schema: ExperienceAnswer },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'DELETE /api/profile/work-experience/:id': { summary: 'Delete a work experience entry', params: IdParam, response: { status: 204 } },
};

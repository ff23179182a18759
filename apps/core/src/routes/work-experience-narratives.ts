/**
 * /api/profile/work-experience-narratives — one narrative per work experience of the user's
 * own (D1 `work_experience_narratives`), camelCase as useWorkExperienceNarratives reads it.
 * POST upserts by `workExperienceId` (201 created, 200 replaced); DELETE answers a JSON body
 * because the hook calls `response.json()` on it.
 */
import * as v from 'valibot';
import { NarrativeRowSchema, narratives, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
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

const UpsertNarrative = v.strictObject({
  workExperienceId: v.pipe(v.string('must be a string'), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters')),
  narrative: requiredText(10_000),
});

const PATH = '/api/profile/work-experience-narratives';

export function narrativeRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get(PATH, async (request, env) => {
      const { userId } = userOf(request);
      return cacheableJson({ narratives: await narratives.listNarratives(await userDb(env, userId), userId) });
    })
    .post(PATH, async (request, env) => {
      const { userId } = userOf(request);
      const body = await readJson(request, UpsertNarrative);
      const saved = await narratives.upsertNarrative(await userDb(env, userId), userId, body.workExperienceId, body.narrative);
      if (!saved) throw notFound('Work experience');
      return json({ success: true, narrative: saved.narrative }, saved.created ? 201 : 200);
    })
    .delete(`${PATH}/:id`, async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await narratives.deleteNarrative(await userDb(env, userId), userId, id))) throw notFound('Narrative');
      return json({ success: true, id });
    });
}

const savedNarrative = v.object({ success: v.literal(true), narrative: NarrativeRowSchema });

export const narrativeDocs: RouteDocs = {
  [`GET ${PATH}`]: {
    summary: "The caller's work-experience narratives, oldest first",
    response: { status: 200, schema: v.object({ narratives: v.array(NarrativeRowSchema) }) },
  },
  [`POST ${PATH}`]: {
    summary: 'Create or replace the narrative of one of your work experiences',
    body: UpsertNarrative,
    response: { status: 201, schema: savedNarrative, description: 'Created' },
    otherResponses: [{ status: 200, schema: savedNarrative, description: 'Replaced the existing narrative' }, storageQuotaDoc('profile')],
  },
  [`DELETE ${PATH}/:id`]: {
    summary: 'Delete a narrative',
    params: IdParam,
    response: { status: 200, schema: v.object({ success: v.literal(true), id: v.string() }) },
  },
};

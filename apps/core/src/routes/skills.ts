/** /api/skills — the user's skills (D1 `skills`), one per name case-insensitively. */
import * as v from 'valibot';
import { SkillRowSchema, skills, userDb } from '@jobmatch/db';
import {
  ApiError,
  cacheableJson,
  hasSomeField,
  IdParam,
  json,
  noContent,
  notFound,
  readJson,
  requiredText,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRouter,
  strictBody,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const entries = {
  name: requiredText(100),
  level: v.optional(v.nullable(v.picklist(skills.SKILL_LEVELS, `must be one of ${skills.SKILL_LEVELS.join(', ')}`))),
  endorsements: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0), v.maxValue(1_000_000))),
};

const CreateSkill = strictBody(entries);
const PatchSkill = v.pipe(
  strictBody({ ...entries, name: v.optional(entries.name) }),
  v.check(hasSomeField, 'Send at least one field to update'),
);
const BatchSkills = strictBody({
  skills: v.pipe(
    v.array(CreateSkill, 'must be an array of skills'),
    v.minLength(1, 'must contain at least 1 skill'),
    v.maxLength(100, 'must contain at most 100 skills'),
  ),
});

const nameTaken = (existing: skills.Skill) =>
  new ApiError(409, 'SKILL_ALREADY_EXISTS', `You already have the skill "${existing.name}"`, { skillId: existing.id });

export function skillRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/skills', async (request, env) => {
      const { userId } = userOf(request);
      return cacheableJson({ skills: await skills.listSkills(await userDb(env, userId), userId) });
    })
    .post('/api/skills/batch', async (request, env) => {
      const user = userOf(request);
      // The whole body is validated before anything is written: one bad item changes nothing.
      const body = await readJson(request, BatchSkills);
      const saved = await skills.upsertSkills(await userDb(env, user.userId), user, body.skills);
      return json({ skills: saved, count: saved.length });
    })
    .post('/api/skills', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateSkill);
      const result = await skills.createSkill(await userDb(env, user.userId), user, body);
      if (result.status === 'name_taken') throw nameTaken(result.existing);
      if (result.status !== 'ok') throw new ApiError(409, 'CONFLICT', 'The skill changed concurrently; try again');
      return json({ skill: result.skill }, 201);
    })
    .patch('/api/skills/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchSkill);
      const result = await skills.updateSkill(await userDb(env, userId), userId, id, patch);
      if (result.status === 'not_found') throw notFound('Skill');
      if (result.status === 'name_taken') throw nameTaken(result.existing);
      return json({ skill: result.skill });
    })
    .delete('/api/skills/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await skills.deleteSkill(await userDb(env, userId), userId, id))) throw notFound('Skill');
      return noContent();
    });
}

export const skillDocs: RouteDocs = {
  'GET /api/skills': { summary: "The caller's skills", response: { status: 200, schema: v.object({ skills: v.array(SkillRowSchema) }) } },
  'POST /api/skills/batch': {
    summary: 'Add or update up to 100 skills at once (by name)',
    body: BatchSkills,
    response: { status: 200, schema: v.object({ skills: v.array(SkillRowSchema), count: v.number() }) },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'POST /api/skills': {
    summary: 'Add a skill',
    body: CreateSkill,
    response: { status: 201, schema: v.object({ skill: SkillRowSchema }) },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'PATCH /api/skills/:id': {
    summary: 'Edit a skill',
    params: IdParam,
    body: PatchSkill,
    response: { status: 200, schema: v.object({ skill: SkillRowSchema }) },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'DELETE /api/skills/:id': { summary: 'Delete a skill', params: IdParam, response: { status: 204 } },
};

/**
 * /api/profile/education — the user's schooling (D1 `education`). The frontend's useEducation
 * sends camelCase (school, field, startDate, endDate, highlights[]), mapped to the row's columns
 * (institution, field_of_study, …); rows answer snake_case with `description` = the highlights
 * as JSON text, which the hook `JSON.parse()`s.
 */
import * as v from 'valibot';
import { EducationRowSchema, education, type EducationInput, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  datesInOrder,
  hasSomeField,
  IdParam,
  json,
  notFound,
  optionalPartialDate,
  optionalText,
  readJson,
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

/** The form's highlight lines; blank lines are dropped rather than refused. */
const highlights = v.optional(
  v.pipe(
    v.array(v.string('must be a string'), 'must be an array of strings'),
    v.transform((lines) => lines.map((l) => l.trim()).filter((l) => l !== '')),
    textList(50, 1000),
  ),
);

const entries = {
  school: requiredText(200),
  degree: optionalText(200),
  field: optionalText(200),
  startDate: optionalPartialDate(),
  endDate: optionalPartialDate(),
  grade: optionalText(50),
  highlights,
};
type Body = Partial<v.InferOutput<v.ObjectSchema<typeof entries, undefined>>>;

// Strict: a misspelt key is a 400 naming it, never silently dropped.
const CreateEducation = v.strictObject(entries);
const PatchEducation = v.pipe(
  v.strictObject({ ...entries, school: v.optional(entries.school) }),
  v.check(hasSomeField, 'Send at least one field to update'),
);

/** Input names → columns; absent fields keep `base`'s value. */
function toColumns(body: Body, base: EducationInput): EducationInput {
  const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
  const entry: EducationInput = {
    institution: pick(body.school, base.institution),
    degree: pick(body.degree, base.degree),
    field_of_study: pick(body.field, base.field_of_study),
    start_date: pick(body.startDate, base.start_date),
    end_date: pick(body.endDate, base.end_date),
    grade: pick(body.grade, base.grade),
    highlights: pick(body.highlights, base.highlights),
  };
  if (!datesInOrder(entry.start_date, entry.end_date)) throw validationError('endDate', 'must not be before startDate');
  return entry;
}

const EMPTY: EducationInput = {
  institution: '',
  degree: null,
  field_of_study: null,
  start_date: null,
  end_date: null,
  grade: null,
  highlights: [],
};

export function educationRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/profile/education', async (request, env) => {
      const { userId } = userOf(request);
      return cacheableJson({ education: await education.listEducation(await userDb(env, userId), userId) });
    })
    .post('/api/profile/education', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateEducation);
      return json({ education: await education.createEducation(await userDb(env, user.userId), user, toColumns(body, EMPTY)) }, 201);
    })
    .patch('/api/profile/education/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchEducation);
      const stored = await education.getEducation(await userDb(env, userId), userId, id);
      if (!stored) throw notFound('Education');
      const updated = await education.updateEducation(await userDb(env, userId), userId, id, toColumns(patch, stored));
      if (!updated) throw notFound('Education');
      return json({ education: updated });
    })
    .delete('/api/profile/education/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await education.deleteEducation(await userDb(env, userId), userId, id))) throw notFound('Education');
      // 200 with a body: useEducation.deleteEducation calls response.json() on success.
      return json({ success: true, id });
    });
}

const EducationAnswer = v.object({ education: EducationRowSchema });

export const educationDocs: RouteDocs = {
  'GET /api/profile/education': {
    summary: "The caller's education entries, newest first",
    response: { status: 200, schema: v.object({ education: v.array(EducationRowSchema) }) },
  },
  'POST /api/profile/education': {
    summary: 'Add an education entry (camelCase input; the row answers snake_case)',
    body: CreateEducation,
    response: { status: 201, schema: EducationAnswer },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'PATCH /api/profile/education/:id': {
    summary: 'Update an education entry',
    params: IdParam,
    body: PatchEducation,
    response: { status: 200, schema: EducationAnswer },
    otherResponses: [storageQuotaDoc('profile')],
  },
  'DELETE /api/profile/education/:id': {
    summary: 'Delete an education entry',
    params: IdParam,
    response: { status: 200, schema: v.object({ success: v.literal(true), id: v.string() }) },
  },
};

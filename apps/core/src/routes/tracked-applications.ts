/** /api/tracked-applications — the caller's application tracker (D1 `tracked_applications`). */
import * as v from 'valibot';
import { trackedApplications as tracked, type TrackedApplication } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
  jsonWithin,
  listBody,
  noContent,
  notFound,
  optionalIsoDate,
  optionalText,
  paginationEntries,
  queryBoolean,
  queryEnum,
  queryText,
  readJson,
  readQuery,
  requiredText,
  userOf,
  validate,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const { TRACKED_STATUSES } = tracked;
const status = v.picklist(TRACKED_STATUSES, `must be one of ${TRACKED_STATUSES.join(', ')}`);
const linkId = v.optional(v.nullable(v.pipe(v.string('must be a string'), v.minLength(1), v.maxLength(100))));
const shortId = v.optional(v.pipe(v.string('must be a string'), v.maxLength(100)));

/** A JSON object (valibot's object schemas would also take an array). Unknown keys are kept. */
const plainObject = v.pipe(
  v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object'),
  v.looseObject({ id: shortId }),
);
/** Free-form objects and lists the tracker UI owns the inner fields of; sizes are bounded. */
const objectOf = (maxBytes: number) => v.optional(v.nullable(jsonWithin(plainObject, maxBytes)));
const listOf = (maxItems: number, maxBytes: number) =>
  v.optional(
    jsonWithin(
      v.pipe(v.array(plainObject, 'must be an array of objects'), v.maxLength(maxItems, `at most ${maxItems} items`)),
      maxBytes,
    ),
  );

/** Fields a client may write. status_history is the server's: it is appended on status change. */
const fields = {
  job_id: linkId,
  application_id: linkId,
  location: optionalText(200),
  match_score: v.optional(v.nullable(v.pipe(v.number('must be a number'), v.minValue(0), v.maxValue(100)))),
  applied_date: optionalIsoDate(),
  interviews: listOf(50, 64 * 1024),
  recruiter: objectOf(4 * 1024),
  hiring_manager: objectOf(4 * 1024),
  follow_up_actions: listOf(100, 32 * 1024),
  offer_details: objectOf(16 * 1024),
  next_action: optionalText(500),
  next_action_date: optionalIsoDate(),
  next_interview_date: optionalIsoDate(),
  notes: optionalText(20_000),
  archived: v.optional(v.boolean('must be true or false')),
  /** Recorded with the status_history entry of this write's status change. */
  status_note: optionalText(1000),
};

// Strict: a misspelt or camelCase key is a 400, never silently dropped data.
const CreateTracked = v.strictObject({
  ...fields,
  company: requiredText(200),
  job_title: requiredText(300),
  status: v.optional(status),
});

const PatchTracked = v.pipe(
  v.strictObject({
    ...fields,
    company: v.optional(requiredText(200)),
    job_title: v.optional(requiredText(300)),
    status: v.optional(status),
  }),
  v.check((p) => Object.values(p).some((x) => x !== undefined), 'Send at least one field to update'),
);

const ListQuery = v.object({
  ...paginationEntries(100),
  status: queryEnum(TRACKED_STATUSES),
  archived: queryBoolean(),
  search: queryText(200),
});
const ActiveQuery = v.object({ ...paginationEntries(100), search: queryText(200) });

/** A write's outcome → the row, or 404 naming what was not found. */
function rowOr404(result: tracked.WriteResult): TrackedApplication {
  if ('row' in result) return result.row;
  const what = { tracked: 'Tracked application', job: 'Job', application: 'Application' }[result.missing];
  throw notFound(what);
}

export function trackedApplicationRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    // Before /:id, so "active" is not read as an id.
    .get('/api/tracked-applications/active', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ActiveQuery);
      const { items, total } = await tracked.listTracked(env.DB, userId, { ...query, activeOnly: true });
      return cacheableJson(listBody('trackedApplications', { items, total, page: query.page, limit: query.limit }));
    })
    .get('/api/tracked-applications', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ListQuery);
      const { items, total } = await tracked.listTracked(env.DB, userId, query);
      return cacheableJson(listBody('trackedApplications', { items, total, page: query.page, limit: query.limit }));
    })
    .post('/api/tracked-applications', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateTracked);
      return json(rowOr404(await tracked.createTracked(env.DB, user, body)), 201);
    })
    .get('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const row = await tracked.getTracked(env.DB, userId, id);
      if (!row) throw notFound('Tracked application');
      return cacheableJson(row);
    })
    .patch('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchTracked);
      return json(rowOr404(await tracked.updateTracked(env.DB, userId, id, patch)));
    })
    .delete('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await tracked.deleteTracked(env.DB, userId, id))) throw notFound('Tracked application');
      return noContent();
    })
    .post('/api/tracked-applications/:id/archive', (request, env) => setArchived(request, env, true))
    .post('/api/tracked-applications/:id/unarchive', (request, env) => setArchived(request, env, false));
}

async function setArchived(request: Parameters<typeof userOf>[0], env: CoreEnv, archived: boolean): Promise<Response> {
  const { userId } = userOf(request);
  const { id } = validate(IdParam, request.params, 'path');
  const row = await tracked.setTrackedArchived(env.DB, userId, id, archived);
  if (!row) throw notFound('Tracked application');
  return json(row);
}

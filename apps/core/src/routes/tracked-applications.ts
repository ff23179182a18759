/**
 * /api/tracked-applications — the caller's application tracker (D1 `tracked_applications`),
 * rows and bodies in the frontend's camelCase TrackedApplication shape (../tracker/schemas.ts).
 */
import * as v from 'valibot';
import { TrackedApplicationRowSchema, trackedApplications as tracked, type TrackedApplication, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
  listAnswer,
  listBody,
  noContent,
  notFound,
  paginationEntries,
  queryBoolean,
  queryEnum,
  queryText,
  readJson,
  readQuery,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { CreateTracked, PatchTracked, writableFields } from '../tracker/schemas';
import { storageQuotaDoc } from '../quotas';

const { TRACKED_STATUSES } = tracked;

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
      const { items, total } = await tracked.listTracked(await userDb(env, userId), userId, { ...query, activeOnly: true });
      // useActiveTrackedApplications reads `activeApplications`.
      return cacheableJson(listBody('activeApplications', { items, total, page: query.page, limit: query.limit }));
    })
    .get('/api/tracked-applications', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ListQuery);
      const { items, total } = await tracked.listTracked(await userDb(env, userId), userId, query);
      return cacheableJson(listBody('trackedApplications', { items, total, page: query.page, limit: query.limit }));
    })
    .post('/api/tracked-applications', async (request, env) => {
      const user = userOf(request);
      const body = writableFields(await readJson(request, CreateTracked));
      return json(rowOr404(await tracked.createTracked(await userDb(env, user.userId), user, body)), 201);
    })
    .get('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const row = await tracked.getTracked(await userDb(env, userId), userId, id);
      if (!row) throw notFound('Tracked application');
      return cacheableJson(row);
    })
    .patch('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = writableFields(await readJson(request, PatchTracked));
      return json(rowOr404(await tracked.updateTracked(await userDb(env, userId), userId, id, patch)));
    })
    .delete('/api/tracked-applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await tracked.deleteTracked(await userDb(env, userId), userId, id))) throw notFound('Tracked application');
      return noContent();
    })
    // The frontend sends PATCH (useTrackedApplications); POST stays for existing clients.
    .patch('/api/tracked-applications/:id/archive', (request, env) => setArchived(request, env, true))
    .patch('/api/tracked-applications/:id/unarchive', (request, env) => setArchived(request, env, false))
    .post('/api/tracked-applications/:id/archive', (request, env) => setArchived(request, env, true))
    .post('/api/tracked-applications/:id/unarchive', (request, env) => setArchived(request, env, false));
}

async function setArchived(request: Parameters<typeof userOf>[0], env: CoreEnv, archived: boolean): Promise<Response> {
  const { userId } = userOf(request);
  const { id } = validate(IdParam, request.params, 'path');
  const row = await tracked.setTrackedArchived(await userDb(env, userId), userId, id, archived);
  if (!row) throw notFound('Tracked application');
  return json(row);
}

const archiveDoc = (archived: boolean, method: 'PATCH' | 'POST') => ({
  summary: `${archived ? 'Archive' : 'Unarchive'} a tracked application${method === 'POST' ? ' (older clients; the frontend sends PATCH)' : ''}`,
  params: IdParam,
  response: { status: 200, schema: TrackedApplicationRowSchema },
});

export const trackedApplicationDocs: RouteDocs = {
  'GET /api/tracked-applications/active': {
    summary: 'The tracked applications still in progress (not archived, not in a final status)',
    query: ActiveQuery,
    response: { status: 200, schema: listAnswer('activeApplications', TrackedApplicationRowSchema) },
  },
  'GET /api/tracked-applications': {
    summary: "The caller's tracked applications",
    query: ListQuery,
    response: { status: 200, schema: listAnswer('trackedApplications', TrackedApplicationRowSchema) },
  },
  'POST /api/tracked-applications': {
    summary: 'Track an application (the TrackedApplication shape; server-owned fields are ignored)',
    body: CreateTracked,
    response: { status: 201, schema: TrackedApplicationRowSchema },
    otherResponses: [storageQuotaDoc('trackedApplications')],
  },
  'GET /api/tracked-applications/:id': {
    summary: 'One tracked application',
    params: IdParam,
    response: { status: 200, schema: TrackedApplicationRowSchema },
  },
  'PATCH /api/tracked-applications/:id': {
    summary: 'Update a tracked application (a status change is appended to statusHistory)',
    params: IdParam,
    body: PatchTracked,
    response: { status: 200, schema: TrackedApplicationRowSchema },
    otherResponses: [storageQuotaDoc('trackedApplications')],
  },
  'DELETE /api/tracked-applications/:id': { summary: 'Delete a tracked application', params: IdParam, response: { status: 204 } },
  'PATCH /api/tracked-applications/:id/archive': archiveDoc(true, 'PATCH'),
  'PATCH /api/tracked-applications/:id/unarchive': archiveDoc(false, 'PATCH'),
  'POST /api/tracked-applications/:id/archive': archiveDoc(true, 'POST'),
  'POST /api/tracked-applications/:id/unarchive': archiveDoc(false, 'POST'),
};

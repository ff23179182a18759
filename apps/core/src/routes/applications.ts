/** /api/applications — the caller's job applications and their generated variants (D1 `applications`). */
import * as v from 'valibot';
import { ApplicationRowSchema, ApplicationVariantSchema, applications, type ApplicationVariant, userDb, userReadDb } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
  jsonWithin,
  listAnswer,
  listBody,
  noContent,
  notFound,
  paginationEntries,
  queryEnum,
  queryText,
  readConsistencyOf,
  readJson,
  readQuery,
  requiredText,
  userOf,
  validate,
  validationError,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const { APPLICATION_STATUSES } = applications;
const status = v.picklist(APPLICATION_STATUSES, `must be one of ${APPLICATION_STATUSES.join(', ')}`);
const variantId = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'is required'),
  v.maxLength(100, 'must be at most 100 characters'),
);

/**
 * Variants in the editor's shape (ApplicationVariantSchema, shared with the ai Worker's
 * generation): every array present, so a stored variant always opens in the editor.
 */
const Variants = jsonWithin(
  v.pipe(
    v.array(ApplicationVariantSchema, 'must be an array of variants'),
    v.maxLength(10, 'at most 10 variants'),
    v.check((list) => new Set(list.map((x) => x.id)).size === list.length, 'variant ids must be unique'),
  ),
  200 * 1024,
);
const selectedVariantId = v.optional(v.nullable(variantId));

/** A selection must name one of the application's variants. */
function selectionProblem(selected: string | null | undefined, variants: ApplicationVariant[]): string | null {
  if (selected == null) return null;
  return variants.some((x) => x.id === selected) ? null : 'must be the id of one of the variants';
}

// Strict: a misspelt key is a 400 naming it.
const CreateApplication = v.strictObject({
  jobId: v.optional(v.nullable(v.pipe(v.string('must be a string'), v.minLength(1), v.maxLength(100)))),
  jobTitle: requiredText(300),
  company: requiredText(200),
  status: v.optional(status),
  selectedVariantId,
  variants: v.optional(Variants),
});

const PatchApplication = v.pipe(
  v.strictObject({ status: v.optional(status), selectedVariantId, variants: v.optional(Variants) }),
  v.check((p) => Object.values(p).some((x) => x !== undefined), 'Send at least one field to update'),
);

const ListQuery = v.object({
  ...paginationEntries(100),
  status: queryEnum(APPLICATION_STATUSES),
  jobId: queryText(100),
});

export function applicationRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/applications', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ListQuery);
      const { items, total } = await applications.listApplications(
        await userReadDb(env, userId, readConsistencyOf(request)),
        userId,
        query,
      );
      return cacheableJson(listBody('applications', { items, total, page: query.page, limit: query.limit }));
    })
    .post('/api/applications', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateApplication);
      const problem = selectionProblem(body.selectedVariantId, body.variants ?? []);
      if (problem) throw validationError('selectedVariantId', problem);
      const created = await applications.createApplication(await userDb(env, user.userId), user, body);
      if (!created) throw notFound('Job');
      return json(created, 201);
    })
    .get('/api/applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const application = await applications.getApplication(await userReadDb(env, userId, readConsistencyOf(request)), userId, id);
      if (!application) throw notFound('Application');
      return cacheableJson(application);
    })
    .patch('/api/applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchApplication);
      const existing = await applications.getApplication(await userDb(env, userId), userId, id);
      if (!existing) throw notFound('Application');
      // The selection and the variant list may each come from the patch or the stored row.
      const selected = patch.selectedVariantId !== undefined ? patch.selectedVariantId : existing.selected_variant_id;
      const problem = selectionProblem(selected, patch.variants ?? existing.variants);
      if (problem) throw validationError('selectedVariantId', problem);
      const updated = await applications.updateApplication(await userDb(env, userId), userId, id, patch);
      if (!updated) throw notFound('Application');
      return json(updated);
    })
    .delete('/api/applications/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await applications.deleteApplication(await userDb(env, userId), userId, id))) throw notFound('Application');
      return noContent();
    });
}

export const applicationDocs: RouteDocs = {
  'GET /api/applications': {
    summary: "The caller's job applications",
    query: ListQuery,
    response: { status: 200, schema: listAnswer('applications', ApplicationRowSchema) },
  },
  'POST /api/applications': {
    summary: "Save an application with its variants (the editor's ApplicationVariant shape)",
    body: CreateApplication,
    response: { status: 201, schema: ApplicationRowSchema },
    otherResponses: [storageQuotaDoc('applications')],
  },
  'GET /api/applications/:id': { summary: 'One application', params: IdParam, response: { status: 200, schema: ApplicationRowSchema } },
  'PATCH /api/applications/:id': {
    summary: "Update an application's status, variants or selected variant",
    params: IdParam,
    body: PatchApplication,
    response: { status: 200, schema: ApplicationRowSchema },
    otherResponses: [storageQuotaDoc('applications')],
  },
  'DELETE /api/applications/:id': { summary: 'Delete an application', params: IdParam, response: { status: 204 } },
};

/** /api/jobs — the user's saved job postings (D1 `jobs`, FTS in `jobs_fts`). */
import * as v from 'valibot';
import { JobRowSchema, jobs, MIN_SEARCH_WORD_LENGTH, searchWords, userDb, userReadDb } from '@jobmatch/db';
import {
  cacheableJson,
  hasSomeField,
  IdParam,
  json,
  listAnswer,
  listBody,
  noContent,
  notFound,
  optionalText,
  optionalUrl,
  paginationEntries,
  queryBoolean,
  queryNumber,
  queryText,
  readConsistencyOf,
  readJson,
  readQuery,
  requiredText,
  strictBody,
  userOf,
  validate,
  validationError,
  type RouteDocs,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const salary = v.optional(
  v.nullable(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0), v.maxValue(100_000_000))),
);
const skills = v.optional(
  v.pipe(
    v.array(v.pipe(v.string('must be a string'), v.trim(), v.minLength(1), v.maxLength(100)), 'must be an array of strings'),
    v.maxLength(100, 'at most 100 skills'),
  ),
);
// http(s) only: the frontend renders it as a link (no javascript: or data: URLs).
const url = optionalUrl();

function salaryOrder(input: { salaryMin?: number | null; salaryMax?: number | null }) {
  const { salaryMin, salaryMax } = input;
  return salaryMin == null || salaryMax == null || salaryMin <= salaryMax;
}

const CreateJob = v.pipe(
  strictBody({
    title: requiredText(300),
    company: requiredText(200),
    location: optionalText(200),
    description: optionalText(50_000),
    url,
    jobType: optionalText(50),
    experienceLevel: optionalText(50),
    workArrangement: optionalText(50),
    salaryMin: salary,
    salaryMax: salary,
    source: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50)), 'manual'),
    requiredSkills: skills,
    preferredSkills: skills,
  }),
  v.check((input) => salaryOrder(input), 'salaryMin must not exceed salaryMax'),
);

const PatchJob = v.pipe(
  strictBody({
    isSaved: v.optional(v.boolean('must be true or false')),
    isArchived: v.optional(v.boolean('must be true or false')),
    title: v.optional(requiredText(300)),
    company: v.optional(requiredText(200)),
    location: optionalText(200),
    description: optionalText(50_000),
    url,
    salaryMin: salary,
    salaryMax: salary,
  }),
  v.check((patch) => hasSomeField(patch), 'Send at least one field to update'),
  v.check((input) => salaryOrder(input), 'salaryMin must not exceed salaryMax'),
);

const ListJobsQuery = v.object({
  ...paginationEntries(1000),
  archived: queryBoolean(),
  saved: queryBoolean(),
  // Blank text filters mean "no filter" (a cleared search box sends `search=`).
  source: queryText(50),
  minMatchScore: queryNumber(0, 100),
  search: queryText(500),
  workArrangement: queryText(50),
});

export function jobRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/jobs', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ListJobsQuery);
      if (query.search !== undefined && searchWords(query.search).length === 0) {
        throw validationError('search', `search needs a word of at least ${MIN_SEARCH_WORD_LENGTH} letters or digits`, 'query');
      }
      const { items, total, truncated } = await jobs.listJobs(await userReadDb(env, userId, readConsistencyOf(request)), userId, query);
      // A page cut at JOB_PAGE_MAX_BYTES answers the limit it could serve (after page 1, page 2 at it continues).
      const limit = truncated ? items.length : query.limit;
      return cacheableJson({ ...listBody('jobs', { items, total, page: query.page, limit }), ...(truncated ? { truncated } : {}) });
    })
    .post('/api/jobs', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, CreateJob);
      // The storage quota is enforced by the insert itself (packages/db quotas.ts): 413 past the cap.
      const id = await jobs.createJob(await userDb(env, user.userId), user, body);
      return json({ id }, 201);
    })
    .get('/api/jobs/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const job = await jobs.getJob(await userReadDb(env, userId, readConsistencyOf(request)), userId, id);
      if (!job) throw notFound('Job');
      return cacheableJson(job);
    })
    .patch('/api/jobs/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const patch = await readJson(request, PatchJob);
      const existing = await jobs.getJob(await userDb(env, userId), userId, id);
      if (!existing) throw notFound('Job');
      // The pair may be split across the patch and the stored row.
      const min = patch.salaryMin !== undefined ? patch.salaryMin : existing.salary_min;
      const max = patch.salaryMax !== undefined ? patch.salaryMax : existing.salary_max;
      if (!salaryOrder({ salaryMin: min, salaryMax: max })) {
        throw validationError('salaryMin', 'salaryMin must not exceed salaryMax');
      }
      const job = await jobs.updateJob(await userDb(env, userId), userId, id, patch);
      if (!job) throw notFound('Job');
      return json(job);
    })
    .delete('/api/jobs/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await jobs.deleteJob(await userDb(env, userId), userId, id))) throw notFound('Job');
      return noContent();
    });
}

export const jobDocs: RouteDocs = {
  'GET /api/jobs': {
    summary:
      "The caller's jobs, filtered and paged (limit up to 1000). A page is cut at 2 MiB of job text: it then answers `truncated: true` and `limit` = the jobs it holds (after a cut page 1, page 2 at that limit continues it)",
    query: ListJobsQuery,
    response: { status: 200, schema: listAnswer('jobs', JobRowSchema) },
  },
  'POST /api/jobs': {
    summary: 'Save a job posting',
    body: CreateJob,
    response: { status: 201, schema: v.object({ id: v.string() }) },
    otherResponses: [storageQuotaDoc('jobs')],
  },
  'GET /api/jobs/:id': { summary: 'One job', params: IdParam, response: { status: 200, schema: JobRowSchema } },
  'PATCH /api/jobs/:id': {
    summary: 'Save, archive or edit a job',
    params: IdParam,
    body: PatchJob,
    response: { status: 200, schema: JobRowSchema },
    otherResponses: [storageQuotaDoc('jobs')],
  },
  'DELETE /api/jobs/:id': { summary: 'Delete a job', params: IdParam, response: { status: 204 } },
};

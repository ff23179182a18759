/**
 * POST /api/jobs/scrape: searches the configured job sources (Greenhouse and Lever boards,
 * Apify actors) and saves the new postings as the user's jobs → 201 {success, searchId,
 * jobCount, jobs, errors?}. A failing source is listed in `errors`; the others' jobs are saved.
 */
import * as v from 'valibot';
import { jobSearches, storageQuotaDescription, userDb } from '@jobmatch/db';
import {
  ApiError,
  invalidates,
  json,
  readJson,
  strictBody,
  userOf,
  type RouteDocs,
  type RouteModule,
  errorDoc,
} from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from '../env';
import { ScrapeAnswer } from './answers';
import { EXPERIENCE_LEVELS, WORK_ARRANGEMENTS } from '../job-sources/normalise';
import { SOURCE_ALIASES, SOURCE_NAMES, configuredSources, searchSources, type SourceName } from '../job-sources/search';

const keyword = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(100, 'must be at most 100 characters'),
);
const lowerEnum = <const T extends readonly string[]>(options: T) =>
  v.optional(
    v.pipe(
      v.string('must be a string'),
      v.trim(),
      v.toLowerCase(),
      // The frontend's filter says 'Remote' | 'Hybrid' | 'On-site' | 'All'.
      v.transform((s) => (s === 'onsite' || s === 'on site' ? 'on-site' : s === 'all' || s === 'any' ? '' : s)),
      v.check((s) => s === '' || options.includes(s), `must be one of ${options.join(', ')}`),
      v.transform((s) => (s === '' ? undefined : (s as T[number]))),
    ),
  );
const salary = v.optional(v.nullable(v.pipe(v.number('must be a number'), v.minValue(0, 'must not be negative'), v.maxValue(10_000_000))));

const ScrapeBody = v.pipe(
  strictBody({
    keywords: v.union(
      [
        v.pipe(
          keyword,
          v.transform((k) => [k]),
        ),
        v.pipe(v.array(keyword), v.minLength(1, 'needs 1 to 10 keywords'), v.maxLength(10, 'needs 1 to 10 keywords')),
      ],
      'must be a string or an array of 1 to 10 strings',
    ),
    location: v.optional(v.pipe(v.string('must be a string'), v.trim(), v.maxLength(200))),
    workArrangement: lowerEnum(WORK_ARRANGEMENTS),
    experienceLevel: lowerEnum(EXPERIENCE_LEVELS),
    // The frontend's search form sends it; no supported board filters by it, so it is accepted and unused.
    jobType: v.optional(
      v.picklist(['full-time', 'part-time', 'contract', 'internship'], 'must be full-time, part-time, contract or internship'),
    ),
    salaryMin: salary,
    salaryMax: salary,
    maxResults: v.optional(
      v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(1), v.maxValue(50, 'must be at most 50')),
      20,
    ),
    sources: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            v.string('must be a string'),
            v.toLowerCase(),
            v.check(
              (s) => (SOURCE_NAMES as readonly string[]).includes(s) || s in SOURCE_ALIASES,
              `must be one of ${[...SOURCE_NAMES, ...Object.keys(SOURCE_ALIASES)].join(', ')}`,
            ),
            v.transform((s) => SOURCE_ALIASES[s] ?? (s as SourceName)),
          ),
        ),
        v.maxLength(10),
      ),
    ),
  }),
  v.check((b) => b.salaryMin == null || b.salaryMax == null || b.salaryMin <= b.salaryMax, 'salaryMin must not exceed salaryMax'),
);

export const jobSourceRoutes: RouteModule<IntegrationsEnv> = (router) => {
  router.post('/api/jobs/scrape', async (request, env) => {
    const user = userOf(request);
    const body = await readJson(request, ScrapeBody);
    const available = configuredSources(env);
    if (available.length === 0) {
      throw new ApiError(
        503,
        'JOB_SOURCES_NOT_CONFIGURED',
        'No job source is configured (GREENHOUSE_BOARDS, LEVER_SITES or APIFY_TOKEN + APIFY_ACTOR)',
      );
    }
    const requested = body.sources && body.sources.length > 0 ? [...new Set(body.sources)] : available;
    const unavailable = requested.filter((s) => !available.includes(s));
    const sources = requested.filter((s) => available.includes(s));
    const req = {
      keywords: body.keywords,
      location: body.location || undefined,
      workArrangement: body.workArrangement,
      experienceLevel: body.experienceLevel,
      salaryMin: body.salaryMin ?? undefined,
      salaryMax: body.salaryMax ?? undefined,
      maxResults: body.maxResults,
    };
    const outcome = await searchSources(env, sources, req);
    const errors = [...unavailable.map((source) => ({ source, message: `${source} is not configured on this server` })), ...outcome.errors];
    if (outcome.queried === 0) {
      throw new ApiError(
        400,
        'JOB_SOURCES_NOT_CONFIGURED',
        `None of the requested sources is configured here (available: ${available.join(', ')})`,
        { errors },
      );
    }
    if (outcome.succeeded === 0) {
      throw new ApiError(
        502,
        'JOB_SOURCES_FAILED',
        `Every job source failed: ${errors.map((e) => `${e.source}: ${e.message}`).join('; ')}`,
        { errors },
      );
    }
    const { searchId, saved, duplicates } = await jobSearches.saveSearchResults(
      await userDb(env, user.userId),
      { userId: user.userId, email: user.email },
      { keywords: req.keywords, filters: { ...req, keywords: undefined }, sources, errors },
      outcome.jobs,
    );
    const answer = { success: true, searchId, jobCount: saved.length, duplicates, jobs: saved, ...(errors.length > 0 ? { errors } : {}) };
    return invalidates(json(answer, 201), user.userId, ['jobs']);
  });
};

export const jobSourceDocs: RouteDocs = {
  'POST /api/jobs/scrape': {
    summary: "Search the configured job sources and save the new postings as the caller's jobs",
    body: ScrapeBody,
    response: { status: 201, schema: ScrapeAnswer },
    otherResponses: [
      errorDoc(400, 'JOB_SOURCES_NOT_CONFIGURED', 'none of the requested sources is configured here (details: errors)'),
      errorDoc(413, 'STORAGE_QUOTA_EXCEEDED', `saving the postings ${storageQuotaDescription('jobs')}; no posting is saved`),
      errorDoc(502, 'JOB_SOURCES_FAILED', 'every queried source failed (details: errors)'),
      errorDoc(503, 'JOB_SOURCES_NOT_CONFIGURED', 'no job source is configured on this server'),
    ],
  },
};

/** ai routes under /api/jobs: analyze one job, parse a posting, search the user's jobs. */
import * as v from 'valibot';
import { IdParam, json, readJson, strictBody, validate, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import { analyzeJob } from '../analysis/analyze';
import type { AiEnv } from '../env';
import { parseJobPosting, type ParsedJob } from '../local/job-parser';
import { callerOf } from '../metrics/request-meter';
import { runJsonTask } from '../providers/chain';
import { modelProviders } from '../providers/config';
import { searchJobs } from '../search/search';
import { JobAnalysisAnswerSchema, JobSearchAnswerSchema, ParsedJobAnswerSchema } from './answers';

const ParseBody = strictBody({
  text: v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(50, 'must be at least 50 characters'),
    v.maxLength(10_000, 'must be at most 10,000 characters'),
  ),
});

const SearchBody = strictBody({
  query: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(500, 'must be at most 500 characters')),
  limit: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(50)), 20),
  searchType: v.optional(v.picklist(['semantic', 'hybrid'], 'must be semantic or hybrid'), 'semantic'),
});

const nullableText = (max: number) => v.nullable(v.pipe(v.string(), v.maxLength(max)));
const ModelParsedJob = v.object({
  title: v.pipe(v.string(), v.maxLength(200)),
  company: v.pipe(v.string(), v.maxLength(200)),
  location: nullableText(200),
  workArrangement: v.nullable(v.picklist(['remote', 'hybrid', 'on-site'])),
  salaryMin: v.nullable(v.number()),
  salaryMax: v.nullable(v.number()),
  description: v.pipe(v.string(), v.maxLength(10_000)),
  url: nullableText(2000),
  experienceLevel: nullableText(50),
  requiredSkills: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(50)),
  preferredSkills: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(50)),
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  warnings: v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(10)),
});

const PARSE_SYSTEM = [
  'You extract a job posting into JSON. Copy the title, company, location and skills as written; use null when the posting does not say.',
  'Salaries are yearly numbers in the posting currency. confidence (0-100) is how sure you are; warnings list what is missing or ambiguous.',
].join('\n');

export function jobRoutes(router: ServiceRouter<AiEnv>): void {
  router
    .post('/api/jobs/parse', async (request, env, ctx) => {
      const { meter } = callerOf(request, env, ctx);
      const { text } = await readJson(request, ParseBody);
      const local = parseJobPosting(text);
      const result = await runJsonTask({
        providers: modelProviders(env),
        task: { name: 'job_parse', schema: ModelParsedJob, system: PARSE_SYSTEM, user: text, maxTokens: 2500 },
        meter,
        local: () => ({ ...local.job, confidence: local.confidence, warnings: local.warnings }),
      });
      const { confidence, warnings, ...job } = result.value;
      const parsed: ParsedJob = { ...job, description: job.description || text };
      return json({
        job: parsed,
        metadata: {
          confidence: Math.round(Math.min(100, Math.max(0, confidence))),
          aiModel: result.model,
          provider: result.provider,
          warnings: [...warnings, ...result.fallbacks.map((f) => `${f.provider} (${f.model}) did not answer: ${f.reason}`)],
        },
      });
    })
    .post('/api/jobs/search', async (request, env, ctx) => {
      const { user, meter } = callerOf(request, env, ctx);
      const body = await readJson(request, SearchBody);
      return json(await searchJobs(env, user.userId, meter, body));
    })
    .post('/api/jobs/:id/analyze', async (request, env, ctx) => {
      const { user, meter } = callerOf(request, env, ctx);
      const { id } = validate(IdParam, request.params, 'path');
      return json(await analyzeJob(env, user, id, meter));
    });
}

export const jobDocs: RouteDocs = {
  'POST /api/jobs/parse': {
    summary: 'Extract a pasted job posting into structured fields (not saved; the local parser answers when no model does)',
    body: ParseBody,
    response: { status: 200, schema: ParsedJobAnswerSchema },
  },
  'POST /api/jobs/search': {
    summary: "Semantic or hybrid (semantic + keyword) search over the caller's saved jobs",
    body: SearchBody,
    response: { status: 200, schema: JobSearchAnswerSchema },
  },
  'POST /api/jobs/:id/analyze': {
    summary:
      "Compatibility analysis of one of the caller's jobs against their profile (cached per profile version; writes jobs.match_score)",
    params: IdParam,
    response: { status: 200, schema: JobAnalysisAnswerSchema },
  },
};

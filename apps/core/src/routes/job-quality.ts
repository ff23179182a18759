/**
 * Job quality over the user's own jobs (jobQualityService): rule-based spam analysis
 * (POST /api/spam-detection/analyze/:jobId, stored per job), spam statistics
 * (GET /api/spam-detection/stats) and duplicates of a job (GET /api/jobs/:id/duplicates).
 * Rules: apps/core/src/job-quality/. Another user's job → 404.
 */
import { jobQuality, userDb } from '@jobmatch/db';
import { cacheableJson, IdParam, json, notFound, userOf, validate, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { companyKey, findDuplicates } from '../job-quality/duplicates';
import { analyzeSpam, RULES_VERSION } from '../job-quality/spam-rules';
import * as v from 'valibot';

const JobIdParam = v.object({ jobId: IdParam.entries.id });
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

export function jobQualityRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .post('/api/spam-detection/analyze/:jobId', async (request, env) => {
      const { userId } = userOf(request);
      const { jobId } = validate(JobIdParam, request.params, 'path');
      const [job, ownReports] = await Promise.all([
        jobQuality.getJobForQuality(await userDb(env, userId), userId, jobId),
        jobQuality.countOwnSpamReports(await userDb(env, userId), userId, jobId),
      ]);
      if (!job) throw notFound('Job');
      const result = analyzeSpam(job, ownReports, new Date());
      const saved = await jobQuality.saveSpamAnalysis(await userDb(env, userId), userId, jobId, {
        rulesVersion: RULES_VERSION,
        spamProbability: result.spamProbability,
        recommendation: result.recommendation,
        result: { ...result },
        analyzedAt: result.analyzedAt,
      });
      if (!saved) throw notFound('Job'); // deleted in between
      return json({ success: true, jobId, result });
    })
    .get('/api/spam-detection/stats', async (request, env) => {
      const { userId } = userOf(request);
      const counts = await jobQuality.spamStats(await userDb(env, userId), userId);
      return json({
        success: true,
        stats: {
          ...counts,
          analysisRate: ratio(counts.analyzedJobs, counts.totalJobs),
          spamRate: ratio(counts.spamDetected, counts.analyzedJobs),
        },
      });
    })
    .get('/api/jobs/:id/duplicates', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const job = await jobQuality.getJobForQuality(await userDb(env, userId), userId, id);
      if (!job) throw notFound('Job');
      const candidates = await jobQuality.listDuplicateCandidates(await userDb(env, userId), userId, job, companyKey(job.company));
      return cacheableJson({ success: true, jobId: id, duplicates: findDuplicates(job, candidates) });
    });
}

const SpamAnalysisSchema = v.looseObject({
  jobId: v.string(),
  isSpam: v.boolean(),
  spamProbability: v.number(),
  confidence: v.picklist(['low', 'medium', 'high']),
  categories: v.array(v.string()),
  reasons: v.array(v.string()),
  flags: v.record(v.string(), v.union([v.boolean(), v.number(), v.string()])),
  recommendation: v.picklist(['safe', 'review', 'spam']),
  analyzedAt: v.string(),
  rulesVersion: v.number(),
});
const JobDuplicateSchema = v.looseObject({
  id: v.string(),
  title: v.string(),
  company: v.string(),
  location: v.nullable(v.string()),
  salaryMin: v.nullable(v.number()),
  salaryMax: v.nullable(v.number()),
  postedAt: v.nullable(v.string()),
  source: v.nullable(v.string()),
  url: v.nullable(v.string()),
  similarity: v.number(),
  matchedFields: v.array(v.string()),
});

export const jobQualityDocs: RouteDocs = {
  'POST /api/spam-detection/analyze/:jobId': {
    summary: 'Run the rule-based spam analysis of one of your jobs (stored as its latest analysis)',
    params: JobIdParam,
    response: { status: 200, schema: v.object({ success: v.literal(true), jobId: v.string(), result: SpamAnalysisSchema }) },
  },
  'GET /api/spam-detection/stats': {
    summary: 'Spam statistics over your jobs and their latest analyses',
    response: {
      status: 200,
      schema: v.object({
        success: v.literal(true),
        stats: v.looseObject({
          totalJobs: v.number(),
          analyzedJobs: v.number(),
          spamDetected: v.number(),
          reviewRecommended: v.number(),
          safe: v.number(),
          analysisRate: v.number(),
          spamRate: v.number(),
        }),
      }),
    },
  },
  'GET /api/jobs/:id/duplicates': {
    summary: 'Your other jobs that are likely the same posting, most similar first',
    params: IdParam,
    response: { status: 200, schema: v.object({ success: v.literal(true), jobId: v.string(), duplicates: v.array(JobDuplicateSchema) }) },
  },
};

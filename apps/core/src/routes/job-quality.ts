/**
 * Job quality over the user's own jobs (jobQualityService): rule-based spam analysis
 * (POST /api/spam-detection/analyze/:jobId, stored per job), spam statistics
 * (GET /api/spam-detection/stats) and duplicates of a job (GET /api/jobs/:id/duplicates).
 * Rules: apps/core/src/job-quality/. Another user's job → 404.
 */
import { jobQuality } from '@jobmatch/db';
import { cacheableJson, IdParam, json, notFound, userOf, validate, type ServiceRouter } from '@jobmatch/shared-middleware';
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
        jobQuality.getJobForQuality(env.DB, userId, jobId),
        jobQuality.countOwnSpamReports(env.DB, userId, jobId),
      ]);
      if (!job) throw notFound('Job');
      const result = analyzeSpam(job, ownReports, new Date());
      const saved = await jobQuality.saveSpamAnalysis(env.DB, userId, jobId, {
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
      const counts = await jobQuality.spamStats(env.DB, userId);
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
      const job = await jobQuality.getJobForQuality(env.DB, userId, id);
      if (!job) throw notFound('Job');
      const candidates = await jobQuality.listDuplicateCandidates(env.DB, userId, job, companyKey(job.company));
      return cacheableJson({ success: true, jobId: id, duplicates: findDuplicates(job, candidates) });
    });
}

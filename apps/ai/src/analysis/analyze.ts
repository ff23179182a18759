/**
 * POST /api/jobs/:id/analyze behind its caches: KV JOB_ANALYSIS_CACHE (7 days) → D1
 * job_compatibility_analyses → generate. Both are keyed on the user's profile_version (core
 * bumps it on every profile write) and checked against a fingerprint of the job's content, so
 * neither a changed profile nor an edited job is answered from an old analysis. A generated
 * analysis is stored in both and its score written to jobs.match_score.
 */
import { jobAnalyses, jobMatchScore, jobs, profile, profileVersion, type UserIdentity, userDb } from '@jobmatch/db';
import { aiCaches } from '@jobmatch/kv-schemas';
import { notFound } from '@jobmatch/shared-middleware';
import type { AiEnv } from '../env';
import { sha256Hex } from '../hash';
import { localAnalysis } from '../local/analysis';
import type { Meter } from '../metrics/meter';
import { runJsonTask } from '../providers/chain';
import { modelProviders } from '../providers/config';
import { ANALYSIS_SYSTEM, analysisUserPrompt } from './prompt';
import { ModelAnalysisSchema, type Analysis } from './schema';
import { clampDimensions, overallScore, recommendationFor } from './scoring';

export type CacheSource = 'kv' | 'database' | 'generated';

export interface AnalysisAnswer extends Omit<Analysis, 'jobFingerprint' | 'costUsdMicros'> {
  cached: boolean;
  cacheSource: CacheSource;
  cachedAt: string;
}

function answer(a: Analysis, source: CacheSource, cachedAt: string): AnalysisAnswer {
  const { jobFingerprint: _f, costUsdMicros: _c, ...rest } = a;
  return { ...rest, cached: source !== 'generated', cacheSource: source, cachedAt };
}

const isAnalysis = (x: unknown): x is Analysis =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Analysis).jobFingerprint === 'string' &&
  typeof (x as Analysis).overallScore === 'number';

export async function analyzeJob(env: AiEnv, user: UserIdentity, jobId: string, meter: Meter): Promise<AnalysisAnswer> {
  const job = await jobs.getJob(await userDb(env, user.userId), user.userId, jobId);
  if (!job) throw notFound('Job');
  const version = (await profileVersion.getProfileVersion(await userDb(env, user.userId), user.userId)) ?? 1;
  const fingerprint = await sha256Hex(
    JSON.stringify([
      job.title,
      job.company,
      job.location,
      job.description,
      job.experience_level,
      job.work_arrangement,
      job.required_skills,
      job.preferred_skills,
    ]),
  );
  const cacheId = { userId: user.userId, jobId, profileVersion: version };

  const fromKv = await aiCaches.jobAnalysis.get(env.JOB_ANALYSIS_CACHE, cacheId);
  if (fromKv && isAnalysis(fromKv.analysis) && fromKv.analysis.jobFingerprint === fingerprint) {
    meter.cache({ cache: 'job_analysis_kv', hit: true, savedUsdMicros: fromKv.analysis.costUsdMicros, task: 'job_analysis' });
    return answer(fromKv.analysis, 'kv', fromKv.cachedAt);
  }
  meter.cache({ cache: 'job_analysis_kv', hit: false, task: 'job_analysis' });

  const fromDb = await jobAnalyses.getAnalysis<Analysis>(await userDb(env, user.userId), user.userId, jobId, version);
  if (fromDb && isAnalysis(fromDb.analysis) && fromDb.analysis.jobFingerprint === fingerprint) {
    meter.cache({ cache: 'job_analysis_d1', hit: true, savedUsdMicros: fromDb.analysis.costUsdMicros, task: 'job_analysis' });
    await putKv(env, cacheId, fromDb.analysis, fromDb.updated_at);
    return answer(fromDb.analysis, 'database', fromDb.updated_at);
  }
  meter.cache({ cache: 'job_analysis_d1', hit: false, task: 'job_analysis' });

  const complete = await profile.getCompleteProfile(await userDb(env, user.userId), user);
  const local = localAnalysis(job, complete);
  const result = await runJsonTask({
    providers: modelProviders(env),
    task: {
      name: 'job_analysis',
      schema: ModelAnalysisSchema,
      system: ANALYSIS_SYSTEM,
      user: analysisUserPrompt(job, complete),
      maxTokens: 1800,
    },
    meter,
    local: () => ({ dimensions: local.dimensions, strengths: local.strengths, gaps: local.gaps, redFlags: local.redFlags }),
  });
  const dimensions = clampDimensions(result.value.dimensions);
  const score = overallScore(dimensions);
  const analysis: Analysis = {
    overallScore: score,
    recommendation: recommendationFor(score),
    dimensions,
    strengths: result.value.strengths,
    gaps: result.value.gaps,
    redFlags: result.value.redFlags,
    // The keyword table is evidence, computed from the data for every provider.
    keywords: local.keywords,
    provider: result.provider,
    aiModel: result.model,
    jobFingerprint: fingerprint,
    profileVersion: version,
    generatedAt: new Date().toISOString(),
    costUsdMicros: result.costUsdMicros,
  };
  const saved = await jobAnalyses.saveAnalysis(await userDb(env, user.userId), user.userId, jobId, version, analysis);
  if (!saved) throw notFound('Job'); // deleted while we analysed
  await jobMatchScore.setMatchScore(await userDb(env, user.userId), user.userId, jobId, score);
  await putKv(env, cacheId, analysis, saved.updated_at);
  return answer(analysis, 'generated', saved.updated_at);
}

/** Best effort: a KV failure (outage, 1 write/s per key) only costs a D1 read next time. */
async function putKv(env: AiEnv, id: { userId: string; jobId: string; profileVersion: number }, analysis: Analysis, cachedAt: string) {
  try {
    await aiCaches.jobAnalysis.put(env.JOB_ANALYSIS_CACHE, id, { analysis: { ...analysis }, cachedAt, model: analysis.aiModel });
  } catch (error) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'analysis_cache_write_failed', error: String(error) }));
  }
}

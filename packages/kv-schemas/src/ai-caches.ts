/**
 * JOB_ANALYSIS_CACHE and EMBEDDINGS_CACHE (ai Worker). Analyses are keyed on the user's
 * profile_version (bumped by core on every profile, experience, education or skills write),
 * so a changed profile can never be answered from an old analysis.
 */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

export const jobAnalysis = defineKvEntry({
  namespace: 'JOB_ANALYSIS_CACHE',
  key: ({ userId, jobId, profileVersion }: { userId: string; jobId: string; profileVersion: number }) =>
    `analysis:${userId}:${jobId}:v${profileVersion}`,
  schema: v.object({ analysis: v.looseObject({ overallScore: v.number() }), cachedAt: v.string(), model: v.string() }),
  ttlSeconds: 7 * 24 * 60 * 60,
});

/** An embedding of a text under one model; the key is the model plus the full SHA-256 of model + "\n" + text (apps/ai search/embedders.ts). */
export const embedding = defineKvEntry({
  namespace: 'EMBEDDINGS_CACHE',
  key: ({ model, textHash }: { model: string; textHash: string }) => `embedding:${model}:${textHash}`,
  schema: v.object({ vector: v.array(v.number()), dimensions: v.number(), createdAt: v.string() }),
  ttlSeconds: 30 * 24 * 60 * 60,
});

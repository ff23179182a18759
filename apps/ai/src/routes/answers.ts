/**
 * Answer schemas of the ai Worker's routes, for their RouteDocs (only this Worker answers them,
 * so they live beside its route modules). Loose objects: an answer may carry more fields than
 * documented, never fewer; the gateway-level test ai-documented-answers checks real answers
 * against them.
 */
import * as v from 'valibot';
import { ApplicationVariantSchema, JobRowSchema } from '@jobmatch/db';
import { errorAnswer, nullableNumber, nullableString } from '@jobmatch/shared-middleware';
import { DIMENSIONS } from '../analysis/schema';
import { GapAnalysisSchema } from '../resume/gaps-schema';
import { ParsedResumeSchema } from '../resume/schema';

/** Which model answered: `local` / `local-rules-v1` when no provider is configured or all failed. */
const answeredBy = { provider: v.string(), aiModel: v.string() };

/** An error envelope with one of several codes (one status, several causes). */
export const errorAnswerOneOf = (...codes: [string, ...string[]]) =>
  codes.length === 1 ? errorAnswer(codes[0]) : v.union(codes.map((code) => errorAnswer(code)));

// ---- /api/jobs ----

export const ParsedJobAnswerSchema = v.looseObject({
  job: v.looseObject({
    title: v.string(),
    company: v.string(),
    location: nullableString(),
    workArrangement: v.nullable(v.picklist(['remote', 'hybrid', 'on-site'])),
    salaryMin: nullableNumber(),
    salaryMax: nullableNumber(),
    description: v.string(),
    url: nullableString(),
    experienceLevel: nullableString(),
    requiredSkills: v.array(v.string()),
    preferredSkills: v.array(v.string()),
  }),
  metadata: v.looseObject({
    confidence: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
    ...answeredBy,
    warnings: v.array(v.string()),
  }),
});

export const JobSearchAnswerSchema = v.looseObject({
  jobs: v.array(JobRowSchema),
  searchType: v.picklist(['semantic', 'hybrid']),
  resultCount: v.number(),
  scores: v.array(v.looseObject({ jobId: v.string(), keywordScore: v.number(), semanticScore: v.number(), combinedScore: v.number() })),
  provider: v.string(),
  embeddingModel: v.string(),
  /** How many of the caller's jobs the search index holds. */
  indexed: v.number(),
});

const DimensionAnswer = v.looseObject({ score: v.number(), justification: v.string() });

export const JobAnalysisAnswerSchema = v.looseObject({
  overallScore: v.number(),
  recommendation: v.picklist(['Strong Match', 'Good Match', 'Moderate Match', 'Weak Match', 'Poor Match']),
  dimensions: v.looseObject(Object.fromEntries(DIMENSIONS.map(([name]) => [name, DimensionAnswer]))),
  strengths: v.array(v.string()),
  gaps: v.array(v.string()),
  redFlags: v.array(v.string()),
  keywords: v.array(
    v.looseObject({
      keyword: v.string(),
      importance: v.picklist(['required', 'preferred', 'mentioned']),
      found: v.boolean(),
      evidence: nullableString(),
    }),
  ),
  ...answeredBy,
  profileVersion: v.number(),
  generatedAt: v.string(),
  /** True when answered from the KV or D1 cache (same profile version, unchanged job). */
  cached: v.boolean(),
  cacheSource: v.picklist(['kv', 'database', 'generated']),
  cachedAt: v.string(),
});

// ---- /api/applications/generate ----

export const GeneratedApplicationAnswerSchema = v.looseObject({
  id: v.string(),
  jobId: v.string(),
  jobTitle: v.string(),
  company: v.string(),
  status: v.literal('draft'),
  createdAt: v.string(),
  variants: v.array(ApplicationVariantSchema),
  selectedVariantId: v.string(),
  ...answeredBy,
});

// ---- /api/resume ----

export const ParsedResumeAnswerSchema = v.looseObject({
  ...ParsedResumeSchema.entries,
  metadata: v.looseObject({
    ...answeredBy,
    format: v.picklist(['pdf', 'docx', 'text', 'image']),
    /** Characters of text extracted (0 for an image read by a vision model). */
    characters: v.number(),
    warnings: v.array(v.string()),
  }),
});

export const SupportedFormatsAnswerSchema = v.looseObject({
  supported: v.array(
    v.looseObject({
      format: v.picklist(['pdf', 'docx', 'text', 'image']),
      mimeType: v.string(),
      extensions: v.array(v.string()),
      maxPages: v.optional(v.number()),
      maxUncompressedBytes: v.optional(v.number()),
      /** The vision model that reads images (only when one is configured). */
      model: v.optional(v.string()),
    }),
  ),
  maxFileBytes: v.number(),
  recommendations: v.array(v.string()),
});

export const GapAnalysisAnswerSchema = v.looseObject({ ...GapAnalysisSchema.entries, ...answeredBy });

// ---- /api/analytics ----

const analyticsAnswer = <T extends v.ObjectEntries>(data: T) =>
  v.looseObject({
    success: v.literal(true),
    data: v.looseObject({ periodDays: v.number(), ...data }),
    timestamp: v.string(),
  });

const ModelUsage = v.looseObject({
  provider: v.string(),
  model: v.string(),
  calls: v.number(),
  failures: v.number(),
  promptTokens: v.number(),
  completionTokens: v.number(),
  /** Calls per task name (job_analysis, resume_parse, …). */
  tasks: v.record(v.string(), v.number()),
  /** False when the model has no list price (its cost counts as 0). */
  priced: v.boolean(),
  avgLatencyMs: nullableNumber(),
  estimatedCostUsd: v.number(),
});

const CacheUsage = v.looseObject({ hits: v.number(), misses: v.number(), hitRate: nullableNumber(), savedUsd: v.number() });

export const WorkersAiAnalyticsAnswerSchema = analyticsAnswer({
  configured: v.looseObject({
    /** `provider:model` in the order they are tried, ending with the local fallback. */
    chain: v.array(v.string()),
    embeddings: v.string(),
    vision: nullableString(),
    workersAiBound: v.boolean(),
    vectorizeBound: v.boolean(),
  }),
  providers: v.record(
    v.string(),
    v.looseObject({
      calls: v.number(),
      failures: v.number(),
      promptTokens: v.number(),
      completionTokens: v.number(),
      estimatedCostUsd: v.number(),
    }),
  ),
  workersAi: v.array(ModelUsage),
  totalCalls: v.number(),
});

export const CacheAnalyticsAnswerSchema = analyticsAnswer({ caches: v.record(v.string(), CacheUsage) });

export const ModelAnalyticsAnswerSchema = analyticsAnswer({ models: v.array(ModelUsage) });

export const CostSavingsAnswerSchema = analyticsAnswer({
  estimatedSpentUsd: v.number(),
  estimatedSavedUsd: v.number(),
  cacheHits: v.number(),
  byCache: v.record(v.string(), v.looseObject({ hits: v.number(), savedUsd: v.number() })),
  method: v.string(),
});

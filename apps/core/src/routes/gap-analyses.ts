/**
 * /api/gap-analyses — saved resume gap analyses (the output of POST /api/resume/analyze-gaps)
 * with one `answers[]` entry per clarification question; the user answers them one by one.
 */
import * as v from 'valibot';
import { gapAnalyses, GapAnalysisRowSchema, type GapAnalysisInput, userDb } from '@jobmatch/db';
import {
  cacheableJson,
  IdParam,
  json,
  jsonWithin,
  listAnswer,
  listBody,
  noContent,
  notFound,
  optionalText,
  paginationEntries,
  readJson,
  readQuery,
  requiredText,
  userOf,
  validate,
  type RouteDocs,
  type ServiceRouter,
  strictBody,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { storageQuotaDoc } from '../quotas';

const GAPS_MAX_BYTES = 256 * 1024;
const NEXT_STEPS_MAX_BYTES = 64 * 1024;

/** CRITICAL / HIGH / MEDIUM / LOW, any case (models write "High"). */
const urgency = v.pipe(
  v.string('must be a string'),
  v.transform((s) => s.trim().toUpperCase()),
  v.picklist(gapAnalyses.URGENCIES, `must be one of ${gapAnalyses.URGENCIES.join(', ')}`),
);
const count = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0), v.maxValue(1000));

const Question = v.object({
  question_id: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1000)),
  priority: v.optional(urgency, 'MEDIUM'),
  gap_addressed: optionalText(1000),
  question: requiredText(2000),
  context: optionalText(5000),
  expected_outcome: optionalText(2000),
  answer: optionalText(10_000),
});
const questions = v.pipe(
  v.array(Question, 'must be an array of questions'),
  v.maxLength(50, 'at most 50 questions'),
  v.check((qs) => new Set(qs.map((q) => q.question_id)).size === qs.length, 'question_id values must be unique'),
);

const CreateAnalysis = strictBody({
  // Either flat, or nested as /api/resume/analyze-gaps returns it (flat fields win).
  resume_analysis: v.optional(
    v.object({
      overall_assessment: optionalText(10_000),
      gap_count: v.optional(count),
      red_flag_count: v.optional(count),
      urgency: v.optional(urgency),
    }),
  ),
  overall_assessment: optionalText(10_000),
  gap_count: v.optional(count),
  red_flag_count: v.optional(count),
  urgency: v.optional(urgency),
  identified_gaps_and_flags: v.optional(
    jsonWithin(v.pipe(v.array(v.unknown(), 'must be an array'), v.maxLength(100, 'at most 100 items')), GAPS_MAX_BYTES),
  ),
  next_steps: v.optional(
    v.nullable(
      jsonWithin(v.union([v.record(v.string(), v.unknown()), v.array(v.unknown())], 'must be an object or an array'), NEXT_STEPS_MAX_BYTES),
    ),
  ),
  questions: v.optional(questions),
  clarification_questions: v.optional(questions),
});

const Answer = strictBody({
  question_id: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1)),
  answer: v.nullable(v.pipe(v.string('must be a string or null'), v.maxLength(10_000, 'must be at most 10000 characters'))),
});

const ListQuery = v.object(paginationEntries(100));

function toInput(body: v.InferOutput<typeof CreateAnalysis>): GapAnalysisInput {
  const nested = body.resume_analysis ?? {};
  return {
    gap_count: body.gap_count ?? nested.gap_count ?? 0,
    red_flag_count: body.red_flag_count ?? nested.red_flag_count ?? 0,
    urgency: body.urgency ?? nested.urgency ?? 'MEDIUM',
    overall_assessment: body.overall_assessment ?? nested.overall_assessment ?? null,
    identified_gaps_and_flags: body.identified_gaps_and_flags ?? [],
    next_steps: body.next_steps ?? null,
    questions: (body.questions ?? body.clarification_questions ?? []).map((q) => ({
      question_id: q.question_id,
      priority: q.priority,
      gap_addressed: q.gap_addressed ?? null,
      question: q.question,
      context: q.context ?? null,
      expected_outcome: q.expected_outcome ?? null,
      answer: q.answer ?? null,
    })),
  };
}

export function gapAnalysisRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/gap-analyses', async (request, env) => {
      const { userId } = userOf(request);
      const query = readQuery(request, ListQuery);
      const { items, total } = await gapAnalyses.listGapAnalyses(await userDb(env, userId), userId, query);
      return cacheableJson(listBody('gapAnalyses', { items, total, page: query.page, limit: query.limit }));
    })
    .post('/api/gap-analyses', async (request, env) => {
      const user = userOf(request);
      const input = toInput(await readJson(request, CreateAnalysis));
      // The insert batch itself enforces the storage quota (packages/db quotas.ts): 413 past the cap.
      return json(await gapAnalyses.createGapAnalysis(await userDb(env, user.userId), user, input), 201);
    })
    .get('/api/gap-analyses/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const analysis = await gapAnalyses.getGapAnalysis(await userDb(env, userId), userId, id);
      if (!analysis) throw notFound('Gap analysis');
      return cacheableJson(analysis);
    })
    .delete('/api/gap-analyses/:id', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      if (!(await gapAnalyses.deleteGapAnalysis(await userDb(env, userId), userId, id))) throw notFound('Gap analysis');
      return noContent();
    })
    .patch('/api/gap-analyses/:id/answer', async (request, env) => {
      const { userId } = userOf(request);
      const { id } = validate(IdParam, request.params, 'path');
      const { question_id, answer } = await readJson(request, Answer);
      const result = await gapAnalyses.answerQuestion(await userDb(env, userId), userId, id, question_id, answer);
      if (result.status === 'analysis_not_found') throw notFound('Gap analysis');
      if (result.status === 'question_not_found') throw notFound('Question');
      return json(result.analysis);
    });
}

export const gapAnalysisDocs: RouteDocs = {
  'GET /api/gap-analyses': {
    summary: "The caller's resume gap analyses, newest first",
    query: ListQuery,
    response: { status: 200, schema: listAnswer('gapAnalyses', GapAnalysisRowSchema) },
  },
  'POST /api/gap-analyses': {
    summary: 'Store a gap analysis with its clarification questions',
    body: CreateAnalysis,
    response: { status: 201, schema: GapAnalysisRowSchema },
    otherResponses: [storageQuotaDoc('gapAnalyses')],
  },
  'GET /api/gap-analyses/:id': {
    summary: 'One gap analysis with its answers',
    params: IdParam,
    response: { status: 200, schema: GapAnalysisRowSchema },
  },
  'DELETE /api/gap-analyses/:id': { summary: 'Delete a gap analysis', params: IdParam, response: { status: 204 } },
  'PATCH /api/gap-analyses/:id/answer': {
    summary: 'Answer one clarification question',
    params: IdParam,
    body: Answer,
    response: { status: 200, schema: GapAnalysisRowSchema },
    otherResponses: [storageQuotaDoc('gapAnalyses')],
  },
};

/** The /api/resume/analyze-gaps answer (accepted as is by core's POST /api/gap-analyses). */
import * as v from 'valibot';
import { strictBody } from '@jobmatch/shared-middleware';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const urgency = v.picklist(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);

export const GapAnalysisSchema = v.object({
  resume_analysis: v.object({
    overall_assessment: text(4000),
    gap_count: v.number(),
    red_flag_count: v.number(),
    urgency,
  }),
  identified_gaps_and_flags: v.pipe(
    v.array(
      v.object({
        type: v.picklist(['gap', 'red_flag']),
        category: text(100),
        severity: urgency,
        description: text(1000),
        evidence: text(1000),
      }),
    ),
    v.maxLength(30),
  ),
  clarification_questions: v.pipe(
    v.array(
      v.object({
        question_id: v.number(),
        priority: urgency,
        gap_addressed: text(500),
        question: text(1000),
        context: text(1000),
        expected_outcome: text(500),
      }),
    ),
    v.maxLength(15),
  ),
  next_steps: v.object({ immediate_actions: v.array(text(500)), profile_improvements: v.array(text(500)) }),
});

export type GapAnalysis = v.InferOutput<typeof GapAnalysisSchema>;

/** The body: the frontend's profile pieces (camelCase or the API's snake_case rows). */
export const GapRequestSchema = strictBody({
  profile: v.optional(v.nullable(v.looseObject({})), {}),
  workExperience: v.optional(v.pipe(v.array(v.looseObject({})), v.maxLength(100)), []),
  education: v.optional(v.pipe(v.array(v.looseObject({})), v.maxLength(50)), []),
  skills: v.optional(v.pipe(v.array(v.union([v.string(), v.looseObject({})])), v.maxLength(500)), []),
});
export type GapRequest = v.InferOutput<typeof GapRequestSchema>;

/**
 * Rows as the API answers them (snake_case, JSON columns parsed), as valibot schemas. They
 * document answers in the OpenAPI document and let tests check that an answer has the
 * documented shape; the TypeScript row types stay in each table's module. Loose objects: a row
 * may carry more fields than documented, never fewer.
 */
import * as v from 'valibot';

const text = () => v.string();
const maybe = () => v.nullable(v.string());
const maybeNumber = () => v.nullable(v.number());

export const JobRowSchema = v.looseObject({
  id: text(),
  title: text(),
  company: text(),
  location: maybe(),
  description: maybe(),
  url: maybe(),
  source: text(),
  job_type: maybe(),
  experience_level: maybe(),
  work_arrangement: maybe(),
  salary_min: maybeNumber(),
  salary_max: maybeNumber(),
  match_score: maybeNumber(),
  saved: v.boolean(),
  archived: v.boolean(),
  added_at: text(),
  created_at: text(),
  required_skills: v.array(v.string()),
  preferred_skills: v.array(v.string()),
});

export const SkillRowSchema = v.looseObject({
  id: text(),
  name: text(),
  level: maybe(),
  endorsements: v.number(),
  created_at: text(),
  updated_at: text(),
});

export const SecurityEventRowSchema = v.looseObject({
  id: text(),
  action: text(),
  status: v.picklist(['success', 'failed']),
  device: maybe(),
  browser: maybe(),
  os: maybe(),
  location: maybe(),
  ip_address: maybe(),
  user_agent: maybe(),
  metadata: v.nullable(v.record(v.string(), v.unknown())),
  timestamp: text(),
});

const urgency = v.picklist(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
export const GapAnswerRowSchema = v.looseObject({
  id: text(),
  question_id: v.number(),
  priority: urgency,
  gap_addressed: maybe(),
  question: text(),
  context: maybe(),
  expected_outcome: maybe(),
  answer: maybe(),
  created_at: text(),
  updated_at: text(),
});

export const GapAnalysisRowSchema = v.looseObject({
  id: text(),
  gap_count: v.number(),
  red_flag_count: v.number(),
  urgency,
  overall_assessment: maybe(),
  identified_gaps_and_flags: v.array(v.unknown()),
  next_steps: v.unknown(),
  created_at: text(),
  updated_at: text(),
  answers: v.array(GapAnswerRowSchema),
});

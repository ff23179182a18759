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

/**
 * The shape of one application variant, as the frontend's editor reads it
 * (cffrank/jobmatchAI src/sections/application-generator/types.ts: ApplicationVariant).
 * One schema for every writer: core validates POST/PATCH /api/applications with it, the ai
 * Worker validates what it generates with it, integrations reads it for emails and exports.
 * Every array is required: the editor calls .map on them and crashes on a missing one.
 */
import * as v from 'valibot';

const text = (max: number) => v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`));
const list = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(v.array(item, 'must be an array'), v.maxLength(max, `at most ${max} items`));

export const ResumeExperienceSchema = v.object({
  title: text(200),
  company: text(200),
  location: text(200),
  startDate: text(40),
  endDate: text(40),
  bullets: list(text(1_000), 30),
});

export const ResumeEducationSchema = v.object({
  degree: text(200),
  school: text(200),
  location: text(200),
  graduation: text(40),
  focus: v.optional(text(200)),
});

export const VariantResumeSchema = v.object({
  summary: text(5_000),
  experience: list(ResumeExperienceSchema, 30),
  skills: list(text(100), 100),
  education: list(ResumeEducationSchema, 20),
});

export const ApplicationVariantSchema = v.object({
  id: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters')),
  name: text(200),
  coverLetter: text(50_000),
  aiRationale: list(text(2_000), 30),
  resume: VariantResumeSchema,
});

export type ResumeExperience = v.InferOutput<typeof ResumeExperienceSchema>;
export type ResumeEducation = v.InferOutput<typeof ResumeEducationSchema>;
export type VariantResume = v.InferOutput<typeof VariantResumeSchema>;
/** A variant in the editor's shape (see the schema above). */
export type EditorVariant = v.InferOutput<typeof ApplicationVariantSchema>;

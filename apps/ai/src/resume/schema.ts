/** The parsed-resume shape the frontend's useResumeParser applies to the profile (strict-mode friendly: no optional fields). */
import * as v from 'valibot';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const ParsedResumeSchema = v.object({
  profile: v.object({
    firstName: text(100),
    lastName: text(100),
    email: text(200),
    phone: text(50),
    location: text(200),
    headline: text(300),
    summary: text(5000),
    linkedInUrl: text(300),
  }),
  workExperience: v.pipe(
    v.array(
      v.object({
        company: text(200),
        position: text(200),
        location: text(200),
        startDate: text(20),
        endDate: v.nullable(text(20)),
        current: v.boolean(),
        description: text(5000),
        accomplishments: v.pipe(v.array(text(1000)), v.maxLength(30)),
      }),
    ),
    v.maxLength(30),
  ),
  education: v.pipe(
    v.array(
      v.object({
        institution: text(200),
        degree: text(200),
        fieldOfStudy: text(200),
        startDate: text(20),
        endDate: v.nullable(text(20)),
        current: v.boolean(),
        grade: v.nullable(text(50)),
      }),
    ),
    v.maxLength(20),
  ),
  skills: v.pipe(v.array(v.object({ name: text(100), endorsements: v.number() })), v.maxLength(100)),
});

export type ParsedResume = v.InferOutput<typeof ParsedResumeSchema>;

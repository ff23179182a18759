/**
 * POST /api/applications/generate: three variants (Impact-Focused, Keyword-Optimized, Concise)
 * for one of the user's jobs, stored as a draft application through @jobmatch/db. A model may
 * choose and reword the user's own bullets, write the summary, cover letter and rationale; the
 * facts (titles, employers, dates, schools, degrees) are always copied from the profile rows by
 * the server, and an answer with a number or year the profile does not contain is rejected as
 * invented (retried once, then the chain falls back).
 */
import * as v from 'valibot';
import {
  ApplicationVariantSchema,
  applications,
  jobs,
  profile,
  type CompleteProfile,
  type EditorVariant,
  type Job,
  type UserIdentity,
  userDb,
} from '@jobmatch/db';
import { ApiError, notFound } from '@jobmatch/shared-middleware';
import { jobForPrompt, profileForPrompt } from '../analysis/prompt';
import type { AiEnv } from '../env';
import { profileEvidence } from '../local/profile-evidence';
import { VARIANT_NAMES, isEmptyProfile, localVariantPlans, roleBullets, variantFromPlan, type VariantPlan } from '../local/documents';
import type { Meter } from '../metrics/meter';
import { runJsonTask } from '../providers/chain';
import { modelProviders } from '../providers/config';
import { ModelOutputError } from '../providers/types';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const list = <S extends v.GenericSchema>(item: S, max: number) => v.pipe(v.array(item), v.maxLength(max));

export const VariantPlansSchema = v.object({
  variants: v.pipe(
    v.array(
      v.object({
        name: v.picklist(VARIANT_NAMES),
        summary: text(2000),
        coverLetter: text(8000),
        aiRationale: list(text(500), 8),
        skills: list(text(100), 60),
        /** One entry per work experience, in the order given (position = index). */
        experience: list(v.object({ index: v.number(), bullets: list(text(500), 8) }), 30),
      }),
    ),
    v.length(3),
  ),
});
type ModelPlans = v.InferOutput<typeof VariantPlansSchema>;

const SYSTEM = [
  'You write three versions of a resume and cover letter for one job: "Impact-Focused", "Keyword-Optimized" and "Concise".',
  'Use ONLY facts from the candidate data. Do not invent employers, titles, dates, degrees, numbers or skills.',
  'For each work experience (by its index) choose and rephrase bullets from its accomplishments and description.',
  'skills must be taken from the candidate skills. aiRationale explains in short sentences why the version fits the job.',
].join('\n');

/** Every number in the model's text must occur in the profile (no invented metrics or years). */
function numbersOf(s: string): string[] {
  return s.match(/\d+(?:[.,]\d+)?/g) ?? [];
}

function acceptPlans(p: CompleteProfile, job: Job) {
  const known = new Set(numbersOf(JSON.stringify({ p: profileForPrompt(p), j: jobForPrompt(job) })));
  // The years of experience the profile's dates add up to may be stated too ("6 years").
  const years = profileEvidence(p).yearsOfExperience;
  for (const n of [Math.floor(years), Math.round(years)]) known.add(String(n));
  return (plans: ModelPlans): ModelPlans => {
    if (new Set(plans.variants.map((x) => x.name)).size !== 3) throw new ModelOutputError('the three variants must have distinct names');
    for (const variant of plans.variants) {
      const written = [variant.summary, variant.coverLetter, ...variant.experience.flatMap((e) => e.bullets)].join('\n');
      const invented = numbersOf(written).filter((n) => !known.has(n));
      if (invented.length) throw new ModelOutputError(`numbers not in the profile: ${invented.slice(0, 5).join(', ')}`);
    }
    return plans;
  };
}

function plansFromModel(m: ModelPlans, p: CompleteProfile): VariantPlan[] {
  return VARIANT_NAMES.map((name) => {
    const x = m.variants.find((y) => y.name === name)!;
    return {
      name,
      summary: x.summary,
      coverLetter: x.coverLetter,
      aiRationale: x.aiRationale,
      skills: x.skills,
      bullets: p.workExperience.map((w, i) => x.experience.find((e) => e.index === i)?.bullets ?? roleBullets(w).slice(0, 4)),
    };
  });
}

export interface GeneratedApplication {
  id: string;
  jobId: string;
  jobTitle: string;
  company: string;
  status: 'draft';
  createdAt: string;
  variants: EditorVariant[];
  selectedVariantId: string;
  provider: string;
  aiModel: string;
}

export async function generateApplication(env: AiEnv, user: UserIdentity, jobId: string, meter: Meter): Promise<GeneratedApplication> {
  const job = await jobs.getJob(await userDb(env, user.userId), user.userId, jobId);
  if (!job) throw notFound('Job');
  const complete = await profile.getCompleteProfile(await userDb(env, user.userId), user);
  if (isEmptyProfile(complete)) {
    throw new ApiError(
      422,
      'PROFILE_INCOMPLETE',
      'Add work experience, education or skills to your profile before generating an application',
      {
        missing: ['workExperience', 'education', 'skills'],
      },
    );
  }
  const result = await runJsonTask({
    providers: modelProviders(env),
    task: {
      name: 'application_variants',
      schema: VariantPlansSchema,
      system: SYSTEM,
      user: JSON.stringify({
        job: jobForPrompt(job),
        candidate: {
          ...profileForPrompt(complete),
          name: [complete.profile.first_name, complete.profile.last_name].filter(Boolean).join(' '),
        },
      }),
      maxTokens: 6000,
    },
    meter,
    accept: acceptPlans(complete, job),
    local: () => ({
      variants: localVariantPlans(job, complete).map(({ bullets, ...plan }) => ({
        ...plan,
        experience: bullets.map((b, index) => ({ index, bullets: b })),
      })),
    }),
  });
  const plans = plansFromModel(result.value, complete);
  const variants = plans.map((plan) => v.parse(ApplicationVariantSchema, variantFromPlan(plan, complete, crypto.randomUUID())));
  const stored = await applications.createApplication(await userDb(env, user.userId), user, {
    jobId,
    jobTitle: job.title,
    company: job.company,
    status: 'draft',
    selectedVariantId: variants[0]!.id,
    variants,
  });
  if (!stored) throw notFound('Job'); // deleted meanwhile
  return {
    id: stored.id,
    jobId,
    jobTitle: stored.job_title,
    company: stored.company,
    status: 'draft',
    createdAt: stored.created_at,
    variants,
    selectedVariantId: variants[0]!.id,
    provider: result.provider,
    aiModel: result.model,
  };
}

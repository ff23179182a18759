/** The model prompt for a compatibility analysis: the job and only the profile facts needed. */
import type { CompleteProfile, Job } from '@jobmatch/db';
import { DIMENSIONS } from './schema';

const cut = (s: string | null | undefined, n: number) => (s ?? '').slice(0, n);

export function profileForPrompt(p: CompleteProfile) {
  return {
    currentTitle: p.profile.current_title,
    location: p.profile.location,
    summary: cut(p.profile.professional_summary, 1500),
    workExperience: p.workExperience.slice(0, 12).map((w) => ({
      title: w.title,
      company: w.company,
      location: w.location,
      startDate: w.start_date,
      endDate: w.is_current ? 'present' : w.end_date,
      description: cut(w.description, 800),
      accomplishments: w.accomplishments.slice(0, 8).map((a) => cut(a, 300)),
    })),
    education: p.education
      .slice(0, 6)
      .map((e) => ({ institution: e.institution, degree: e.degree, field: e.field_of_study, endDate: e.end_date })),
    skills: p.skills.slice(0, 80).map((s) => (s.level ? `${s.name} (${s.level})` : s.name)),
  };
}

export function jobForPrompt(job: Job) {
  return {
    title: job.title,
    company: job.company,
    location: job.location,
    workArrangement: job.work_arrangement,
    experienceLevel: job.experience_level,
    requiredSkills: job.required_skills,
    preferredSkills: job.preferred_skills,
    description: cut(job.description, 6000),
  };
}

export const ANALYSIS_SYSTEM = [
  'You assess how well a candidate fits a job, strictly from the evidence given. Never invent facts about the candidate.',
  `Score each dimension with a whole number from 1 (no fit) to 10 (perfect fit): ${DIMENSIONS.map(([n, w]) => `${n} (weight ${w}%)`).join(', ')}.`,
  'Each justification cites the evidence in one or two sentences. strengths, gaps and redFlags are short sentences (up to 10 each).',
  'Do not compute an overall score: the server does.',
].join('\n');

export const analysisUserPrompt = (job: Job, p: CompleteProfile) =>
  JSON.stringify({ job: jobForPrompt(job), candidate: profileForPrompt(p) });

/** What a profile shows, extracted once: skills with where they were seen, years, level, text. */
import type { CompleteProfile, Job } from '@jobmatch/db';
import { coveredMonths, spansOf } from './dates';
import { canonicalSkill, findSkills, seniorityOf, skillKey } from './lexicon';

export interface ProfileEvidence {
  /** skill key → where it appears ("your skills", "Senior Engineer at Acme"). */
  skills: Map<string, { name: string; evidence: string }>;
  yearsOfExperience: number;
  seniorityRank: number | null;
  latestTitle: string | null;
  text: string;
  highestDegreeText: string;
  averageTenureMonths: number | null;
  roleCount: number;
}

export function profileEvidence(p: CompleteProfile): ProfileEvidence {
  const skills = new Map<string, { name: string; evidence: string }>();
  const note = (name: string, evidence: string) => {
    const key = skillKey(name);
    if (!skills.has(key)) skills.set(key, { name: canonicalSkill(name), evidence });
  };
  for (const s of p.skills) note(s.name, 'listed in your skills');
  for (const w of p.workExperience) {
    const text = [w.title, w.description ?? '', ...w.accomplishments].join('\n');
    for (const s of findSkills(text)) note(s, `${w.title} at ${w.company}`);
  }
  const summary = [p.profile.current_title ?? '', p.profile.professional_summary ?? ''].join('\n');
  for (const s of findSkills(summary)) note(s, 'your profile summary');

  const spans = spansOf(p.workExperience);
  const months = coveredMonths(spans);
  const tenures = spans.map((s) => s.end - s.start);
  const latest = p.workExperience[0];
  const latestTitle = p.profile.current_title || latest?.title || null;
  return {
    skills,
    yearsOfExperience: Math.round((months / 12) * 10) / 10,
    seniorityRank: seniorityOf(latestTitle)?.rank ?? (latestTitle ? 2 : null),
    latestTitle,
    text: [
      summary,
      ...p.workExperience.map((w) => [w.title, w.company, w.location ?? '', w.description ?? '', ...w.accomplishments].join(' ')),
      ...p.education.map((e) => [e.degree ?? '', e.field_of_study ?? '', e.institution, ...e.highlights].join(' ')),
      ...p.skills.map((s) => s.name),
    ].join('\n'),
    highestDegreeText: p.education.map((e) => `${e.degree ?? ''} ${e.field_of_study ?? ''}`).join(' | '),
    averageTenureMonths: tenures.length ? tenures.reduce((a, b) => a + b, 0) / tenures.length : null,
    roleCount: p.workExperience.length,
  };
}

export interface JobKeyword {
  keyword: string;
  importance: 'required' | 'preferred' | 'mentioned';
}

/** The posting's keywords: its required and preferred skills, then skills its text mentions. */
export function jobKeywords(job: Job): JobKeyword[] {
  const out: JobKeyword[] = [];
  const seen = new Set<string>();
  const push = (name: string, importance: JobKeyword['importance']) => {
    const key = skillKey(name);
    if (!name.trim() || seen.has(key)) return;
    seen.add(key);
    out.push({ keyword: canonicalSkill(name), importance });
  };
  for (const s of job.required_skills) push(s, 'required');
  for (const s of job.preferred_skills) push(s, 'preferred');
  for (const s of findSkills([job.title, job.description ?? ''].join('\n'))) push(s, 'mentioned');
  return out.slice(0, 40);
}

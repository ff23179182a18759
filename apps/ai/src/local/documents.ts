/**
 * Application documents assembled only from the user's real profile and the job: titles,
 * employers, dates, schools and degrees are copied verbatim from the profile rows; bullets are
 * the user's own accomplishments and description sentences, selected and ordered per variant.
 * Nothing is invented — a skill the job wants but the profile lacks is named in the rationale
 * as missing, never added to the resume.
 */
import type { CompleteProfile, EditorVariant, Job } from '@jobmatch/db';
import { findSkills, skillKey } from './lexicon';
import { jobKeywords, profileEvidence } from './profile-evidence';
import { hasPhrase, normalise, sentences } from './text';

export const VARIANT_NAMES = ['Impact-Focused', 'Keyword-Optimized', 'Concise'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export interface VariantPlan {
  name: VariantName;
  summary: string;
  /** Bullets per work-experience row, by the row's position in the profile. */
  bullets: string[][];
  skills: string[];
  coverLetter: string;
  aiRationale: string[];
}

const hasMetric = (s: string) => /\d/.test(s) && /(%|\$|€|£|\b\d+[kKmM]?\b|x\b)/.test(s);

/** Every bullet the profile itself offers for a role. */
export function roleBullets(w: CompleteProfile['workExperience'][number]): string[] {
  const own = [...w.accomplishments.map((a) => a.trim()).filter(Boolean), ...sentences(w.description ?? '')];
  return [...new Set(own)].slice(0, 12);
}

export function isEmptyProfile(p: CompleteProfile): boolean {
  return p.workExperience.length === 0 && p.education.length === 0 && p.skills.length === 0 && !p.profile.professional_summary?.trim();
}

const fullName = (p: CompleteProfile) => [p.profile.first_name, p.profile.last_name].filter(Boolean).join(' ').trim();

export function localVariantPlans(job: Job, p: CompleteProfile): VariantPlan[] {
  const evidence = profileEvidence(p);
  const keywords = jobKeywords(job);
  const jobKeys = new Set(keywords.map((k) => skillKey(k.keyword)));
  const matched = keywords.filter((k) => evidence.skills.has(skillKey(k.keyword))).map((k) => k.keyword);
  const missing = keywords.filter((k) => k.importance === 'required' && !evidence.skills.has(skillKey(k.keyword))).map((k) => k.keyword);
  const ownSkills = p.skills.map((s) => s.name);
  const jobFirstSkills = [...ownSkills].sort((a, b) => Number(jobKeys.has(skillKey(b))) - Number(jobKeys.has(skillKey(a))));
  const keywordHits = (s: string) => findSkills(s).filter((k) => jobKeys.has(skillKey(k))).length;
  const title = p.profile.current_title || p.workExperience[0]?.title || null;
  const years = evidence.yearsOfExperience;
  const baseSummary = p.profile.professional_summary?.trim() ?? '';
  const composed = [
    title ? `${title}${years >= 1 ? ` with ${Math.floor(years)} year${Math.floor(years) === 1 ? '' : 's'} of experience` : ''}` : null,
    matched.length ? `working with ${matched.slice(0, 5).join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const summary = baseSummary || (composed ? `${composed}.` : '');
  const latest = p.workExperience[0];
  const bestAccomplishment = p.workExperience.flatMap(roleBullets).find(hasMetric) ?? p.workExperience.flatMap(roleBullets)[0];
  const name = fullName(p);

  const letter = (focus: string) =>
    [
      `Dear ${job.company} hiring team,`,
      `I am applying for the ${job.title} position.${latest ? ` I currently${latest.is_current ? '' : ' most recently'} work${latest.is_current ? '' : 'ed'} as ${latest.title} at ${latest.company}.` : ''}`,
      focus,
      bestAccomplishment ? `One example from my experience: ${bestAccomplishment.replace(/\.$/, '')}.` : '',
      `I would welcome the chance to discuss how I can contribute to ${job.company}.`,
      `Kind regards,${name ? `\n${name}` : ''}`,
    ]
      .filter(Boolean)
      .join('\n\n');

  const matchedText = matched.length ? `My experience with ${matched.slice(0, 6).join(', ')} matches what this role asks for.` : '';
  const missingNote = missing.length ? [`Not in your profile, so not claimed: ${missing.join(', ')}.`] : [];

  const impact: VariantPlan = {
    name: 'Impact-Focused',
    summary,
    bullets: p.workExperience.map((w) => {
      const b = roleBullets(w);
      return [...b.filter(hasMetric), ...b.filter((x) => !hasMetric(x))].slice(0, 6);
    }),
    skills: ownSkills,
    coverLetter: letter(matchedText || 'My track record is summarised in the attached resume.'),
    aiRationale: [
      'Leads each role with your quantified results (bullets with numbers first).',
      `${p.workExperience.flatMap(roleBullets).filter(hasMetric).length} of your bullets carry a measurable result.`,
      ...missingNote,
    ],
  };
  const keywordOptimized: VariantPlan = {
    name: 'Keyword-Optimized',
    summary:
      summary && matched.length && !matched.every((m) => hasPhrase(normalise(summary), normalise(m)))
        ? `${summary} Skills: ${matched.join(', ')}.`
        : summary,
    bullets: p.workExperience.map((w) => [...roleBullets(w)].sort((a, b) => keywordHits(b) - keywordHits(a)).slice(0, 6)),
    skills: jobFirstSkills,
    coverLetter: letter(matchedText || `I am keen to bring my background to the ${job.title} role.`),
    aiRationale: [
      `Puts the job's keywords first: ${matched.length} of ${keywords.length} found in your profile${matched.length ? ` (${matched.slice(0, 8).join(', ')})` : ''}.`,
      'Skills are ordered with those the posting names first.',
      ...missingNote,
    ],
  };
  const concise: VariantPlan = {
    name: 'Concise',
    summary: sentences(summary)[0] ?? summary,
    bullets: p.workExperience.map((w, i) => (i < 3 ? roleBullets(w).slice(0, i === 0 ? 3 : 2) : [])),
    skills: jobFirstSkills.slice(0, 12),
    coverLetter: letter(matchedText),
    aiRationale: ['Keeps the three most recent roles to their strongest bullets for a one-page read.', ...missingNote],
  };
  return [impact, keywordOptimized, concise];
}

/** Turns a plan into the editor's variant, copying every fact from the profile rows verbatim. */
export function variantFromPlan(plan: VariantPlan, p: CompleteProfile, id: string): EditorVariant {
  const own = new Map(p.skills.map((s) => [skillKey(s.name), s.name]));
  return {
    id,
    name: plan.name,
    coverLetter: plan.coverLetter,
    aiRationale: plan.aiRationale,
    resume: {
      summary: plan.summary.slice(0, 5000),
      // The editor schema's caps (30 roles, 30 bullets of 1,000 characters, 100 skills, 20 schools).
      experience: p.workExperience.slice(0, 30).map((w, i) => ({
        title: w.title,
        company: w.company,
        location: w.location ?? '',
        startDate: w.start_date,
        endDate: w.is_current ? 'Present' : (w.end_date ?? ''),
        bullets: (plan.bullets[i] ?? []).slice(0, 30).map((b) => b.slice(0, 1000)),
      })),
      // Only the user's own skills, in the plan's order, spelled as the user spells them.
      skills: [...new Set(plan.skills.map((s) => own.get(skillKey(s))).filter((s): s is string => Boolean(s)))]
        .slice(0, 100)
        .map((s) => s.slice(0, 100)),
      education: p.education.slice(0, 20).map((e) => ({
        degree: [e.degree, e.field_of_study].filter(Boolean).join(', ').slice(0, 200),
        school: e.institution,
        location: '',
        graduation: e.end_date ?? '',
        ...(e.highlights.length ? { focus: e.highlights.join('; ').slice(0, 200) } : {}),
      })),
    },
  };
}

/**
 * The local compatibility analysis: each of the ten dimensions scored by explicit rules from
 * evidence in the job and the profile (skills through the synonym lexicon, years of experience
 * against the level, location and remote, education, tenure), each with a justification that
 * names the evidence. Deterministic: the same job and profile always give the same answer.
 */
import type { CompleteProfile, Job } from '@jobmatch/db';
import type { KeywordRow, ModelAnalysis } from '../analysis/schema';
import { DEGREE_NAMES, INDUSTRIES, SENIORITY, degreeLevel, findIndustries, findSoftSkills, seniorityOf, skillKey } from './lexicon';
import { jobKeywords, profileEvidence, type ProfileEvidence } from './profile-evidence';
import { clamp, contentWords, normalise } from './text';

type Dim = { score: number; justification: string };

export function keywordTable(job: Job, evidence: ProfileEvidence): KeywordRow[] {
  return jobKeywords(job).map((k) => {
    const hit = evidence.skills.get(skillKey(k.keyword));
    return { keyword: k.keyword, importance: k.importance, found: Boolean(hit), evidence: hit?.evidence ?? null };
  });
}

function skillMatch(keywords: KeywordRow[]): Dim {
  const weighted = keywords.map((k) => ({ ...k, weight: k.importance === 'required' ? 1 : k.importance === 'preferred' ? 0.5 : 0.35 }));
  const total = weighted.reduce((n, k) => n + k.weight, 0);
  if (total === 0) return { score: 5, justification: 'The posting names no skills to compare against.' };
  const got = weighted.filter((k) => k.found).reduce((n, k) => n + k.weight, 0);
  const required = keywords.filter((k) => k.importance === 'required');
  const missing = required.filter((k) => !k.found).map((k) => k.keyword);
  const ratio = got / total;
  return {
    score: clamp(Math.round(1 + 9 * ratio), 1, 10),
    justification:
      `${keywords.filter((k) => k.found).length} of ${keywords.length} job keywords found in the profile` +
      (required.length ? ` (${required.length - missing.length}/${required.length} required)` : '') +
      (missing.length ? `; missing required: ${missing.join(', ')}.` : '.'),
  };
}

function jobLevel(job: Job) {
  return seniorityOf(job.experience_level) ?? seniorityOf(job.title) ?? null;
}

function requiredYears(job: Job): number | null {
  const m = /(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)/i.exec(job.description ?? '');
  if (m) return Number(m[1]);
  const level = jobLevel(job);
  return level ? level.minYears : null;
}

function experienceLevel(job: Job, e: ProfileEvidence): Dim {
  const need = requiredYears(job);
  const have = e.yearsOfExperience;
  if (need === null)
    return { score: have > 0 ? 7 : 4, justification: `The posting states no level; the profile shows ${have} years of dated experience.` };
  const diff = have - need;
  const score = diff >= 0 ? (diff > 8 ? 8 : 10) : clamp(Math.round(10 + diff * 1.6), 1, 9);
  return { score, justification: `About ${need}+ years expected; the profile shows ${have} years of dated work experience.` };
}

function industryMatch(job: Job, e: ProfileEvidence): Dim {
  const jobText = [job.title, job.company, job.description ?? ''].join(' ');
  const jobInd = findIndustries(jobText);
  const profileInd = new Set(findIndustries(e.text));
  const shared = jobInd.filter((i) => profileInd.has(i));
  const jobWords = new Set(contentWords(jobText));
  const profileWords = new Set(contentWords(e.text));
  const overlap = [...jobWords].filter((w) => profileWords.has(w)).length / Math.max(1, jobWords.size);
  if (jobInd.length === 0) {
    return {
      score: clamp(Math.round(4 + overlap * 10), 3, 8),
      justification: `No clear industry in the posting; ${Math.round(overlap * 100)}% of its terms appear in the profile.`,
    };
  }
  const score = clamp(Math.round(3 + (shared.length / jobInd.length) * 6 + overlap * 2), 1, 10);
  return {
    score,
    justification: shared.length
      ? `Shared domain: ${shared.join(', ')}.`
      : `The posting is in ${jobInd.join(', ')}; the profile shows no work in ${jobInd.length > 1 ? 'these domains' : 'this domain'}.`,
  };
}

const placeParts = (s: string | null | undefined) =>
  normalise(s ?? '')
    .split(/[,/()|-]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 1);

function locationMatch(job: Job, p: CompleteProfile): Dim {
  const arrangement = normalise(job.work_arrangement ?? '');
  const loc = normalise(job.location ?? '');
  const remote = arrangement === 'remote' || /\bremote\b/.test(loc);
  const mine = placeParts([p.profile.location, p.profile.city, p.profile.state, p.profile.country].filter(Boolean).join(', '));
  if (remote) {
    const region = /\((.+)\)/.exec(job.location ?? '')?.[1];
    return {
      score: 10 - (region && !/world|global|anywhere/i.test(region) && mine.length === 0 ? 1 : 0),
      justification: `Remote role${region ? ` (${region})` : ''}.`,
    };
  }
  if (mine.length === 0) return { score: 5, justification: 'The profile has no location to compare with the job location.' };
  const jobParts = placeParts(job.location);
  if (jobParts.length === 0) return { score: 6, justification: 'The posting gives no location.' };
  const city = jobParts[0]!;
  if (mine.includes(city)) return { score: 10, justification: `Same city (${job.location}).` };
  const shared = jobParts.filter((x) => mine.includes(x));
  if (shared.length)
    return {
      score: arrangement === 'hybrid' ? 6 : 7,
      justification: `Same region or country (${shared.join(', ')}), different city${arrangement === 'hybrid' ? ' for a hybrid role' : ''}.`,
    };
  return {
    score: arrangement === 'hybrid' ? 3 : 2,
    justification: `${arrangement || 'On-site'} role in ${job.location}; the profile is in ${p.profile.location ?? mine.join(', ')}.`,
  };
}

function seniorityLevel(job: Job, e: ProfileEvidence): Dim {
  const target = jobLevel(job);
  if (!target || e.seniorityRank === null) return { score: 6, justification: 'Seniority not stated on one side.' };
  const diff = e.seniorityRank - target.rank;
  const score = diff === 0 ? 10 : diff === 1 || diff === -1 ? 7 : diff > 1 ? 5 : 3;
  const own = SENIORITY.find((s) => s.rank === e.seniorityRank)?.label ?? 'unknown';
  return { score, justification: `Job level: ${target.label}; latest role (${e.latestTitle}) reads as ${own}.` };
}

function educationCertification(job: Job, p: CompleteProfile, e: ProfileEvidence): Dim {
  const needed = degreeLevel(/\b(degree|bachelor|master|ph\.?d|b\.?sc|m\.?sc)\b/i.test(job.description ?? '') ? job.description : '');
  const have = Math.max(0, ...p.education.map((x) => degreeLevel(`${x.degree ?? ''} ${x.field_of_study ?? ''}`)));
  if (needed === 0) {
    return {
      score: p.education.length ? 8 : 6,
      justification: `No degree requirement stated; the profile lists ${p.education.length ? e.highestDegreeText.trim() || 'education' : 'no education'}.`,
    };
  }
  const score = have >= needed ? 10 : have === needed - 1 ? 6 : 3;
  return { score, justification: `The posting asks for a ${DEGREE_NAMES[needed]}; the profile shows a ${DEGREE_NAMES[have]}.` };
}

function softSkills(job: Job, e: ProfileEvidence): Dim {
  const wanted = findSoftSkills(`${job.title}\n${job.description ?? ''}`);
  const shown = new Set(findSoftSkills(e.text));
  if (wanted.length === 0)
    return {
      score: shown.size ? 7 : 5,
      justification: `The posting names no soft skills; the profile shows ${[...shown].join(', ') || 'none explicitly'}.`,
    };
  const met = wanted.filter((w) => shown.has(w));
  return {
    score: clamp(Math.round(2 + (met.length / wanted.length) * 8), 1, 10),
    justification: `Asked for: ${wanted.join(', ')}; evidenced: ${met.join(', ') || 'none'}.`,
  };
}

function employmentStability(e: ProfileEvidence): Dim {
  if (e.averageTenureMonths === null) return { score: 3, justification: 'No dated work experience to judge tenure.' };
  const m = e.averageTenureMonths;
  const score = m >= 36 ? 10 : m >= 24 ? 8 : m >= 18 ? 7 : m >= 12 ? 5 : 3;
  return { score, justification: `Average tenure ${Math.round(m)} months over ${e.roleCount} role${e.roleCount === 1 ? '' : 's'}.` };
}

function growthPotential(job: Job, e: ProfileEvidence): Dim {
  const target = jobLevel(job);
  if (!target || e.seniorityRank === null) return { score: 6, justification: 'Level on one side unknown.' };
  const step = target.rank - e.seniorityRank;
  const score = step === 1 ? 9 : step === 0 ? 7 : step > 1 ? 5 : 4;
  return {
    score,
    justification:
      step > 0
        ? `A step up (${step} level${step > 1 ? 's' : ''}).`
        : step === 0
          ? 'A lateral move at the same level.'
          : 'A step down from the current level.',
  };
}

function companyScale(job: Job, e: ProfileEvidence): Dim {
  const scaleOf = (t: string) =>
    /\b(startup|start-up|seed|series [ab]|early-stage|small team)\b/i.test(t)
      ? 'startup'
      : /\b(enterprise|fortune 500|global leader|multinational|10,000\+|corporation)\b/i.test(t)
        ? 'enterprise'
        : null;
  const jobScale = scaleOf(`${job.description ?? ''} ${job.company}`);
  const mine = scaleOf(e.text);
  if (!jobScale) return { score: 6, justification: 'Company size not stated in the posting.' };
  if (!mine) return { score: 5, justification: `A ${jobScale}; the profile does not say what size its employers were.` };
  return { score: jobScale === mine ? 9 : 4, justification: `A ${jobScale}; the profile shows ${mine} experience.` };
}

export function localAnalysis(job: Job, p: CompleteProfile): ModelAnalysis & { keywords: KeywordRow[] } {
  const e = profileEvidence(p);
  const keywords = keywordTable(job, e);
  const dimensions = {
    skillMatch: skillMatch(keywords),
    experienceLevel: experienceLevel(job, e),
    industryMatch: industryMatch(job, e),
    locationMatch: locationMatch(job, p),
    seniorityLevel: seniorityLevel(job, e),
    educationCertification: educationCertification(job, p, e),
    softSkillsLeadership: softSkills(job, e),
    employmentStability: employmentStability(e),
    growthPotential: growthPotential(job, e),
    companyScaleAlignment: companyScale(job, e),
  };
  const strengths: string[] = [];
  const gaps: string[] = [];
  const redFlags: string[] = [];
  const matched = keywords.filter((k) => k.found).map((k) => k.keyword);
  if (matched.length) strengths.push(`Matching skills: ${matched.slice(0, 8).join(', ')}.`);
  for (const [name, d] of Object.entries(dimensions)) {
    if (name !== 'skillMatch' && d.score >= 9) strengths.push(d.justification);
    if (d.score <= 4) gaps.push(d.justification);
  }
  const missingRequired = keywords.filter((k) => k.importance === 'required' && !k.found).map((k) => k.keyword);
  if (missingRequired.length) gaps.unshift(`Required skills not shown in the profile: ${missingRequired.join(', ')}.`);
  const need = requiredYears(job);
  if (need !== null && e.yearsOfExperience + 3 <= need)
    redFlags.push(`The role expects about ${need} years; the profile shows ${e.yearsOfExperience}.`);
  if (dimensions.locationMatch.score <= 3) redFlags.push(dimensions.locationMatch.justification);
  if (
    missingRequired.length > 0 &&
    missingRequired.length >= Math.ceil(job.required_skills.length / 2) &&
    job.required_skills.length >= 2
  ) {
    redFlags.push('Half or more of the required skills are missing from the profile.');
  }
  return { dimensions, strengths: strengths.slice(0, 10), gaps: gaps.slice(0, 10), redFlags: redFlags.slice(0, 10), keywords };
}

export { INDUSTRIES };

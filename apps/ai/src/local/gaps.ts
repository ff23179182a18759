/**
 * Rule-based resume gap analysis: employment gaps over six months, very short tenures, roles
 * without accomplishments or measurable results, a missing summary, undated entries and thin
 * skills — each with a clarification question that would let the user close it.
 */
import type { GapAnalysis, GapRequest } from '../resume/gaps-schema';
import { formatMonth, gapsBetween, spansOf } from './dates';

type Item = GapAnalysis['identified_gaps_and_flags'][number];
type Question = GapAnalysis['clarification_questions'][number];

const pick = (o: Record<string, unknown>, ...keys: string[]): string => {
  for (const k of keys) {
    const value = o[k];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
};
const list = (o: Record<string, unknown>, ...keys: string[]): string[] => {
  for (const k of keys) {
    const value = o[k];
    if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
    if (typeof value === 'string' && value.startsWith('[')) {
      try {
        const parsed = JSON.parse(value);
        if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string');
      } catch {
        /* plain text */
      }
    }
  }
  return [];
};

export function localGapAnalysis(body: GapRequest): GapAnalysis {
  const profile = (body.profile ?? {}) as Record<string, unknown>;
  const roles = body.workExperience.map((w) => ({
    title: pick(w, 'position', 'title'),
    company: pick(w, 'company'),
    start_date: pick(w, 'startDate', 'start_date') || null,
    end_date: pick(w, 'endDate', 'end_date') || null,
    is_current: w.current === true || w.is_current === true,
    description: pick(w, 'description'),
    accomplishments: list(w, 'accomplishments'),
  }));
  const items: Item[] = [];
  const questions: Question[] = [];
  const ask = (q: Omit<Question, 'question_id'>) => questions.length < 15 && questions.push({ question_id: questions.length + 1, ...q });

  for (const g of gapsBetween(spansOf(roles), 6)) {
    const description = `A ${g.months}-month gap between ${formatMonth(g.from)} and ${formatMonth(g.to)}.`;
    items.push({
      type: 'gap',
      category: 'employment_gap',
      severity: g.months >= 12 ? 'HIGH' : 'MEDIUM',
      description,
      evidence: 'Dates of consecutive roles',
    });
    ask({
      priority: g.months >= 12 ? 'HIGH' : 'MEDIUM',
      gap_addressed: description,
      question: `What did you do between ${formatMonth(g.from)} and ${formatMonth(g.to)} (study, freelance work, caregiving, a sabbatical)?`,
      context: 'Recruiters ask about unexplained gaps; a one-line explanation removes the doubt.',
      expected_outcome: 'A short entry or note that explains the period.',
    });
  }
  for (const r of roles) {
    const label = [r.title, r.company].filter(Boolean).join(' at ') || 'A role';
    const spans = spansOf([r]);
    if (!r.start_date)
      items.push({
        type: 'red_flag',
        category: 'missing_dates',
        severity: 'MEDIUM',
        description: `${label} has no start date.`,
        evidence: 'Work experience entry',
      });
    if (spans[0] && spans[0].end - spans[0].start < 9 && !r.is_current) {
      items.push({
        type: 'red_flag',
        category: 'short_tenure',
        severity: 'LOW',
        description: `${label} lasted ${spans[0].end - spans[0].start} months.`,
        evidence: 'Start and end dates',
      });
      ask({
        priority: 'LOW',
        gap_addressed: `Short tenure: ${label}`,
        question: `Was ${label} a contract, a project, or did something end it early?`,
        context: 'Short stays read better with their reason.',
        expected_outcome: 'Employment type or a reason on the entry.',
      });
    }
    if (r.accomplishments.length === 0 && r.description.length < 40) {
      items.push({
        type: 'gap',
        category: 'missing_accomplishments',
        severity: 'HIGH',
        description: `${label} lists no accomplishments.`,
        evidence: 'Empty accomplishments and description',
      });
      ask({
        priority: 'HIGH',
        gap_addressed: `No accomplishments: ${label}`,
        question: `What were two or three results you are proud of as ${r.title || 'this role'}${r.company ? ` at ${r.company}` : ''}?`,
        context: 'Concrete results are what a resume is read for.',
        expected_outcome: 'Bullets with what you did and what changed.',
      });
    } else if (![r.description, ...r.accomplishments].some((x) => /\d/.test(x))) {
      items.push({
        type: 'gap',
        category: 'no_metrics',
        severity: 'MEDIUM',
        description: `${label} has no measurable results.`,
        evidence: 'No numbers in its bullets',
      });
      ask({
        priority: 'MEDIUM',
        gap_addressed: `No metrics: ${label}`,
        question: `Can you put a number on one result at ${r.company || 'this role'} (users, revenue, time saved, percentage)?`,
        context: 'Numbers make results comparable.',
        expected_outcome: 'One quantified bullet.',
      });
    }
  }
  if (!pick(profile, 'summary', 'professional_summary', 'professionalSummary')) {
    items.push({
      type: 'gap',
      category: 'missing_summary',
      severity: 'MEDIUM',
      description: 'The profile has no professional summary.',
      evidence: 'Empty summary',
    });
    ask({
      priority: 'MEDIUM',
      gap_addressed: 'Missing summary',
      question: 'In two sentences: what kind of role do you want next, and what do you bring to it?',
      context: 'The summary is the first thing a reader sees.',
      expected_outcome: 'A two-sentence summary.',
    });
  }
  if (roles.length === 0)
    items.push({
      type: 'gap',
      category: 'no_experience',
      severity: 'CRITICAL',
      description: 'No work experience is listed.',
      evidence: 'Empty work experience',
    });
  if (body.skills.length < 5)
    items.push({
      type: 'gap',
      category: 'few_skills',
      severity: body.skills.length === 0 ? 'HIGH' : 'LOW',
      description: `Only ${body.skills.length} skill${body.skills.length === 1 ? '' : 's'} listed.`,
      evidence: 'Skills list',
    });
  if (body.education.length === 0)
    items.push({
      type: 'gap',
      category: 'no_education',
      severity: 'LOW',
      description: 'No education is listed.',
      evidence: 'Empty education',
    });

  const redFlags = items.filter((i) => i.type === 'red_flag').length;
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
  const urgency = order.find((u) => items.some((i) => i.severity === u)) ?? 'LOW';
  return {
    resume_analysis: {
      overall_assessment: items.length
        ? `${items.length} point${items.length === 1 ? '' : 's'} to address across ${roles.length} role${roles.length === 1 ? '' : 's'}: ${[...new Set(items.map((i) => i.category.replaceAll('_', ' ')))].join(', ')}.`
        : 'No gaps or red flags found in the dated entries, accomplishments and summary.',
      gap_count: items.length - redFlags,
      red_flag_count: redFlags,
      urgency,
    },
    identified_gaps_and_flags: items.slice(0, 30),
    clarification_questions: questions,
    next_steps: {
      immediate_actions: questions.slice(0, 3).map((q) => q.question),
      profile_improvements: [...new Set(items.map((i) => i.description))].slice(0, 5),
    },
  };
}

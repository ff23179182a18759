/**
 * Rule-based spam signals for one job posting. Deterministic: the same posting (and the same
 * count of the caller's own reports) always gives the same answer. Each rule that fires adds
 * its weight by noisy-OR, p = 1 − Π(1 − wᵢ), so independent signals reinforce each other but
 * p never exceeds 1. Thresholds: p ≥ 0.6 spam, p ≥ 0.3 review, else safe.
 * Bump RULES_VERSION whenever a rule, weight or threshold changes.
 */
import type { DuplicateCandidate } from '@jobmatch/db';

export const RULES_VERSION = 1;
export const SPAM_THRESHOLD = 0.6;
export const REVIEW_THRESHOLD = 0.3;

export interface SpamAnalysisResult {
  jobId: string;
  isSpam: boolean;
  spamProbability: number;
  confidence: 'low' | 'medium' | 'high';
  categories: string[];
  reasons: string[];
  flags: Record<string, boolean | number | string>;
  recommendation: 'safe' | 'review' | 'spam';
  analyzedAt: string;
  rulesVersion: number;
}

interface Posting {
  title: string;
  company: string;
  description: string;
  url: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  ownReports: number;
}

interface Rule {
  flag: string;
  category: string;
  weight: number;
  reason: string;
  fires: (p: Posting, text: string) => boolean;
}

const any = (text: string, patterns: RegExp[]) => patterns.some((re) => re.test(text));

const RULES: Rule[] = [
  {
    flag: 'upfrontPayment',
    category: 'scam',
    weight: 0.45,
    reason: 'Asks the applicant to pay (fees, deposits, starter kits) or to move money',
    fires: (_, t) =>
      any(t, [
        /\b(pay|paying|payment|fee|fees|deposit|purchase)\b[^.]{0,40}\b(training|starter kit|registration|equipment|background check|application)\b/,
        /\b(wire transfer|western union|moneygram|gift cards?|send (us )?money|cash(ing)? (a )?checks?)\b/,
        /\b(bitcoin|crypto(currency)?) (payment|deposit|wallet)\b/,
      ]),
  },
  {
    flag: 'personalInfoRequest',
    category: 'scam',
    weight: 0.35,
    reason: 'Asks for sensitive personal or financial data up front',
    fires: (_, t) => any(t, [/\b(social security number|ssn|bank account (number|details)|credit card (number|details)|passport copy)\b/]),
  },
  {
    flag: 'mlmLanguage',
    category: 'mlm',
    weight: 0.3,
    reason: 'Multi-level-marketing language (recruiting others, be your own boss)',
    fires: (_, t) => any(t, [/\b(multi[- ]level marketing|mlm|downline|recruit (your )?(friends|others)|be your own boss|pyramid)\b/]),
  },
  {
    flag: 'unrealisticPayClaims',
    category: 'unrealistic_pay',
    weight: 0.25,
    reason: 'Promises unrealistic earnings',
    fires: (_, t) =>
      any(t, [
        /\b(earn|make) (up to )?\$?\d[\d,]*\+? (per|a|\/) ?(day|week)\b/,
        /\b(unlimited (earning|income)|get rich|financial freedom|guaranteed income|easy money)\b/,
      ]),
  },
  {
    flag: 'implausibleSalary',
    category: 'unrealistic_pay',
    weight: 0.2,
    reason: 'Salary range is implausible (minimum above maximum, or above 1,000,000)',
    fires: (p) =>
      (p.salaryMin !== null && p.salaryMax !== null && p.salaryMin > p.salaryMax) ||
      (p.salaryMax ?? 0) > 1_000_000 ||
      (p.salaryMin ?? 0) > 1_000_000,
  },
  {
    flag: 'offPlatformContact',
    category: 'off_platform_contact',
    weight: 0.2,
    reason: 'Moves the conversation to a messenger or a personal email address',
    fires: (_, t) =>
      any(t, [/\b(whatsapp|telegram|signal app|text me|kik)\b/, /@(gmail|yahoo|hotmail|outlook|aol|proton(mail)?)\.(com|me)\b/]),
  },
  {
    flag: 'noExperienceHighPay',
    category: 'unrealistic_pay',
    weight: 0.15,
    reason: 'No experience required yet high pay promised',
    fires: (p, t) =>
      /\bno (prior )?experience (needed|required|necessary)\b/.test(t) &&
      ((p.salaryMin ?? 0) >= 150_000 || /\$\d{3,},?\d*\s*(per|a|\/) ?(day|week)/.test(t)),
  },
  {
    flag: 'suspiciousLink',
    category: 'suspicious_link',
    weight: 0.15,
    reason: 'Posting link is shortened, not HTTPS, or a bare IP address',
    fires: (p) => {
      if (!p.url) return false;
      try {
        const url = new URL(p.url);
        return (
          url.protocol !== 'https:' ||
          /^(bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rebrand\.ly)$/i.test(url.hostname) ||
          /^\d{1,3}(\.\d{1,3}){3}$/.test(url.hostname)
        );
      } catch {
        return true;
      }
    },
  },
  {
    flag: 'shoutingTitle',
    category: 'low_quality',
    weight: 0.1,
    reason: 'Title is mostly capitals or full of exclamation marks',
    fires: (p) => {
      const letters = p.title.replace(/[^\p{L}]/gu, '');
      const upper = letters.replace(/[^\p{Lu}]/gu, '');
      return /!{2,}|\$\$/.test(p.title) || (letters.length >= 8 && upper.length / letters.length > 0.7);
    },
  },
  {
    flag: 'thinDescription',
    category: 'low_quality',
    weight: 0.1,
    reason: 'Description is missing or under 80 characters',
    fires: (p) => p.description.trim().length < 80,
  },
  {
    flag: 'genericCompany',
    category: 'low_quality',
    weight: 0.1,
    reason: 'Company is not named',
    fires: (p) => /^(confidential|n\/?a|none|company|hiring company|private|unknown|-+)?$/i.test(p.company.trim()),
  },
  {
    flag: 'reportedByYou',
    category: 'user_reported',
    weight: 0.3,
    reason: 'You reported this job as spam or a scam',
    fires: (p) => p.ownReports > 0,
  },
];

const round2 = (x: number) => Math.round(x * 100) / 100;

export function analyzeSpam(job: DuplicateCandidate, ownReports: number, now: Date): SpamAnalysisResult {
  const posting: Posting = {
    title: job.title,
    company: job.company,
    description: job.description ?? '',
    url: job.url,
    salaryMin: job.salaryMin,
    salaryMax: job.salaryMax,
    ownReports,
  };
  const text = `${job.title}\n${job.company}\n${posting.description}`.normalize('NFKC').toLowerCase();
  const flags: Record<string, boolean | number | string> = {};
  const fired: Rule[] = [];
  for (const rule of RULES) {
    const hit = rule.fires(posting, text);
    flags[rule.flag] = hit;
    if (hit) fired.push(rule);
  }
  flags.descriptionLength = posting.description.length;
  flags.ownReports = ownReports;
  const p = round2(1 - fired.reduce((keep, r) => keep * (1 - r.weight), 1));
  const recommendation = p >= SPAM_THRESHOLD ? 'spam' : p >= REVIEW_THRESHOLD ? 'review' : 'safe';
  // Little text to judge → low; far from both thresholds → high; near one → medium.
  const confidence = posting.description.trim().length < 80 ? 'low' : p >= 0.8 || p <= 0.1 ? 'high' : 'medium';
  return {
    jobId: job.id,
    isSpam: recommendation === 'spam',
    spamProbability: p,
    confidence,
    categories: [...new Set(fired.map((r) => r.category))],
    reasons: fired.map((r) => r.reason),
    flags,
    recommendation,
    analyzedAt: now.toISOString(),
    rulesVersion: RULES_VERSION,
  };
}

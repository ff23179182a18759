/**
 * Heuristic posting parser: labelled lines ("Company: …"), "Title at Company" headlines,
 * salary ranges ($120,000–150,000, 90k-110k, €60.000), work arrangement and level words,
 * skills from the lexicon split into required and preferred by the section they appear in.
 */
import { findSkills, seniorityOf } from './lexicon';
import { clamp } from './text';

export interface ParsedJob {
  title: string;
  company: string;
  location: string | null;
  workArrangement: 'remote' | 'hybrid' | 'on-site' | null;
  salaryMin: number | null;
  salaryMax: number | null;
  description: string;
  url: string | null;
  experienceLevel: string | null;
  requiredSkills: string[];
  preferredSkills: string[];
}

const label = (text: string, names: string[]): string | null => {
  const re = new RegExp(`^\\s*(?:${names.join('|')})\\s*[:\\-–]\\s*(.+)$`, 'im');
  return re.exec(text)?.[1]?.trim().slice(0, 200) ?? null;
};

function salary(text: string): { min: number | null; max: number | null } {
  const money = String.raw`[$€£]?\s?(\d{1,3}(?:[.,]\d{3})+|\d+(?:\.\d+)?)\s?(k|K)?`;
  const range = new RegExp(`${money}\\s*(?:-|–|—|to)\\s*${money}`);
  const toNumber = (digits: string, k?: string) => {
    const n = Number(digits.replace(/[.,](?=\d{3}\b)/g, ''));
    return Math.round(k ? n * 1000 : n);
  };
  for (const line of text.split('\n')) {
    if (!/[$€£]|salary|compensation|\bk\b|per year|annual/i.test(line)) continue;
    const m = range.exec(line);
    if (m) {
      const kBoth = m[2] ?? m[4];
      const min = toNumber(m[1]!, m[2] ?? kBoth);
      const max = toNumber(m[3]!, m[4] ?? kBoth);
      if (min >= 1000 && max >= min) return { min, max };
    }
  }
  return { min: null, max: null };
}

function arrangement(text: string): ParsedJob['workArrangement'] {
  if (/\bhybrid\b/i.test(text)) return 'hybrid';
  if (/\b(fully remote|remote[- ]first|100% remote|remote)\b/i.test(text)) return 'remote';
  if (/\b(on-?site|in[- ]office|onsite)\b/i.test(text)) return 'on-site';
  return null;
}

/** Splits the text into the part listing requirements and the part listing nice-to-haves. */
function sections(text: string): { required: string; preferred: string } {
  const lines = text.split('\n');
  let mode: 'other' | 'required' | 'preferred' = 'other';
  const required: string[] = [];
  const preferred: string[] = [];
  for (const line of lines) {
    if (/\b(nice to have|preferred|bonus|plus|desirable|good to have)\b/i.test(line) && line.length < 80) mode = 'preferred';
    else if (/\b(requirements?|must have|qualifications|what you bring|you have|skills)\b/i.test(line) && line.length < 80)
      mode = 'required';
    (mode === 'preferred' ? preferred : required).push(line);
  }
  return { required: required.join('\n'), preferred: preferred.join('\n') };
}

export function parseJobPosting(text: string): { job: ParsedJob; confidence: number; warnings: string[] } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const warnings: string[] = [];
  let title = label(text, ['job title', 'title', 'position', 'role']);
  let company = label(text, ['company', 'employer', 'organisation', 'organization']);
  const location = label(text, ['location', 'based in', 'office']);
  const headline = lines[0] ?? '';
  const at = /^(.{3,100}?)\s+(?:at|@|-|–|—|\|)\s+(.{2,80})$/.exec(headline);
  if (!title && at) title = at[1]!.trim();
  if (!company && at) company = at[2]!.trim();
  if (!title && headline.length <= 100) title = headline;
  if (!company) company = /\babout\s+([A-Z][\w&.\- ]{1,60}?)(?:[:\n.,]|\s+is\b)/.exec(text)?.[1]?.trim() ?? null;
  const url = /https?:\/\/[^\s)>"']+/.exec(text)?.[0] ?? null;
  const pay = salary(text);
  const { required, preferred } = sections(text);
  const preferredSkills = findSkills(preferred);
  const requiredSkills = findSkills(required).filter((s) => !preferredSkills.includes(s));
  const level = seniorityOf(label(text, ['experience level', 'level', 'seniority']) ?? title)?.label ?? null;

  if (!title) warnings.push('No job title found; using a placeholder.');
  if (!company) warnings.push('No company name found.');
  if (!location) warnings.push('No location found.');
  if (pay.min === null) warnings.push('No salary range found.');
  if (requiredSkills.length + preferredSkills.length === 0) warnings.push('No known skills found in the text.');
  const found = [title, company, location, pay.min, level, requiredSkills.length ? 1 : null].filter(
    (x) => x !== null && x !== undefined,
  ).length;
  return {
    job: {
      title: (title ?? 'Untitled position').slice(0, 200),
      company: (company ?? 'Unknown company').slice(0, 200),
      location,
      workArrangement: arrangement(text),
      salaryMin: pay.min,
      salaryMax: pay.max,
      description: text.trim().slice(0, 10_000),
      url,
      experienceLevel: level,
      requiredSkills,
      preferredSkills,
    },
    // Rules, not a model: confidence is the share of fields found, capped below certainty.
    confidence: clamp(Math.round((found / 6) * 85), 5, 85),
    warnings,
  };
}

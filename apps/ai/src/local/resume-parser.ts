/**
 * Heuristic resume parser over extracted text: contact details by pattern (email, phone,
 * LinkedIn, "City, Country"), sections by their headings, roles as a header line plus a date
 * range ("Senior Engineer — Acme", "Jan 2020 – Present"), bullets as accomplishments, schools
 * and degrees by keyword, skills from the skills section plus the lexicon.
 */
import type { ParsedResume } from '../resume/schema';
import { degreeLevel, findSkills, skillKey } from './lexicon';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE = String.raw`(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{1,2}[/.]\d{4}|\d{4}-\d{2}|\d{4})`;
const DATE_RANGE = new RegExp(`(${DATE})\\s*(?:-|–|—|to|until)\\s*(${DATE}|present|current|now|today)`, 'i');
const SINGLE_YEAR = /\b(19|20)\d{2}\b/;
const SECTION: [RegExp, Section][] = [
  [/^(professional\s+)?(summary|profile|about( me)?|objective)$/i, 'summary'],
  [/^(work\s+|professional\s+)?(experience|employment( history)?|work history|career)$/i, 'experience'],
  [/^(education|academic background|qualifications)$/i, 'education'],
  [/^((technical|core|key)\s+)?(skills|competencies|technologies|tech stack)(\s*&\s*\w+)?$/i, 'skills'],
  [/^(certifications?|projects|languages|interests|awards|publications|references|volunteering)$/i, 'other'],
];
type Section = 'header' | 'summary' | 'experience' | 'education' | 'skills' | 'other';
const TITLE_WORDS =
  /\b(engineer|developer|manager|designer|analyst|lead|consultant|intern|director|scientist|specialist|architect|officer|administrator|programmer|head|coordinator|assistant|associate|founder|cto|ceo|vp|owner|researcher|teacher|nurse|accountant)\b/i;
const SCHOOL_WORDS = /\b(university|college|institute|school|academy|polytechnic|hochschule|universit[äa]t|ecole|école|conservatory)\b/i;
const BULLET = /^[•\-*–·▪◦●]\s*/;
const SEPARATORS = /\s+(?:—|–|-|\||@|at)\s+|,\s+/;

export function normaliseDate(raw: string): string {
  const s = raw.trim().toLowerCase();
  let m = /^([a-z]+)\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.slice(0, 3));
    return month >= 0 ? `${m[2]}-${String(month + 1).padStart(2, '0')}` : m[2]!;
  }
  m = /^(\d{1,2})[/.](\d{4})$/.exec(s);
  if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}`;
  return /^\d{4}$/.test(s) ? s : '';
}

const isCurrent = (s: string) => /^(present|current|now|today)$/i.test(s.trim());

function splitHeader(header: string): { position: string; company: string } {
  const parts = header
    .split(SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return { position: header.trim(), company: '' };
  const [a, b] = [parts[0]!, parts.slice(1).join(', ')];
  if (!TITLE_WORDS.test(a) && TITLE_WORDS.test(parts[1]!)) return { position: parts[1]!, company: [a, ...parts.slice(2)].join(', ') };
  return { position: a, company: b };
}

function sectionsOf(lines: string[]): Record<Section, string[]> {
  const out: Record<Section, string[]> = { header: [], summary: [], experience: [], education: [], skills: [], other: [] };
  let current: Section = 'header';
  for (const line of lines) {
    const heading = line.replace(/[:：]$/, '').trim();
    const match = heading.length <= 40 ? SECTION.find(([re]) => re.test(heading)) : undefined;
    if (match) {
      current = match[1];
      continue;
    }
    out[current].push(line);
  }
  return out;
}

function parseExperience(lines: string[]): ParsedResume['workExperience'] {
  type Entry = ParsedResume['workExperience'][number] & { descriptionLines: string[] };
  const entries: Entry[] = [];
  let current: Entry | null = null;
  let pending: string | null = null;
  for (const line of lines) {
    if (BULLET.test(line)) {
      if (pending !== null && current) current.descriptionLines.push(pending);
      pending = null;
      current?.accomplishments.push(line.replace(BULLET, '').trim());
      continue;
    }
    const range = DATE_RANGE.exec(line);
    if (range) {
      const rest = line
        .replace(range[0], '')
        .replace(/^[\s|,·–—-]+|[\s|,·–—-]+$/g, '')
        .trim();
      const header = pending ?? rest;
      const { position, company } = splitHeader(header);
      current = {
        company,
        position,
        location: pending !== null ? rest : '',
        startDate: normaliseDate(range[1]!),
        endDate: isCurrent(range[2]!) ? null : normaliseDate(range[2]!) || null,
        current: isCurrent(range[2]!),
        description: '',
        accomplishments: [],
        descriptionLines: [],
      };
      entries.push(current);
      pending = null;
      continue;
    }
    if (pending !== null && current) current.descriptionLines.push(pending);
    pending = line;
  }
  if (pending !== null && current) current.descriptionLines.push(pending);
  return entries.slice(0, 30).map(({ descriptionLines, ...e }) => ({
    ...e,
    description: descriptionLines.join(' ').slice(0, 5000),
    accomplishments: e.accomplishments.slice(0, 30).map((a) => a.slice(0, 1000)),
  }));
}

const DEGREE_SPLIT =
  /^(bachelor(?:'s)?(?: of [a-z]+)?|master(?:'s)?(?: of [a-z]+)?|doctor of [a-z]+|b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?eng\.?|m\.?\s?eng\.?|b\.?a\.?|m\.?a\.?|b\.?s\.?|m\.?s\.?|ph\.?\s?d\.?|mba)\s*(?:in|of|,|-)?\s*(.*)$/i;

function parseEducation(lines: string[]): ParsedResume['education'] {
  const out: ParsedResume['education'] = [];
  let current: ParsedResume['education'][number] | null = null;
  for (const raw of lines) {
    const line = raw.replace(BULLET, '').trim();
    const range = DATE_RANGE.exec(line);
    const withoutDates = (range ? line.replace(range[0], '') : line.replace(SINGLE_YEAR, ''))
      .replace(/^[\s|,·–—-]+|[\s|,·–—-]+$/g, '')
      .trim();
    const parts = withoutDates
      .split(SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean);
    const school = parts.find((p) => SCHOOL_WORDS.test(p));
    const degreePart = parts.find((p) => degreeLevel(p) > 0 || DEGREE_SPLIT.test(p));
    if (school || degreePart) {
      if (!current || (school && current.institution) || (degreePart && current.degree)) {
        current = { institution: '', degree: '', fieldOfStudy: '', startDate: '', endDate: null, current: false, grade: null };
        out.push(current);
      }
      if (school) current.institution = school;
      if (degreePart) {
        const m = DEGREE_SPLIT.exec(degreePart);
        current.degree = (m ? m[1]! : degreePart).trim();
        current.fieldOfStudy = (m ? m[2]! : '').trim();
      }
    }
    if (!current) continue;
    if (range) {
      current.startDate = normaliseDate(range[1]!);
      current.current = isCurrent(range[2]!);
      current.endDate = current.current ? null : normaliseDate(range[2]!) || null;
    } else {
      const year = SINGLE_YEAR.exec(line)?.[0];
      if (year && !current.endDate) current.endDate = year;
    }
    const grade = /\b(?:gpa|grade)\s*:?\s*([\d.,/]+)/i.exec(line)?.[1];
    if (grade) current.grade = grade;
  }
  return out.slice(0, 20);
}

export function parseResumeText(text: string): ParsedResume {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const s = sectionsOf(lines);
  const top = s.header.slice(0, 8).join('\n');
  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0] ?? '';
  const linkedIn = /(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/in\/[\w%-]+\/?/i.exec(text)?.[0] ?? '';
  const phone = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{6,}\d/.exec(top)?.[0]?.trim() ?? '';
  const nameLine = s.header.find((l) => /^[\p{Lu}][\p{L}'’.-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){1,3}$/u.test(l) && !TITLE_WORDS.test(l)) ?? '';
  const [firstName = '', ...rest] = nameLine.split(/\s+/);
  const contactParts = s.header.flatMap((l) => l.split(/\s*[|·•]\s*/));
  const location = contactParts.find((p) => /^[\p{Lu}][\p{L} .'-]+,\s*[\p{Lu}][\p{L} .'-]+$/u.test(p) && !p.includes('@')) ?? '';
  const headline =
    s.header.find(
      (l) => l !== nameLine && !l.includes('@') && !/\d{3}/.test(l) && !/linkedin/i.test(l) && l !== location && l.length <= 120,
    ) ?? '';

  const listed = s.skills
    .flatMap((l) =>
      l
        .replace(BULLET, '')
        .replace(/^[^:]{1,30}:\s*/, '')
        .split(/\s*[,;|•·]\s*/),
    )
    .map((x) => x.trim().replace(/\.$/, ''))
    .filter((x) => x.length >= 1 && x.length <= 50);
  const seen = new Set<string>();
  const skills: ParsedResume['skills'] = [];
  for (const name of [...listed, ...findSkills(text)]) {
    const key = skillKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    skills.push({ name, endorsements: 0 });
  }
  return {
    profile: {
      firstName: firstName.slice(0, 100),
      lastName: rest.join(' ').slice(0, 100),
      email: email.slice(0, 200),
      phone: phone.slice(0, 50),
      location: location.slice(0, 200),
      headline: headline.slice(0, 300),
      summary: s.summary.join(' ').slice(0, 5000),
      linkedInUrl: linkedIn ? (linkedIn.startsWith('http') ? linkedIn : `https://${linkedIn}`).slice(0, 300) : '',
    },
    workExperience: parseExperience(s.experience),
    education: parseEducation(s.education),
    skills: skills.slice(0, 100),
  };
}

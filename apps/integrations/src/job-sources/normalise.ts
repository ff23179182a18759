/** Turning board postings into jobs: HTML to text, salary ranges, work arrangement, identity. */

export type WorkArrangement = 'remote' | 'hybrid' | 'on-site';
export const WORK_ARRANGEMENTS = ['remote', 'hybrid', 'on-site'] as const;
export const EXPERIENCE_LEVELS = ['entry', 'mid', 'senior', 'lead', 'executive'] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

/** A posting from any source, before filtering and de-duplication. */
export interface Posting {
  source: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  url: string | null;
  jobType: string | null;
  workArrangement: WorkArrangement | null;
  salaryMin: number | null;
  salaryMax: number | null;
  experienceLevel: ExperienceLevel | null;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
};

/** HTML 4's Latin-1 names (U+00A0…U+00FF in order): &eacute;, &uuml;, &copy;, … */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' ',
  );
LATIN1_NAMES.forEach((name, i) => {
  if (name && !(name in NAMED_ENTITIES)) NAMED_ENTITIES[name] = String.fromCodePoint(0xa0 + i);
});

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** HTML (Greenhouse's `content` is entity-encoded HTML: decode first) → readable text. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<li[^>]*>/gi, '\n• ')
      .replace(/<\/(p|div|h[1-6]|ul|ol|tr)>|<br\s*\/?>/gi, '\n')
      .replace(/<\/(td|th)>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HOURS_PER_YEAR = 2080;

/** "$120,000 – $150,000", "$120k-150k", "€60.000 - €75.000", "$55/hr" → yearly numbers. */
export function parseSalary(text: string | null | undefined): { min: number | null; max: number | null } {
  if (!text) return { min: null, max: null };
  const money = String.raw`[$€£]\s?(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?([kK])?`;
  const range = new RegExp(
    `${money}\\s*(?:-|–|—|to)\\s*(?:[$€£]\\s?)?(\\d{1,3}(?:[,.]\\d{3})+|\\d+(?:\\.\\d+)?)\\s?([kK])?(\\s*(?:/|per)\\s*(?:hour|hr|h)\\b)?`,
    'i',
  );
  const single = new RegExp(`${money}(\\s*(?:/|per)\\s*(?:hour|hr|h)\\b)?`, 'i');
  const amount = (digits: string, k?: string) => {
    const n = Number(/[,.]\d{3}$/.test(digits) ? digits.replace(/[,.]/g, '') : digits);
    return k ? n * 1000 : n;
  };
  const r = range.exec(text);
  if (r) {
    const hourly = Boolean(r[5]);
    let min = amount(r[1]!, r[2] ?? r[4]);
    let max = amount(r[3]!, r[4]);
    if (hourly) [min, max] = [min * HOURS_PER_YEAR, max * HOURS_PER_YEAR];
    if (min > 1000 && max >= min) return { min: Math.round(min), max: Math.round(max) };
  }
  const s = single.exec(text);
  if (s) {
    const value = amount(s[1]!, s[2]) * (s[3] ? HOURS_PER_YEAR : 1);
    if (value > 1000) return { min: Math.round(value), max: null };
  }
  return { min: null, max: null };
}

/** Lever's structured salaryRange, yearly. */
export function yearly(amount: number | null | undefined, interval: string | null | undefined): number | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) return null;
  const factor = /hour/i.test(interval ?? '') ? HOURS_PER_YEAR : /month/i.test(interval ?? '') ? 12 : /week/i.test(interval ?? '') ? 52 : 1;
  return Math.round(amount * factor);
}

export function workArrangementOf(...hints: (string | null | undefined)[]): WorkArrangement | null {
  const text = hints.filter(Boolean).join(' ').toLowerCase();
  if (/\bhybrid\b/.test(text)) return 'hybrid';
  if (/\bremote\b|\bwork from home\b|\banywhere\b/.test(text)) return 'remote';
  if (/\bon-?site\b|\bin[- ]office\b|\bon-premises?\b/.test(text)) return 'on-site';
  return null;
}

export function experienceLevelOf(title: string): ExperienceLevel | null {
  const t = title.toLowerCase();
  if (/\b(chief|vp|vice president|director|head of)\b/.test(t)) return 'executive';
  if (/\b(lead|principal|staff|architect|manager)\b/.test(t)) return 'lead';
  if (/\b(senior|sr\.?)\b/.test(t)) return 'senior';
  if (/\b(junior|jr\.?|entry|graduate|intern|trainee|associate)\b/.test(t)) return 'entry';
  if (/\b(mid|intermediate)\b/.test(t)) return 'mid';
  return null;
}

export function jobTypeOf(text: string | null | undefined): string | null {
  const t = (text ?? '').toLowerCase();
  if (/full[- ]?time|permanent/.test(t)) return 'full-time';
  if (/part[- ]?time/.test(t)) return 'part-time';
  if (/contract|freelance|temporary/.test(t)) return 'contract';
  if (/intern/.test(t)) return 'internship';
  return null;
}

const canon = (s: string | null) => (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The same posting seen again (any source, any search) gets the same hash for this user. */
export async function dedupHash(p: Pick<Posting, 'title' | 'company' | 'location'>): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`v1|${canon(p.title)}|${canon(p.company)}|${canon(p.location)}`),
  );
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const clip = (text: string | null | undefined, max: number): string | null => {
  const t = text?.trim();
  return t ? t.slice(0, max) : null;
};

export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Duplicate scoring between two of the user's jobs. Deterministic:
 * - the same dedup hash, or the same normalised posting URL → similarity 1;
 * - otherwise the companies must match once normalised (case, punctuation and legal suffixes
 *   such as Inc, LLC, GmbH dropped), and similarity = 0.6·title + 0.25·company + 0.15·location,
 *   where title is the Jaccard index of the normalised title words and location is 1 when the
 *   normalised locations are equal (or both empty), else 0.
 * A candidate is a duplicate at similarity ≥ DUPLICATE_THRESHOLD.
 */
import type { DuplicateCandidate } from '@jobmatch/db';

export const DUPLICATE_THRESHOLD = 0.75;

export interface JobDuplicate {
  id: string;
  title: string;
  company: string;
  location: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  postedAt: string | null;
  source: string | null;
  url: string | null;
  similarity: number;
  matchedFields: string[];
}

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'corp',
  'corporation',
  'co',
  'plc',
  'sa',
  'bv',
  'se',
  'kg',
]);

const words = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

export function normaliseCompany(company: string): string {
  return words(company)
    .filter((w) => !LEGAL_SUFFIXES.has(w))
    .join(' ');
}

/** The company's first significant word: the SQL pre-filter for candidates. */
export function companyKey(company: string): string {
  return normaliseCompany(company).split(' ')[0] ?? '';
}

export function normaliseUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.hostname.toLowerCase().replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

function jaccard(a: string[], b: string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let both = 0;
  for (const w of sa) if (sb.has(w)) both++;
  return both / (sa.size + sb.size - both);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreDuplicate(job: DuplicateCandidate, other: DuplicateCandidate): { similarity: number; matchedFields: string[] } {
  const matched: string[] = [];
  if (job.dedupHash && job.dedupHash === other.dedupHash) matched.push('dedupHash');
  const url = normaliseUrl(job.url);
  if (url && url === normaliseUrl(other.url)) matched.push('url');
  const companyMatch = normaliseCompany(job.company) !== '' && normaliseCompany(job.company) === normaliseCompany(other.company);
  if (companyMatch) matched.push('company');
  const title = jaccard(words(job.title), words(other.title));
  if (title >= 0.8) matched.push('title');
  const location = words(job.location ?? '').join(' ') === words(other.location ?? '').join(' ') ? 1 : 0;
  if (location && (job.location || other.location)) matched.push('location');
  if (job.salaryMin !== null && job.salaryMin === other.salaryMin && job.salaryMax === other.salaryMax) matched.push('salary');
  if (matched.includes('dedupHash') || matched.includes('url')) return { similarity: 1, matchedFields: matched };
  if (!companyMatch) return { similarity: 0, matchedFields: matched };
  return { similarity: round2(0.6 * title + 0.25 + 0.15 * location), matchedFields: matched };
}

/** Duplicates of `job` among `candidates`, most similar first (ties: oldest posting, then id). */
export function findDuplicates(job: DuplicateCandidate, candidates: DuplicateCandidate[]): JobDuplicate[] {
  return candidates
    .map((c) => ({ c, ...scoreDuplicate(job, c) }))
    .filter((x) => x.similarity >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity || (a.c.postedAt ?? '').localeCompare(b.c.postedAt ?? '') || a.c.id.localeCompare(b.c.id))
    .map(({ c, similarity, matchedFields }) => ({
      id: c.id,
      title: c.title,
      company: c.company,
      location: c.location,
      salaryMin: c.salaryMin,
      salaryMax: c.salaryMax,
      postedAt: c.postedAt,
      source: c.source,
      url: c.url,
      similarity,
      matchedFields,
    }));
}

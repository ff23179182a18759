/**
 * One search across the configured sources: every source is queried concurrently with its own
 * deadline; a failing source becomes an entry in `errors` and never sinks the others. Postings
 * are filtered by the request, interleaved across sources up to maxResults, and given their
 * de-duplication hash.
 */
import type { ScrapedJob, SearchError } from '@jobmatch/db';
import type { IntegrationsEnv } from '../env';
import { baseUrl } from '../http';
import { fetchApify } from './apify';
import { fetchGreenhouse } from './greenhouse';
import { fetchLever } from './lever';
import { dedupHash, type ExperienceLevel, type Posting, type WorkArrangement } from './normalise';

export const SOURCE_NAMES = ['greenhouse', 'lever', 'apify'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
/** The frontend's names for the boards Apify actors scrape. */
export const SOURCE_ALIASES: Record<string, SourceName> = { linkedin: 'apify', indeed: 'apify' };

const SOURCE_TIMEOUT_MS = 20_000; // under the gateway's 30 s deadline for integrations
export const DEFAULTS = {
  greenhouse: 'https://boards-api.greenhouse.io',
  lever: 'https://api.eu.lever.co',
  apify: 'https://api.apify.com',
};

export interface SearchRequest {
  keywords: string[];
  location?: string;
  workArrangement?: WorkArrangement;
  experienceLevel?: ExperienceLevel;
  salaryMin?: number;
  salaryMax?: number;
  maxResults: number;
  sources?: SourceName[];
}

interface SourceTask {
  source: SourceName;
  label: string;
  run: () => Promise<Posting[]>;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The sources this deployment has configured (boards named, token present). */
export function configuredSources(env: IntegrationsEnv): SourceName[] {
  const out: SourceName[] = [];
  if (list(env.GREENHOUSE_BOARDS).length > 0) out.push('greenhouse');
  if (list(env.LEVER_SITES).length > 0) out.push('lever');
  if (env.APIFY_TOKEN?.trim() && env.APIFY_ACTOR?.trim()) out.push('apify');
  return out;
}

function tasksFor(env: IntegrationsEnv, sources: SourceName[], req: SearchRequest): SourceTask[] {
  const tasks: SourceTask[] = [];
  if (sources.includes('greenhouse')) {
    const base = baseUrl(env.GREENHOUSE_API_URL) ?? DEFAULTS.greenhouse;
    for (const board of list(env.GREENHOUSE_BOARDS))
      tasks.push({ source: 'greenhouse', label: `greenhouse:${board}`, run: () => fetchGreenhouse(base, board, SOURCE_TIMEOUT_MS) });
  }
  if (sources.includes('lever')) {
    const base = baseUrl(env.LEVER_API_URL) ?? DEFAULTS.lever;
    for (const site of list(env.LEVER_SITES))
      tasks.push({ source: 'lever', label: `lever:${site}`, run: () => fetchLever(base, site, SOURCE_TIMEOUT_MS) });
  }
  if (sources.includes('apify')) {
    const base = baseUrl(env.APIFY_API_URL) ?? DEFAULTS.apify;
    const query = { keywords: req.keywords, location: req.location, maxItems: req.maxResults };
    tasks.push({
      source: 'apify',
      label: `apify:${env.APIFY_ACTOR}`,
      run: () => fetchApify(base, env.APIFY_ACTOR!.trim(), env.APIFY_TOKEN!.trim(), query, SOURCE_TIMEOUT_MS),
    });
  }
  return tasks;
}

function matches(p: Posting, req: SearchRequest): boolean {
  const haystack = `${p.title}\n${p.description ?? ''}`.toLowerCase();
  if (!req.keywords.some((k) => haystack.includes(k.toLowerCase()))) return false;
  if (req.location) {
    const wanted = req.location.toLowerCase();
    const remoteWanted = wanted === 'remote';
    if (!(p.location ?? '').toLowerCase().includes(wanted) && !(remoteWanted && p.workArrangement === 'remote')) return false;
  }
  if (req.workArrangement && p.workArrangement !== req.workArrangement) return false;
  // Unknown levels and salaries stay in: most postings do not state them.
  if (req.experienceLevel && p.experienceLevel && p.experienceLevel !== req.experienceLevel) return false;
  if (req.salaryMin !== undefined && (p.salaryMax ?? p.salaryMin) !== null && (p.salaryMax ?? p.salaryMin)! < req.salaryMin) return false;
  if (req.salaryMax !== undefined && p.salaryMin !== null && p.salaryMin > req.salaryMax) return false;
  return true;
}

/** Round-robin across the task results so one big board cannot crowd out the others. */
function interleave(groups: Posting[][], max: number): Posting[] {
  const out: Posting[] = [];
  for (let i = 0; out.length < max && groups.some((g) => i < g.length); i++) {
    for (const group of groups) if (i < group.length && out.length < max) out.push(group[i]!);
  }
  return out;
}

export interface SearchOutcome {
  sources: SourceName[];
  jobs: ScrapedJob[];
  errors: SearchError[];
  /** Boards, sites and actors queried, and how many of them answered. */
  queried: number;
  succeeded: number;
}

export async function searchSources(env: IntegrationsEnv, sources: SourceName[], req: SearchRequest): Promise<SearchOutcome> {
  const tasks = tasksFor(env, sources, req);
  const settled = await Promise.allSettled(tasks.map((t) => t.run()));
  const errors: SearchError[] = [];
  const groups: Posting[][] = [];
  settled.forEach((result, i) => {
    const task = tasks[i]!;
    if (result.status === 'fulfilled') groups.push(result.value.filter((p) => matches(p, req)));
    else errors.push({ source: task.label, message: result.reason instanceof Error ? result.reason.message : String(result.reason) });
  });
  const seen = new Set<string>();
  const jobs: ScrapedJob[] = [];
  for (const p of interleave(groups, req.maxResults * 2)) {
    const hash = await dedupHash(p);
    if (seen.has(hash)) continue; // the same posting on two boards
    seen.add(hash);
    jobs.push({
      title: p.title,
      company: p.company,
      location: p.location,
      description: p.description,
      url: p.url,
      source: p.source,
      jobType: p.jobType,
      experienceLevel: p.experienceLevel,
      workArrangement: p.workArrangement,
      salaryMin: p.salaryMin,
      salaryMax: p.salaryMax,
      requiredSkills: [],
      dedupHash: hash,
    });
    if (jobs.length >= req.maxResults) break;
  }
  return { sources, jobs, errors, queried: tasks.length, succeeded: tasks.length - errors.length };
}

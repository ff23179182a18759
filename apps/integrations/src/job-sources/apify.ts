/**
 * Apify actors (token required): POST {base}/v2/acts/{owner~name}/run-sync-get-dataset-items
 * runs the actor with our input and answers its dataset items (an array); Apify answers 408
 * when the run takes longer than 300 s. Job-scraper actors name fields differently, so the
 * common spellings are read.
 */
import { fetchExternal, parseJson } from '../http';
import { clip, experienceLevelOf, htmlToText, httpUrl, jobTypeOf, parseSalary, workArrangementOf, type Posting } from './normalise';

export interface ApifyQuery {
  keywords: string[];
  location?: string;
  maxItems: number;
}

const pick = (item: Record<string, unknown>, ...names: string[]): string | null => {
  for (const name of names) {
    const value = item[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string')
      return (value as { name: string }).name;
  }
  return null;
};
const number = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : null;

export async function fetchApify(base: string, actor: string, token: string, query: ApifyQuery, timeoutMs: number): Promise<Posting[]> {
  const url = `${base}/v2/acts/${encodeURIComponent(actor).replace('%7E', '~')}/run-sync-get-dataset-items?format=json`;
  const answer = await fetchExternal(
    url,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        keywords: query.keywords.join(' '),
        queries: query.keywords,
        location: query.location ?? '',
        maxItems: query.maxItems,
      }),
    },
    timeoutMs,
  );
  if (answer.status === 408) throw new Error('The Apify actor run did not finish in time');
  if (answer.status === 401 || answer.status === 403) throw new Error('Apify refused the token');
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`Apify answered HTTP ${answer.status}`);
  const items = parseJson(answer.text);
  if (!Array.isArray(items)) throw new Error('Apify answered an unexpected shape');
  const postings: Posting[] = [];
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') continue;
    const item = raw as Record<string, unknown>;
    const title = pick(item, 'title', 'positionName', 'jobTitle');
    const company = pick(item, 'company', 'companyName');
    if (!title || !company) continue;
    const rawDescription = pick(item, 'description', 'descriptionText', 'jobDescription');
    const description = rawDescription && /<[a-z][^>]*>/i.test(rawDescription) ? htmlToText(rawDescription) : rawDescription;
    const salaryText = pick(item, 'salary', 'salaryText', 'salaryRange');
    const salary = parseSalary(salaryText);
    const location = clip(pick(item, 'location', 'jobLocation', 'place'), 200);
    const type = pick(item, 'jobType', 'employmentType', 'contractType');
    postings.push({
      source: pick(item, 'source', 'platform')?.toLowerCase().slice(0, 40) ?? 'apify',
      title: title.slice(0, 300),
      company: company.slice(0, 200),
      location,
      description: clip(description, 20_000),
      url: httpUrl(item.url ?? item.jobUrl ?? item.link ?? item.applyUrl),
      jobType: jobTypeOf(type),
      workArrangement: workArrangementOf(pick(item, 'workType', 'workplaceType', 'remote'), location, title),
      salaryMin: number(item.salaryMin) ?? salary.min,
      salaryMax: number(item.salaryMax) ?? salary.max,
      experienceLevel: experienceLevelOf(title),
    });
  }
  return postings;
}

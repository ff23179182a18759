/**
 * Lever Postings API (keyless; EU host api.eu.lever.co): GET {base}/v0/postings/{site}?mode=json
 * answers a top-level array of postings.
 */
import * as v from 'valibot';
import { fetchExternal, parseJson } from '../http';
import { clip, experienceLevelOf, htmlToText, httpUrl, jobTypeOf, parseSalary, workArrangementOf, yearly, type Posting } from './normalise';

const LeverPosting = v.object({
  id: v.string(),
  text: v.string(),
  hostedUrl: v.optional(v.nullable(v.string())),
  descriptionPlain: v.optional(v.nullable(v.string())),
  description: v.optional(v.nullable(v.string())),
  additionalPlain: v.optional(v.nullable(v.string())),
  lists: v.optional(
    v.nullable(v.array(v.object({ text: v.optional(v.nullable(v.string())), content: v.optional(v.nullable(v.string())) }))),
  ),
  workplaceType: v.optional(v.nullable(v.string())),
  categories: v.optional(
    v.nullable(
      v.object({
        location: v.optional(v.nullable(v.string())),
        commitment: v.optional(v.nullable(v.string())),
        team: v.optional(v.nullable(v.string())),
      }),
    ),
  ),
  salaryRange: v.optional(
    v.nullable(
      v.object({
        min: v.optional(v.nullable(v.number())),
        max: v.optional(v.nullable(v.number())),
        interval: v.optional(v.nullable(v.string())),
      }),
    ),
  ),
});

const WORKPLACE: Record<string, Posting['workArrangement']> = {
  remote: 'remote',
  hybrid: 'hybrid',
  'on-site': 'on-site',
  onsite: 'on-site',
};

export async function fetchLever(base: string, site: string, timeoutMs: number): Promise<Posting[]> {
  const answer = await fetchExternal(
    `${base}/v0/postings/${encodeURIComponent(site)}?mode=json`,
    { headers: { Accept: 'application/json' } },
    timeoutMs,
  );
  if (answer.status !== 200) throw new Error(`Lever site "${site}" answered HTTP ${answer.status}`);
  const data = parseJson(answer.text);
  if (!Array.isArray(data)) throw new Error(`Lever site "${site}" answered an unexpected shape`);
  const postings: Posting[] = [];
  for (const item of data) {
    const parsed = v.safeParse(LeverPosting, item);
    if (!parsed.success || !parsed.output.text.trim()) continue;
    const p = parsed.output;
    const lists = (p.lists ?? []).map((l) => `${l.text ?? ''}\n${htmlToText(l.content ?? '')}`).join('\n\n');
    const description = [p.descriptionPlain ?? (p.description ? htmlToText(p.description) : ''), lists, p.additionalPlain ?? '']
      .filter(Boolean)
      .join('\n\n');
    const fromText = parseSalary(description);
    const location = clip(p.categories?.location, 200);
    postings.push({
      source: 'lever',
      title: p.text.trim().slice(0, 300),
      company: site,
      location,
      description: clip(description, 20_000),
      url: httpUrl(p.hostedUrl),
      jobType: jobTypeOf(p.categories?.commitment),
      workArrangement: WORKPLACE[(p.workplaceType ?? '').toLowerCase()] ?? workArrangementOf(location, p.text),
      salaryMin: yearly(p.salaryRange?.min, p.salaryRange?.interval) ?? fromText.min,
      salaryMax: yearly(p.salaryRange?.max, p.salaryRange?.interval) ?? fromText.max,
      experienceLevel: experienceLevelOf(p.text),
    });
  }
  return postings;
}

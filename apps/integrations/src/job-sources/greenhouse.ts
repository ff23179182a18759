/**
 * Greenhouse Job Board API (keyless): GET {base}/v1/boards/{board}/jobs?content=true answers
 * one object {jobs: [...], meta: {total}}; each job's `content` is entity-encoded HTML.
 */
import * as v from 'valibot';
import { fetchExternal, parseJson } from '../http';
import { clip, experienceLevelOf, htmlToText, httpUrl, jobTypeOf, parseSalary, workArrangementOf, type Posting } from './normalise';

const GreenhouseJob = v.object({
  id: v.union([v.number(), v.string()]),
  title: v.string(),
  absolute_url: v.optional(v.nullable(v.string())),
  company_name: v.optional(v.nullable(v.string())),
  location: v.optional(v.nullable(v.object({ name: v.optional(v.nullable(v.string())) }))),
  content: v.optional(v.nullable(v.string())),
  metadata: v.optional(v.nullable(v.array(v.object({ name: v.optional(v.nullable(v.string())), value: v.optional(v.unknown()) })))),
});
const GreenhouseAnswer = v.object({ jobs: v.array(v.unknown()) });

export async function fetchGreenhouse(base: string, board: string, timeoutMs: number): Promise<Posting[]> {
  const answer = await fetchExternal(
    `${base}/v1/boards/${encodeURIComponent(board)}/jobs?content=true`,
    { headers: { Accept: 'application/json' } },
    timeoutMs,
  );
  if (answer.status !== 200) throw new Error(`Greenhouse board "${board}" answered HTTP ${answer.status}`);
  const parsed = v.safeParse(GreenhouseAnswer, parseJson(answer.text));
  if (!parsed.success) throw new Error(`Greenhouse board "${board}" answered an unexpected shape`);
  const postings: Posting[] = [];
  for (const item of parsed.output.jobs) {
    const job = v.safeParse(GreenhouseJob, item);
    if (!job.success || !job.output.title.trim()) continue; // one odd posting does not sink the board
    const j = job.output;
    const description = j.content ? htmlToText(htmlToText(j.content)) : null; // entity-encoded HTML: decode, then strip
    const metaText = (j.metadata ?? []).map((m) => `${m.name ?? ''}: ${typeof m.value === 'string' ? m.value : ''}`).join('\n');
    const salary = parseSalary(`${metaText}\n${description ?? ''}`);
    const location = clip(j.location?.name, 200);
    postings.push({
      source: 'greenhouse',
      title: j.title.trim().slice(0, 300),
      company: clip(j.company_name, 200) ?? board,
      location,
      description: clip(description, 20_000),
      url: httpUrl(j.absolute_url),
      jobType: jobTypeOf(metaText) ?? jobTypeOf(description),
      workArrangement: workArrangementOf(location, j.title, metaText),
      salaryMin: salary.min,
      salaryMax: salary.max,
      experienceLevel: experienceLevelOf(j.title),
    });
  }
  return postings;
}

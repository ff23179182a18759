/** POST /api/jobs/search: semantic and hybrid ranking, per-result scores, incremental index, user isolation. */
import { env } from 'cloudflare:test';
import { jobs, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { BACKEND_JOB, UNRELATED_JOB, callJson, createJob, newUser } from './helpers';

const search = (userId: string, body: unknown, status = 200) => callJson('/api/jobs/search', status, { userId, body });

describe('POST /api/jobs/search', () => {
  it('hybrid ranks the job containing the query words first, with per-result scores', async () => {
    const user = newUser();
    const pastry = await createJob(user, UNRELATED_JOB);
    const backend = await createJob(user, BACKEND_JOB);
    await createJob(user, {
      title: 'Data Analyst',
      company: 'Numbers Inc',
      description: 'Dashboards in Tableau and Excel.',
      requiredSkills: ['Excel'],
    });
    const res = await search(user, { query: 'TypeScript Cloudflare Workers', searchType: 'hybrid', limit: 5 });
    expect(res).toMatchObject({ searchType: 'hybrid', provider: 'local', embeddingModel: 'local-hash-ngram-768-v1' });
    expect(res.jobs[0].id).toBe(backend);
    expect(res.resultCount).toBe(res.jobs.length);
    const top = res.scores[0];
    expect(top.jobId).toBe(backend);
    expect(top.keywordScore).toBe(1);
    expect(top.combinedScore).toBeCloseTo(0.7 * top.semanticScore + 0.3 * top.keywordScore, 3);
    for (const s of res.scores) for (const k of ['keywordScore', 'semanticScore', 'combinedScore']) expect(typeof s[k]).toBe('number');
    const pastryScore = res.scores.find((s: any) => s.jobId === pastry);
    if (pastryScore) expect(pastryScore.combinedScore).toBeLessThan(top.combinedScore);
    expect(res.jobs[0]).toMatchObject({ title: BACKEND_JOB.title, required_skills: BACKEND_JOB.requiredSkills });
  });

  it('semantic search finds a synonym (k8s → Kubernetes) and indexes only new or changed jobs', async () => {
    const user = newUser();
    const k8s = await createJob(user, {
      title: 'Platform Engineer',
      company: 'Harbor',
      description: 'Operate Kubernetes clusters and Helm charts.',
      requiredSkills: ['Kubernetes'],
    });
    await createJob(user, UNRELATED_JOB);
    const first = await search(user, { query: 'k8s', searchType: 'semantic' });
    expect(first.indexed).toBe(2);
    expect(first.jobs[0].id).toBe(k8s);
    expect((await search(user, { query: 'k8s' })).indexed).toBe(0);
    await jobs.updateJob(soleShardDb(env), user, k8s, { description: 'Operate Kubernetes clusters, Helm charts and Terraform.' });
    expect((await search(user, { query: 'terraform' })).indexed).toBe(1);
    // A change that leaves the embedded text as it was re-embeds nothing.
    await jobs.updateJob(soleShardDb(env), user, k8s, { isSaved: true });
    expect((await search(user, { query: 'terraform' })).indexed).toBe(0);
  });

  it("never returns another user's jobs, even for their exact words", async () => {
    const owner = newUser();
    const other = newUser();
    await createJob(owner, { ...BACKEND_JOB, title: 'Quokka Wrangler', description: 'Quokka wrangling with TypeScript.' });
    await createJob(other, UNRELATED_JOB);
    for (const searchType of ['semantic', 'hybrid']) {
      const res = await search(other, { query: 'Quokka Wrangler TypeScript', searchType });
      expect(res.jobs.every((j: any) => j.title !== 'Quokka Wrangler')).toBe(true);
      expect(res.jobs.every((j: any) => j.company === UNRELATED_JOB.company)).toBe(true);
    }
    const empty = await search(newUser(), { query: 'Quokka', searchType: 'hybrid' });
    expect(empty).toMatchObject({ jobs: [], resultCount: 0, scores: [] });
  });

  it('validates the body', async () => {
    const user = newUser();
    expect((await search(user, { query: '' }, 400)).code).toBe('VALIDATION_ERROR');
    expect((await search(user, { query: 'x', limit: 51 }, 400)).details.issues[0].path).toBe('limit');
    expect((await search(user, { query: 'x', searchType: 'fuzzy' }, 400)).code).toBe('VALIDATION_ERROR');
  });
});

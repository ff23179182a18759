/**
 * ai routes through the gateway (the built ai bundle behind the AI binding, local provider):
 * each ai write stamps the API-cache families it changes, so a cached GET is never served stale
 * after it — analyze writes jobs.match_score (family jobs), generate stores an application
 * (family applications).
 */
import { describe, expect, it } from 'vitest';
import { asUser, gateway, newUser, type Json } from './helpers';

async function seedUser(user: string) {
  expect(
    (
      await asUser(user, '/api/profile', {
        method: 'PATCH',
        json: { first_name: 'Ada', last_name: 'Lovelace', current_title: 'Senior Software Engineer' },
      })
    ).status,
  ).toBe(200);
  expect(
    (await asUser(user, '/api/skills/batch', { method: 'POST', json: { skills: [{ name: 'TypeScript' }, { name: 'SQL' }] } })).status,
  ).toBe(200);
  const job = await asUser(user, '/api/jobs', {
    method: 'POST',
    json: {
      title: 'Backend Engineer',
      company: 'Edgeworks',
      description: 'TypeScript on Cloudflare Workers',
      requiredSkills: ['TypeScript', 'SQL'],
    },
  });
  expect(job.status).toBe(201);
  return ((await job.json()) as Json).id as string;
}

describe('ai routes through the gateway', () => {
  it('analyze invalidates a cached job read: the new match_score shows at once', async () => {
    const user = newUser();
    const jobId = await seedUser(user);
    await asUser(user, `/api/jobs/${jobId}`);
    const cached = await asUser(user, `/api/jobs/${jobId}`);
    expect(cached.headers.get('X-Cache')).toBe('HIT');
    expect(((await cached.json()) as Json).match_score).toBeNull();

    const analyzed = await asUser(user, `/api/jobs/${jobId}/analyze`, { method: 'POST' });
    expect(analyzed.status).toBe(200);
    const analysis = (await analyzed.json()) as Json;
    expect(analysis).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1', cacheSource: 'generated' });

    const after = await asUser(user, `/api/jobs/${jobId}`);
    expect(after.headers.get('X-Cache')).toBe('MISS');
    expect(((await after.json()) as Json).match_score).toBe(analysis.overallScore);
    const list = await asUser(user, '/api/jobs');
    expect(((await list.json()) as Json).jobs[0].match_score).toBe(analysis.overallScore);
  });

  it('generate invalidates the cached application list', async () => {
    const user = newUser();
    const jobId = await seedUser(user);
    await asUser(user, '/api/applications');
    const cached = await asUser(user, '/api/applications');
    expect(cached.headers.get('X-Cache')).toBe('HIT');
    expect(((await cached.json()) as Json).total).toBe(0);

    const generated = await asUser(user, '/api/applications/generate', { method: 'POST', json: { jobId } });
    expect(generated.status).toBe(201);
    const app = (await generated.json()) as Json;
    expect(app.variants).toHaveLength(3);

    const after = await asUser(user, '/api/applications');
    expect(after.headers.get('X-Cache')).toBe('MISS');
    const body = (await after.json()) as Json;
    expect(body.applications.map((a: Json) => a.id)).toEqual([app.id]);
    expect(body.applications[0].variants[0].resume.experience).toEqual([]);
  });

  it('search and supported-formats answer through the gateway', async () => {
    const user = newUser();
    const jobId = await seedUser(user);
    const res = await asUser(user, '/api/jobs/search', { method: 'POST', json: { query: 'typescript workers', searchType: 'hybrid' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).jobs[0].id).toBe(jobId);
    const formats = await gateway('/api/resume/supported-formats');
    expect(formats.status).toBe(200);
    expect(((await formats.json()) as Json).supported.length).toBeGreaterThanOrEqual(3);
  });
});

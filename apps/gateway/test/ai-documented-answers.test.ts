/**
 * The documented answers of every ai route, checked on real answers through the gateway (the
 * built ai bundle behind the AI binding, offline: the local provider answers). Each route is
 * called once with data that fills its answer in (a profile, a saved job, an uploaded resume),
 * and its body is checked against /api/openapi.json — alternative statuses too (422s).
 */
import { describe, expect, it } from 'vitest';
import { gateway, newUser, type Json } from './helpers';
import { expectDocumentedShape, openApiDocument } from './openapi-shapes';
import { uploadForm } from './route-cases/files';
import { userApi, type UserApi } from './route-cases/types';

const POSTING = [
  'Senior Backend Engineer',
  'Company: Edgeworks',
  'Location: Berlin, Germany (hybrid)',
  'We build TypeScript services on Cloudflare Workers. Requirements: TypeScript, SQL, 5+ years.',
  'Nice to have: Rust. Salary: $120,000 - $150,000.',
].join('\n');

const RESUME = [
  'Ada Lovelace',
  'ada@example.test | +44 20 7946 0000 | London',
  '',
  'Experience',
  'Senior Software Engineer — Analytical Engines Ltd',
  'Jan 2020 – Present',
  '- Built the difference engine scheduler in TypeScript',
  '',
  'Education',
  'BSc Mathematics — University of London, 2015',
  '',
  'Skills',
  'TypeScript, SQL, Cloudflare Workers',
].join('\n');

async function withProfileAndJob(owner: UserApi): Promise<string> {
  await owner.json('PATCH', '/api/profile', { first_name: 'Ada', last_name: 'Lovelace', current_title: 'Senior Software Engineer' }, 200);
  await owner.json('POST', '/api/skills/batch', { skills: [{ name: 'TypeScript' }, { name: 'SQL' }] }, 200);
  await owner.json(
    'POST',
    '/api/profile/work-experience',
    { title: 'Engineer', company: 'Analytical Engines', start_date: '2020-01', accomplishments: ['Shipped it'] },
    201,
  );
  const { id } = await owner.json(
    'POST',
    '/api/jobs',
    {
      title: 'Backend Engineer',
      company: 'Edgeworks',
      description: 'TypeScript on Cloudflare Workers',
      requiredSkills: ['TypeScript', 'SQL'],
    },
    201,
  );
  return id as string;
}

describe('documented answers of the ai routes', () => {
  it('jobs: parse, search, analyze', async () => {
    const owner = userApi(newUser());
    const jobId = await withProfileAndJob(owner);

    const parsed = await owner.json('POST', '/api/jobs/parse', { text: POSTING }, 200);
    expect(parsed.job.company).toBe('Edgeworks');
    expect(parsed.metadata).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1' });
    await expectDocumentedShape('POST /api/jobs/parse', 200, parsed);

    const found = await owner.json('POST', '/api/jobs/search', { query: 'typescript workers', searchType: 'hybrid' }, 200);
    expect(found.jobs.map((j: Json) => j.id)).toEqual([jobId]);
    expect(found.scores[0].jobId).toBe(jobId);
    await expectDocumentedShape('POST /api/jobs/search', 200, found);

    const analysis = await owner.json('POST', `/api/jobs/${jobId}/analyze`, undefined, 200);
    expect(analysis).toMatchObject({ cacheSource: 'generated', cached: false });
    expect(typeof analysis.overallScore).toBe('number');
    await expectDocumentedShape('POST /api/jobs/:id/analyze', 200, analysis);
    const again = await owner.json('POST', `/api/jobs/${jobId}/analyze`, undefined, 200);
    expect(again.cached).toBe(true);
    await expectDocumentedShape('POST /api/jobs/:id/analyze', 200, again);
  });

  it('applications/generate: 201, and 422 PROFILE_INCOMPLETE on an empty profile', async () => {
    const owner = userApi(newUser());
    const jobId = await withProfileAndJob(owner);
    const generated = await owner.json('POST', '/api/applications/generate', { jobId }, 201);
    expect(generated.variants).toHaveLength(3);
    expect(generated.selectedVariantId).toBe(generated.variants[0].id);
    await expectDocumentedShape('POST /api/applications/generate', 201, generated);

    const empty = userApi(newUser());
    const { id: bareJob } = await empty.json('POST', '/api/jobs', { title: 'Backend Engineer', company: 'Edgeworks' }, 201);
    const refused = await empty.json('POST', '/api/applications/generate', { jobId: bareJob }, 422);
    expect(refused.code).toBe('PROFILE_INCOMPLETE');
    await expectDocumentedShape('POST /api/applications/generate', 422, refused);
  });

  it('resume: parse (200 and 422), supported-formats, analyze-gaps', async () => {
    const owner = userApi(newUser());
    const { key } = await owner.json('POST', '/api/files/upload', uploadForm('resumes', RESUME, 'cv.txt', 'text/plain'), 201);
    const resume = await owner.json('POST', '/api/resume/parse', { storagePath: key }, 200);
    expect(resume.profile.email).toBe('ada@example.test');
    expect(resume.metadata).toMatchObject({ format: 'text', provider: 'local' });
    await expectDocumentedShape('POST /api/resume/parse', 200, resume);

    const { key: blankKey } = await owner.json(
      'POST',
      '/api/files/upload',
      uploadForm('resumes', 'too short', 'blank.txt', 'text/plain'),
      201,
    );
    const unreadable = await owner.json('POST', '/api/resume/parse', { storagePath: blankKey }, 422);
    expect(unreadable.code).toBe('NO_TEXT_FOUND');
    await expectDocumentedShape('POST /api/resume/parse', 422, unreadable);

    const formats = await gateway('/api/resume/supported-formats');
    expect(formats.status).toBe(200);
    const supported = (await formats.json()) as Json;
    expect(supported.supported.map((f: Json) => f.format)).toEqual(expect.arrayContaining(['pdf', 'docx', 'text']));
    await expectDocumentedShape('GET /api/resume/supported-formats', 200, supported);

    const gaps = await owner.json(
      'POST',
      '/api/resume/analyze-gaps',
      {
        profile: { firstName: 'Ada', lastName: 'Lovelace' },
        workExperience: [
          { company: 'Analytical Engines', position: 'Engineer', startDate: '2015-01', endDate: '2016-01' },
          { company: 'Edgeworks', position: 'Senior Engineer', startDate: '2019-06', endDate: null, current: true },
        ],
        skills: ['TypeScript'],
      },
      200,
    );
    expect(gaps.provider).toBe('local');
    expect(Array.isArray(gaps.identified_gaps_and_flags)).toBe(true);
    await expectDocumentedShape('POST /api/resume/analyze-gaps', 200, gaps);
  });

  it('analytics: workers-ai, cache, models, cost-savings after measured calls', async () => {
    const owner = userApi(newUser());
    const jobId = await withProfileAndJob(owner);
    // A generated analysis, then one from cache: calls and cache hits to report.
    await owner.json('POST', `/api/jobs/${jobId}/analyze`, undefined, 200);
    await owner.json('POST', `/api/jobs/${jobId}/analyze`, undefined, 200);

    const workersAi = await owner.json('GET', '/api/analytics/workers-ai?days=7', undefined, 200);
    expect(workersAi.data.periodDays).toBe(7);
    // Offline the local provider answered: no Workers AI model calls, one local one at least.
    expect(workersAi.data.workersAi).toEqual([]);
    expect(workersAi.data.providers.local.calls).toBeGreaterThanOrEqual(1);
    await expectDocumentedShape('GET /api/analytics/workers-ai', 200, workersAi);

    const cache = await owner.json('GET', '/api/analytics/cache', undefined, 200);
    expect(cache.data.caches.job_analysis_kv.hits).toBeGreaterThanOrEqual(1);
    await expectDocumentedShape('GET /api/analytics/cache', 200, cache);

    const models = await owner.json('GET', '/api/analytics/models', undefined, 200);
    expect(models.data.models.length).toBeGreaterThanOrEqual(1);
    await expectDocumentedShape('GET /api/analytics/models', 200, models);

    const savings = await owner.json('GET', '/api/analytics/cost-savings', undefined, 200);
    expect(savings.data.cacheHits).toBeGreaterThanOrEqual(1);
    await expectDocumentedShape('GET /api/analytics/cost-savings', 200, savings);
  });

  it('documents the alternative answers, and the shape check refuses an answer missing documented fields', async () => {
    const paths = (await openApiDocument()).paths;
    expect(Object.keys(paths['/api/applications/generate'].post.responses)).toEqual(expect.arrayContaining(['201', '422']));
    expect(Object.keys(paths['/api/resume/parse'].post.responses)).toEqual(expect.arrayContaining(['200', '422', '503']));
    await expect(expectDocumentedShape('POST /api/jobs/parse', 200, { job: { title: 'x' } })).rejects.toThrow(/documented shape/);
    await expect(
      expectDocumentedShape('GET /api/analytics/models', 200, { success: true, data: { periodDays: 30 }, timestamp: 'now' }),
    ).rejects.toThrow(/documented shape/);
  });
});

import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

/** A variant in the editor's shape (application-generator/types.ts ApplicationVariant). */
const editorVariant = (id: string, name: string, extra: Json = {}) => ({
  id,
  name,
  coverLetter: 'Dear team,\n\nI would like to apply.',
  aiRationale: ['Leads with results', 'Mirrors the posting'],
  resume: {
    summary: 'Backend engineer who ships.',
    experience: [
      {
        title: 'Engineer',
        company: 'Edgeworks',
        location: 'Remote',
        startDate: '2021-03-01',
        endDate: 'Present',
        bullets: ['Cut p99 by 40%'],
      },
    ],
    skills: ['TypeScript', 'SQL'],
    education: [{ degree: 'BSc Computer Science', school: 'TU Berlin', location: 'Berlin', graduation: '2019-07-01', focus: 'Databases' }],
  },
  ...extra,
});
const variants = [editorVariant('v-impact', 'Impact-Focused'), editorVariant('v-keywords', 'Keyword-Optimized')];

async function createJob(userId: string): Promise<string> {
  const res = await call('/api/jobs', { method: 'POST', userId, body: { title: 'Backend Engineer', company: 'Acme' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}
async function createApplication(userId: string, body: Json = {}): Promise<Json> {
  const res = await call('/api/applications', { method: 'POST', userId, body: { jobTitle: 'Backend Engineer', company: 'Acme', ...body } });
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}
const getJson = async (path: string, userId: string) => {
  const res = await call(path, { userId });
  return { status: res.status, body: (await res.json()) as Json, cacheable: res.headers.get('x-jobmatch-cacheable') };
};

describe('/api/applications', () => {
  it("takes useApplications' POST/PATCH bodies and answers variants the editor can open", async () => {
    const user = newUser();
    // addApplication: {jobId: data.jobId || null, jobTitle, company, status, selectedVariantId, variants}.
    const created = await createApplication(user, { jobId: null, status: 'draft', selectedVariantId: 'v-impact', variants });
    const read = (await getJson(`/api/applications/${created.id}`, user)).body;
    for (const variant of read.variants) {
      expect(typeof variant.coverLetter).toBe('string');
      expect(Array.isArray(variant.aiRationale)).toBe(true);
      expect(typeof variant.resume.summary).toBe('string');
      for (const list of ['experience', 'skills', 'education']) expect(Array.isArray(variant.resume[list]), list).toBe(true);
      for (const job of variant.resume.experience) expect(Array.isArray(job.bullets)).toBe(true);
    }
    // The editor's save: PATCH {variants} with an edited cover letter, then the selection.
    const edited = variants.map((x) => (x.id === 'v-impact' ? { ...x, coverLetter: 'Edited letter' } : x));
    const saved = await call(`/api/applications/${created.id}`, { method: 'PATCH', userId: user, body: { variants: edited } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as Json).variants[0].coverLetter).toBe('Edited letter');
    const selected = await call(`/api/applications/${created.id}`, {
      method: 'PATCH',
      userId: user,
      body: { selectedVariantId: 'v-keywords' },
    });
    expect(((await selected.json()) as Json).selected_variant_id).toBe('v-keywords');
  });

  it('creates an application for a brand-new user and returns it in the contract shape', async () => {
    const user = newUser();
    const job = await createJob(user);
    const created = await createApplication(user, { jobId: job, variants, selectedVariantId: 'v-keywords' });
    expect(created).toEqual({
      id: expect.any(String),
      job_id: job,
      job_title: 'Backend Engineer',
      company: 'Acme',
      status: 'draft',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      submitted_at: null,
      selected_variant_id: 'v-keywords',
      variants,
    });
    const read = await getJson(`/api/applications/${created.id}`, user);
    expect(read).toEqual({ status: 200, body: created, cacheable: '1' });

    const fresh = newUser();
    const bare = await createApplication(fresh);
    expect(bare).toMatchObject({ job_id: null, variants: [], selected_variant_id: null, status: 'draft' });
  });

  it('sets submitted_at when the status becomes submitted, and keeps the first time', async () => {
    const user = newUser();
    const app = await createApplication(user);
    const patch = (body: Json) => call(`/api/applications/${app.id}`, { method: 'PATCH', userId: user, body });
    const submitted = (await (await patch({ status: 'submitted' })).json()) as Json;
    expect(submitted.status).toBe('submitted');
    expect(new Date(submitted.submitted_at).toISOString()).toBe(submitted.submitted_at);
    const interviewing = (await (await patch({ status: 'interviewing' })).json()) as Json;
    expect(interviewing).toMatchObject({ status: 'interviewing', submitted_at: submitted.submitted_at });
    const again = (await (await patch({ status: 'submitted' })).json()) as Json;
    expect(again.submitted_at).toBe(submitted.submitted_at);

    const direct = await createApplication(user, { status: 'submitted' });
    expect(direct.submitted_at).toBe(direct.created_at);
  });

  it('updates the selection and the variants together, and checks the selection names a variant', async () => {
    const user = newUser();
    const app = await createApplication(user, { variants, selectedVariantId: 'v-impact' });
    const patch = (body: Json) => call(`/api/applications/${app.id}`, { method: 'PATCH', userId: user, body });
    const res = await patch({ selectedVariantId: 'v-keywords' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).selected_variant_id).toBe('v-keywords');

    const unknown = await patch({ selectedVariantId: 'v-nope' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).details.issues[0].path).toBe('selectedVariantId');
    // Replacing the variants must not leave the stored selection dangling.
    expect((await patch({ variants: [editorVariant('v-new', 'New')] })).status).toBe(400);
    const replaced = await patch({ variants: [editorVariant('v-new', 'New')], selectedVariantId: 'v-new' });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ selected_variant_id: 'v-new', variants: [editorVariant('v-new', 'New')] });
    expect((await patch({ selectedVariantId: null })).status).toBe(200);
  });

  it('lists newest first with a status filter and pagination', async () => {
    const user = newUser();
    const a = await createApplication(user, { jobTitle: 'A' });
    const b = await createApplication(user, { jobTitle: 'B', status: 'submitted' });
    const c = await createApplication(user, { jobTitle: 'C' });
    const all = await getJson('/api/applications', user);
    expect(all.cacheable).toBe('1');
    expect(all.body).toMatchObject({ total: 3, page: 1, limit: 20, hasMore: false });
    expect(new Set(all.body.applications.map((x: Json) => x.id))).toEqual(new Set([a.id, b.id, c.id]));
    const drafts = await getJson('/api/applications?status=draft', user);
    expect(drafts.body.applications.map((x: Json) => x.id).sort()).toEqual([a.id, c.id].sort());
    const submitted = await getJson('/api/applications?status=submitted', user);
    expect(submitted.body).toMatchObject({ total: 1, applications: [{ id: b.id, job_title: 'B' }] });
    expect((await getJson('/api/applications?status=', user)).body.total).toBe(3);

    const p1 = await getJson('/api/applications?limit=2&page=1', user);
    const p2 = await getJson('/api/applications?limit=2&page=2', user);
    expect(p1.body).toMatchObject({ total: 3, hasMore: true, page: 1, limit: 2 });
    expect(p2.body).toMatchObject({ total: 3, hasMore: false, page: 2 });
    const ids = [...p1.body.applications, ...p2.body.applications].map((x: Json) => x.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('filters by job, and keeps an application (job_id null) when its job is deleted', async () => {
    const user = newUser();
    const job = await createJob(user);
    const linked = await createApplication(user, { jobId: job });
    await createApplication(user);
    const byJob = await getJson(`/api/applications?jobId=${job}`, user);
    expect(byJob.body.applications.map((x: Json) => x.id)).toEqual([linked.id]);
    expect((await call(`/api/jobs/${job}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const after = await getJson(`/api/applications/${linked.id}`, user);
    expect(after.body).toMatchObject({ id: linked.id, job_id: null, job_title: 'Backend Engineer' });
  });

  it('deletes: 204, then 404', async () => {
    const user = newUser();
    const app = await createApplication(user);
    expect((await call(`/api/applications/${app.id}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await call(`/api/applications/${app.id}`, { method: 'DELETE', userId: user })).status).toBe(404);
    expect((await getJson(`/api/applications/${app.id}`, user)).status).toBe(404);
  });

  it('rejects invalid bodies and queries with VALIDATION_ERROR and issues, writing nothing', async () => {
    const user = newUser();
    const bodies: unknown[] = [
      {},
      { company: 'Acme' },
      { jobTitle: '   ', company: 'Acme' },
      { jobTitle: 'x'.repeat(301), company: 'Acme' },
      { jobTitle: 'T', company: 'Acme', status: 'hired' },
      { jobTitle: 'T', company: 'Acme', variants: 'not an array' },
      { jobTitle: 'T', company: 'Acme', variants: [{ ...editorVariant('a', 'A'), id: undefined }] },
      { jobTitle: 'T', company: 'Acme', variants: [editorVariant('a', 'A'), editorVariant('a', 'B')] },
      { jobTitle: 'T', company: 'Acme', variants: Array.from({ length: 11 }, (_, i) => editorVariant(`v${i}`, 'V')) },
      {
        jobTitle: 'T',
        company: 'Acme',
        variants: Array.from({ length: 5 }, (_, i) => editorVariant(`v${i}`, 'V', { coverLetter: 'x'.repeat(45_000) })),
      },
      { jobTitle: 'T', company: 'Acme', variants: [editorVariant('a', 'A', { coverLetter: 'x'.repeat(50_001) })] },
      // What crashed the editor: a variant without the arrays it maps over.
      { jobTitle: 'T', company: 'Acme', variants: [{ id: 'a', name: 'A', coverLetter: 'c', resume: { summary: 's' } }] },
      { jobTitle: 'T', company: 'Acme', variants: [editorVariant('a', 'A', { aiRationale: 'one string' })] },
      {
        jobTitle: 'T',
        company: 'Acme',
        variants: [editorVariant('a', 'A', { resume: { ...editorVariant('a', 'A').resume, experience: [{ title: 'T' }] } })],
      },
      { jobTitle: 'T', company: 'Acme', jobtitle: 'misspelt key' },
      { jobTitle: 'T', company: 'Acme', selectedVariantId: 'nothing-to-select' },
    ];
    for (const body of bodies) {
      const res = await call('/api/applications', { method: 'POST', userId: user, body });
      const err = (await res.json()) as Json;
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    for (const q of ['limit=0', 'limit=101', 'page=0', 'status=hired', `jobId=${'x'.repeat(101)}`]) {
      expect((await call(`/api/applications?${q}`, { userId: user })).status, q).toBe(400);
    }
    const app = await createApplication(user);
    for (const body of [{}, { status: 'hired' }, { jobTitle: 'not patchable' }, { variants: {} }]) {
      const res = await call(`/api/applications/${app.id}`, { method: 'PATCH', userId: user, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await getJson('/api/applications', user)).body.total).toBe(1);
  });

  it("answers 404 for a missing application and for a job that is not the caller's", async () => {
    const user = newUser();
    const missing = crypto.randomUUID();
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await call(`/api/applications/${missing}`, {
        method,
        userId: user,
        body: method === 'PATCH' ? { status: 'submitted' } : undefined,
      });
      expect(res.status, method).toBe(404);
      expect(((await res.json()) as Json).code).toBe('NOT_FOUND');
    }
    const otherJob = await createJob(newUser());
    const res = await call('/api/applications', { method: 'POST', userId: user, body: { jobId: otherJob, jobTitle: 'T', company: 'C' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).message).toBe('Job not found');
    expect((await getJson('/api/applications', user)).body.total).toBe(0);
  });

  it("answers 404 for another user's application and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    const app = await createApplication(owner, { variants, selectedVariantId: 'v-impact' });
    expect((await getJson(`/api/applications/${app.id}`, intruder)).status).toBe(404);
    const patch = await call(`/api/applications/${app.id}`, { method: 'PATCH', userId: intruder, body: { status: 'withdrawn' } });
    expect(patch.status).toBe(404);
    expect((await call(`/api/applications/${app.id}`, { method: 'DELETE', userId: intruder })).status).toBe(404);
    expect((await getJson(`/api/applications/${app.id}`, owner)).body).toEqual(app);
    expect((await getJson('/api/applications', intruder)).body.total).toBe(0);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const jobTitle = "Robert'); DROP TABLE applications;-- 🚀 Ingénieur 東京";
    const company = '"; SELECT * FROM users; -- Ünïcödé ❤️';
    const v = [editorVariant("x' OR '1'='1", '名前', { coverLetter: 'Sehr geehrte Damen und Herren, \u202e reversed' })];
    const app = await createApplication(user, { jobTitle, company, variants: v, selectedVariantId: "x' OR '1'='1" });
    const read = (await getJson(`/api/applications/${app.id}`, user)).body;
    expect(read).toMatchObject({ job_title: jobTitle, company, variants: v, selected_variant_id: "x' OR '1'='1" });
  });
});

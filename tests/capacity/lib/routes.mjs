/**
 * D1 rows read and written per request, per route family, measured on a user's real data:
 * each route is called through the harness (signed as the gateway signs it) and D1's own meta
 * is summed over every statement it ran, waitUntil work included. Write routes that consume
 * what they touch (DELETE, archive) get a fresh entity made just before them (not measured).
 * `perDay` is the assumed daily route mix of one active user (see model.mjs).
 */
const JOB = {
  title: 'Staff Engineer',
  company: 'Edgeworks',
  location: 'Remote',
  description: 'Run TypeScript services on Workers with D1 and KV. '.repeat(60),
  requiredSkills: ['TypeScript', 'SQL', 'Cloudflare Workers'],
};
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0';
const PDF = { name: 'cv.pdf', type: 'application/pdf', text: '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n' };

/** Entities a route needs, created for the measured user (each returns its id). */
const MAKE = {
  job: async (c) => (await c.ok({ service: 'core', method: 'POST', path: '/api/jobs', body: JOB }, 201)).id,
  // Generated (3 variants with content), so the export routes have something to render.
  application: async (c) =>
    (await c.ok({ service: 'ai', method: 'POST', path: '/api/applications/generate', body: { jobId: c.jobId } }, 201)).id,
  tracked: async (c) =>
    (
      await c.ok(
        { service: 'core', method: 'POST', path: '/api/tracked-applications', body: { company: 'Edgeworks', jobTitle: 'Staff Engineer' } },
        201,
      )
    ).id,
  file: async (c) =>
    (await c.ok({ service: 'core', method: 'POST', path: '/api/files/upload', form: { bucket: 'resumes', file: PDF } }, 201)).fullPath,
};

const core = (method, path, body, extra = {}) => ({ service: 'core', method, path, body, ...extra });

/** [family, route, build(ctx, made) → spec, expected status, requests per active user per day, fresh entity] */
export const ROUTES = [
  ['jobs', 'GET /api/jobs', () => core('GET', '/api/jobs'), 200, 10],
  ['jobs', 'GET /api/jobs/:id', (c) => core('GET', `/api/jobs/${c.jobId}`), 200, 8],
  ['jobs', 'POST /api/jobs', () => core('POST', '/api/jobs', JOB), 201, 3],
  ['jobs', 'PATCH /api/jobs/:id', (c) => core('PATCH', `/api/jobs/${c.jobId}`, { isSaved: true }), 200, 2],
  ['jobs', 'DELETE /api/jobs/:id', (_c, id) => core('DELETE', `/api/jobs/${id}`), 204, 1, 'job'],
  ['jobs', 'POST /api/jobs/:id/feedback', (c) => core('POST', `/api/jobs/${c.jobId}/feedback`, { feedbackType: 'thumbs_up' }), 200, 1],
  ['jobs', 'GET /api/jobs/:id/duplicates', (c) => core('GET', `/api/jobs/${c.jobId}/duplicates`), 200, 0.5],
  [
    'ai',
    'POST /api/jobs/:id/analyze (new)',
    (_c, id) => ({ service: 'ai', method: 'POST', path: `/api/jobs/${id}/analyze` }),
    200,
    3,
    'job',
  ],
  ['ai', 'POST /api/jobs/:id/analyze (cached)', (c) => ({ service: 'ai', method: 'POST', path: `/api/jobs/${c.jobId}/analyze` }), 200, 2],
  [
    'ai',
    'POST /api/jobs/search',
    () => ({ service: 'ai', method: 'POST', path: '/api/jobs/search', body: { query: 'typescript edge', searchType: 'hybrid' } }),
    200,
    2,
  ],
  [
    'ai',
    'POST /api/applications/generate',
    (c) => ({ service: 'ai', method: 'POST', path: '/api/applications/generate', body: { jobId: c.jobId } }),
    201,
    0.5,
  ],
  ['ai', 'GET /api/analytics/cost-savings', () => ({ service: 'ai', method: 'GET', path: '/api/analytics/cost-savings' }), 200, 0.1],
  ['applications', 'GET /api/applications', () => core('GET', '/api/applications'), 200, 2],
  ['applications', 'GET /api/applications/:id', (c) => core('GET', `/api/applications/${c.applicationId}`), 200, 2],
  [
    'applications',
    'POST /api/applications',
    (c) => core('POST', '/api/applications', { jobId: c.jobId, jobTitle: 'Staff Engineer', company: 'Edgeworks' }),
    201,
    0.2,
  ],
  [
    'applications',
    'PATCH /api/applications/:id',
    (c) => core('PATCH', `/api/applications/${c.applicationId}`, { status: 'submitted' }),
    200,
    1,
  ],
  ['applications', 'DELETE /api/applications/:id', (_c, id) => core('DELETE', `/api/applications/${id}`), 204, 0.1, 'application'],
  ['tracked', 'GET /api/tracked-applications/active', () => core('GET', '/api/tracked-applications/active'), 200, 3],
  ['tracked', 'GET /api/tracked-applications', () => core('GET', '/api/tracked-applications'), 200, 1],
  ['tracked', 'GET /api/tracked-applications/:id', (c) => core('GET', `/api/tracked-applications/${c.trackedId}`), 200, 1],
  [
    'tracked',
    'POST /api/tracked-applications',
    () => core('POST', '/api/tracked-applications', { company: 'Edgeworks', jobTitle: 'Staff Engineer' }),
    201,
    0.5,
  ],
  [
    'tracked',
    'PATCH /api/tracked-applications/:id',
    (c) => core('PATCH', `/api/tracked-applications/${c.trackedId}`, { status: 'screening' }),
    200,
    1,
  ],
  [
    'tracked',
    'POST /api/tracked-applications/:id/archive',
    (_c, id) => core('POST', `/api/tracked-applications/${id}/archive`),
    200,
    0.1,
    'tracked',
  ],
  ['tracked', 'DELETE /api/tracked-applications/:id', (_c, id) => core('DELETE', `/api/tracked-applications/${id}`), 204, 0.1, 'tracked'],
  ['profile', 'GET /api/profile', () => core('GET', '/api/profile'), 200, 2],
  ['profile', 'PATCH /api/profile', () => core('PATCH', '/api/profile', { current_title: 'Staff Engineer' }), 200, 0.2],
  ['profile', 'GET /api/profile/complete', () => core('GET', '/api/profile/complete'), 200, 1],
  ['profile', 'GET /api/profile/work-experience', () => core('GET', '/api/profile/work-experience'), 200, 0.5],
  [
    'profile',
    'POST /api/profile/work-experience',
    () =>
      core('POST', '/api/profile/work-experience', {
        title: 'Engineer',
        company: 'Edgeworks',
        start_date: '2024-01',
        description: 'Built the API.',
      }),
    201,
    0.05,
  ],
  ['skills', 'GET /api/skills', () => core('GET', '/api/skills'), 200, 0.5],
  ['skills', 'POST /api/skills', (c) => core('POST', '/api/skills', { name: `Skill ${c.tag}`, level: null }), 201, 0.1],
  [
    'sessions',
    'POST /api/sessions (register)',
    (c) => core('POST', '/api/sessions', { session_id: `cap-${c.tag}`, browser: 'Firefox', user_agent: UA }, { sessionId: `cap-${c.tag}` }),
    201,
    1,
  ],
  ['sessions', 'GET /api/sessions', () => core('GET', '/api/sessions'), 200, 0.2],
  ['sessions', 'GET /api/auth/session', () => core('GET', '/api/auth/session'), 200, 1],
  [
    'security',
    'POST /api/security-events',
    () => core('POST', '/api/security-events', { action: 'login', status: 'success', user_agent: UA }),
    201,
    1,
  ],
  ['security', 'GET /api/security-events', () => core('GET', '/api/security-events'), 200, 0.1],
  [
    'files',
    'POST /api/files/upload',
    () => core('POST', '/api/files/upload', undefined, { form: { bucket: 'resumes', file: PDF } }),
    201,
    0.1,
  ],
  ['files', 'DELETE /api/files/:key+', (_c, key) => core('DELETE', `/api/files/${key}`), 204, 0.05, 'file'],
  ['billing', 'GET /api/billing/subscription', () => core('GET', '/api/billing/subscription'), 200, 0.2],
  ['billing', 'GET /api/usage/metrics', () => core('GET', '/api/usage/metrics'), 200, 0.2],
  [
    'integrations',
    'POST /api/exports/text',
    (c) => ({ service: 'integrations', method: 'POST', path: '/api/exports/text', body: { applicationId: c.applicationId } }),
    201,
    0.3,
  ],
  ['integrations', 'GET /api/emails/history', () => ({ service: 'integrations', method: 'GET', path: '/api/emails/history' }), 200, 0.1],
  [
    'integrations',
    'GET /api/emails/remaining',
    () => ({ service: 'integrations', method: 'GET', path: '/api/emails/remaining' }),
    200,
    0.1,
  ],
].map(([family, route, build, expected, perDay, fresh]) => ({ family, route, build, expected, perDay, fresh }));

/** Rows read/written (and statements) of every route of ROUTES for `userId`. */
export async function measureRoutes(h, userId) {
  let counter = 0;
  const ok = async (spec, expected) => {
    const r = await h.call({ userId, ...spec });
    if (r.status !== expected) throw new Error(`${spec.method} ${spec.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r;
  };
  const c = { userId, ok: async (spec, expected) => (await ok(spec, expected)).body };
  c.jobId = await MAKE.job(c);
  c.applicationId = await MAKE.application(c);
  c.trackedId = await MAKE.tracked(c);
  // The search index and the analysis cache are warm for the measured user, as in steady use.
  await ok({ service: 'ai', method: 'POST', path: '/api/jobs/search', body: { query: 'warm up', searchType: 'hybrid' } }, 200);
  await ok({ service: 'ai', method: 'POST', path: `/api/jobs/${c.jobId}/analyze` }, 200);
  const results = [];
  const failures = [];
  for (const r of ROUTES) {
    c.tag = `${Date.now().toString(36)}-${counter++}`;
    const made = r.fresh ? await MAKE[r.fresh](c) : undefined;
    const { status, body, meter } = await h.call({ userId, ...r.build(c, made) });
    // A route that answered something else measured something else: collect them all, then fail.
    if (status !== r.expected) failures.push(`${r.route}: ${status} (expected ${r.expected}) ${JSON.stringify(body).slice(0, 200)}`);
    results.push({
      ...r,
      queries: meter.queries,
      writeQueries: meter.writeQueries,
      rowsRead: meter.rowsRead,
      rowsWritten: meter.rowsWritten,
      unmetered: meter.unmetered,
    });
  }
  if (failures.length) throw new Error(`routes answered unexpectedly:\n${failures.join('\n')}`);
  return results;
}

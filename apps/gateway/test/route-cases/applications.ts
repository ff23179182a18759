import { expect } from 'vitest';
import { createJob } from './jobs';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

/** A variant in the editor's shape (every array present). */
const editorVariant = (id: string, name: string) => ({
  id,
  name,
  coverLetter: 'Dear team',
  aiRationale: ['Mirrors the posting'],
  resume: {
    summary: 'Engineer',
    experience: [
      { title: 'SRE', company: 'Edge', location: 'Remote', startDate: '2021-01-01', endDate: 'Present', bullets: ['Kept it up'] },
    ],
    skills: ['Go'],
    education: [{ degree: 'BSc', school: 'TU', location: 'Berlin', graduation: '2019-07-01' }],
  },
});

export async function createApplication(owner: UserApi, body: Record<string, unknown> = {}): Promise<string> {
  const { id } = await owner.json('POST', '/api/applications', { jobTitle: 'Backend Engineer', company: 'Acme', ...body }, 201);
  return id;
}
const withApplication = async (owner: UserApi) => ({ id: await createApplication(owner) });

export const applicationCases: RouteCase[] = [
  {
    route: 'GET /api/applications',
    setup: withApplication,
    valid: {
      query: '?page=1&limit=10&status=draft',
      status: 200,
      check: (b, p) => expect(b).toMatchObject({ applications: [{ id: p.id }], total: 1, page: 1, limit: 10, hasMore: false }),
    },
    invalid: { query: '?status=hired' },
    isolation: async (other) => expect((await other.json('GET', '/api/applications', undefined, 200)).total).toBe(0),
  },
  {
    route: 'POST /api/applications',
    setup: async (owner) => ({ jobId: await createJob(owner) }),
    valid: {
      body: (p: Params) => ({
        jobId: p.jobId,
        jobTitle: 'SRE',
        company: 'Edge',
        variants: [editorVariant('v1', 'Concise')],
        selectedVariantId: 'v1',
      }),
      status: 201,
      check: (b, p) =>
        expect(b).toMatchObject({
          job_id: p.jobId,
          job_title: 'SRE',
          status: 'draft',
          selected_variant_id: 'v1',
          variants: [{ id: 'v1', aiRationale: ['Mirrors the posting'] }],
        }),
    },
    invalid: { body: { jobTitle: 'T', company: 'C', variants: [{ id: 'v1', name: 'no resume, no arrays' }] } },
    // Linking another user's job is refused as not found, and nothing is created.
    isolation: async (other, owner, p) => {
      const res = await other.call('POST', '/api/applications', { jobId: p.jobId, jobTitle: 'T', company: 'C' });
      expect(res.status).toBe(404);
      expect((await other.json('GET', '/api/applications', undefined, 200)).total).toBe(0);
      expect((await owner.json('GET', '/api/applications', undefined, 200)).total).toBe(0);
    },
  },
  {
    route: 'GET /api/applications/:id',
    setup: withApplication,
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, variants: [] }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/applications/:id',
    setup: withApplication,
    valid: { body: { status: 'submitted' }, status: 200, check: (b) => expect(b.submitted_at).toEqual(expect.any(String)) },
    invalid: { body: { status: 'hired' } },
  },
  {
    route: 'DELETE /api/applications/:id',
    setup: withApplication,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
  },
];

import { expect } from 'vitest';
import { createApplication } from './applications';
import { createJob } from './jobs';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

const BASE = '/api/tracked-applications';
export async function createTracked(owner: UserApi, body: Record<string, unknown> = {}): Promise<string> {
  const { id } = await owner.json('POST', BASE, { company: 'Acme', jobTitle: 'Backend Engineer', ...body }, 201);
  return id;
}
const withTracked = async (owner: UserApi) => ({ id: await createTracked(owner) });
const noneFor = async (other: UserApi) => {
  expect((await other.json('GET', BASE, undefined, 200)).total).toBe(0);
  expect((await other.json('GET', `${BASE}/active`, undefined, 200)).total).toBe(0);
};

export const trackedApplicationCases: RouteCase[] = [
  {
    route: 'GET /api/tracked-applications/active',
    setup: withTracked,
    valid: {
      query: '?page=1&limit=10',
      status: 200,
      check: (b, p) =>
        expect(b).toMatchObject({ activeApplications: [{ id: p.id, followUpActions: [], interviews: [] }], total: 1, hasMore: false }),
    },
    invalid: { query: '?limit=0' },
    isolation: noneFor,
  },
  {
    route: 'GET /api/tracked-applications',
    setup: withTracked,
    valid: {
      query: '?archived=false&status=applied',
      status: 200,
      check: (b, p) =>
        expect(b).toMatchObject({
          trackedApplications: [{ id: p.id, archived: false, statusHistory: [{ status: 'applied' }], activityLog: [], tags: [] }],
          total: 1,
          hasMore: false,
        }),
    },
    invalid: { query: '?status=hired' },
    isolation: noneFor,
  },
  {
    route: 'POST /api/tracked-applications',
    setup: async (owner) => ({ jobId: await createJob(owner) }),
    valid: {
      body: (p: Params) => ({
        company: 'Edge',
        jobTitle: 'SRE',
        jobId: p.jobId,
        status: 'screening',
        nextAction: 'Call back',
        interviews: [],
        followUpActions: [],
      }),
      status: 201,
      check: (b, p) =>
        expect(b).toMatchObject({
          jobId: p.jobId,
          status: 'screening',
          statusHistory: [{ status: 'screening' }],
          archived: false,
          followUpActions: [],
        }),
    },
    invalid: { body: { company: 'Edge', job_title: 'snake_case key' } },
    // Linking another user's job is refused as not found, and nothing is created.
    isolation: async (other, owner, p) => {
      const res = await other.call('POST', BASE, { company: 'C', jobTitle: 'T', jobId: p.jobId });
      expect(res.status).toBe(404);
      await noneFor(other);
      expect((await owner.json('GET', BASE, undefined, 200)).total).toBe(0);
    },
  },
  {
    route: 'GET /api/tracked-applications/:id',
    setup: withTracked,
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, status: 'applied' }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/tracked-applications/:id',
    setup: withTracked,
    valid: {
      body: { status: 'interview_scheduled', statusNote: 'Friday' },
      status: 200,
      check: (b) => expect(b.statusHistory.map((h: { status: string }) => h.status)).toEqual(['applied', 'interview_scheduled']),
    },
    invalid: { body: { status: 'hired' } },
    // Relinking one's own entry to another user's job or application is refused as not found.
    isolation: async (other, owner) => {
      const jobId = await createJob(owner);
      const applicationId = await createApplication(owner);
      const own = await createTracked(other);
      const before = await other.json('GET', `${BASE}/${own}`, undefined, 200);
      for (const link of [{ jobId }, { applicationId }]) {
        const res = await other.call('PATCH', `${BASE}/${own}`, link);
        expect(res.status, JSON.stringify(link)).toBe(404);
      }
      expect(await other.json('GET', `${BASE}/${own}`, undefined, 200)).toEqual(before);
    },
  },
  {
    route: 'DELETE /api/tracked-applications/:id',
    setup: withTracked,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
  },
  {
    route: 'POST /api/tracked-applications/:id/archive',
    setup: withTracked,
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, archived: true }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'POST /api/tracked-applications/:id/unarchive',
    setup: async (owner) => {
      const id = await createTracked(owner);
      await owner.json('POST', `${BASE}/${id}/archive`, undefined, 200);
      return { id };
    },
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, archived: false }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/tracked-applications/:id/archive',
    setup: withTracked,
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, archived: true }) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/tracked-applications/:id/unarchive',
    setup: async (owner) => {
      const id = await createTracked(owner);
      await owner.json('PATCH', `${BASE}/${id}/archive`, undefined, 200);
      return { id };
    },
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, archived: false }) },
    invalid: OVERLONG_ID,
  },
];

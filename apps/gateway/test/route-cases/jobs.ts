import type { Json } from '../helpers';
import { expect } from 'vitest';
import { OVERLONG_ID, type RouteCase, type UserApi } from './types';

export async function createJob(owner: UserApi, body: Record<string, unknown> = {}): Promise<string> {
  const { id } = await owner.json('POST', '/api/jobs', { title: 'Backend Engineer', company: 'Acme', ...body }, 201);
  return id;
}
const withJob = async (owner: UserApi) => ({ id: await createJob(owner) });

export const jobCases: RouteCase[] = [
  {
    route: 'GET /api/jobs',
    setup: withJob,
    valid: {
      query: '?page=1&limit=10&archived=false',
      status: 200,
      check: (b, p) => expect(b.jobs.map((j: Json) => j.id)).toEqual([p.id]),
    },
    invalid: { query: '?limit=1001' },
    isolation: async (other) => expect((await other.json('GET', '/api/jobs', undefined, 200)).total).toBe(0),
  },
  {
    route: 'POST /api/jobs',
    valid: { body: { title: 'SRE', company: 'Edge' }, status: 201, check: (b) => expect(typeof b.id).toBe('string') },
    invalid: { body: { company: 'no title' } },
    crossUserNotApplicable: 'creates a row owned by the caller; GET /api/jobs isolation covers reads',
  },
  {
    route: 'GET /api/jobs/:id',
    setup: withJob,
    valid: { status: 200, check: (b, p) => expect(b.id).toBe(p.id) },
    invalid: OVERLONG_ID,
  },
  {
    route: 'PATCH /api/jobs/:id',
    setup: withJob,
    valid: { body: { isSaved: true }, status: 200, check: (b) => expect(b.saved).toBe(true) },
    invalid: { body: { salaryMin: 'lots' } },
  },
  {
    route: 'DELETE /api/jobs/:id',
    setup: withJob,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
  },
];

import { expect } from 'vitest';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

async function createResume(owner: UserApi): Promise<Params> {
  const row = await owner.json(
    'POST',
    '/api/resume',
    { type: 'master', title: 'Master', sections: { summary: 'Hi' }, formats: ['pdf'] },
    201,
  );
  return { id: row.id };
}
const resumesOf = (owner: UserApi) => owner.json('GET', '/api/resume', undefined, 200);

export const resumeCases: RouteCase[] = [
  {
    route: 'GET /api/resume',
    setup: createResume,
    valid: { status: 200, check: (b, p) => expect(b.map((r: any) => r.id)).toEqual([p.id]) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect(await resumesOf(other)).toEqual([]),
  },
  {
    route: 'POST /api/resume',
    valid: {
      body: { type: 'tailored', title: 'For Acme', sections: {}, formats: ['docx'] },
      status: 201,
      check: (b) => expect(b).toMatchObject({ type: 'tailored', formats: ['docx'] }),
    },
    invalid: { body: { type: 'cv', title: 'x' } },
    crossUserNotApplicable: 'creates a row owned by the caller; GET /api/resume isolation covers reads',
  },
  {
    route: 'PATCH /api/resume/:id',
    setup: createResume,
    valid: { body: { title: 'Renamed' }, status: 200, check: (b, p) => expect(b).toMatchObject({ id: p.id, title: 'Renamed' }) },
    invalid: { body: { formats: ['odt'] } },
    snapshot: resumesOf,
  },
  {
    route: 'DELETE /api/resume/:id',
    setup: createResume,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
    snapshot: resumesOf,
  },
];

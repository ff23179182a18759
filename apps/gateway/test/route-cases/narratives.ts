import { expect } from 'vitest';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

const PATH = '/api/profile/work-experience-narratives';
async function experience(owner: UserApi): Promise<string> {
  return (await owner.json('POST', '/api/profile/work-experience', { title: 'Engineer', company: 'Acme', start_date: '2020-01' }, 201))
    .experience.id;
}
async function createNarrative(owner: UserApi): Promise<Params> {
  const { narrative } = await owner.json('POST', PATH, { workExperienceId: await experience(owner), narrative: 'Story' }, 201);
  return { id: narrative.id };
}
const narrativesOf = (owner: UserApi) => owner.json('GET', PATH, undefined, 200);

export const narrativeCases: RouteCase[] = [
  {
    route: `GET ${PATH}`,
    setup: createNarrative,
    valid: { status: 200, check: (b, p) => expect(b.narratives.map((n: any) => n.id)).toEqual([p.id]) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect(await narrativesOf(other)).toEqual({ narratives: [] }),
  },
  {
    route: `POST ${PATH}`,
    setup: async (owner) => ({ workExperienceId: await experience(owner) }),
    valid: {
      body: (p: Params) => ({ workExperienceId: p.workExperienceId, narrative: 'Built it' }),
      status: 201,
      check: (b, p) => expect(b.narrative).toMatchObject({ workExperienceId: p.workExperienceId, narrative: 'Built it' }),
    },
    invalid: { body: { workExperienceId: 'x', narrative: '' } },
    isolation: async (other, owner, p) => {
      const res = await other.call('POST', PATH, { workExperienceId: p.workExperienceId, narrative: 'Hijack' });
      expect(res.status).toBe(404);
      expect(await narrativesOf(owner)).toEqual({ narratives: [] });
    },
  },
  {
    route: `DELETE ${PATH}/:id`,
    setup: createNarrative,
    valid: { status: 200, check: (b, p) => expect(b).toEqual({ success: true, id: p.id }) },
    invalid: OVERLONG_ID,
    snapshot: narrativesOf,
  },
];

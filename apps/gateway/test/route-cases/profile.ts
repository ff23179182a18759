import type { Json } from '../helpers';
import { expect } from 'vitest';
import { OVERLONG_ID, type Params, type RouteCase, type UserApi } from './types';

const WE = '/api/profile/work-experience';
const EDU = '/api/profile/education';

async function createExperience(owner: UserApi): Promise<Params> {
  const { experience } = await owner.json('POST', WE, { title: 'Engineer', company: 'Acme', start_date: '2020-01' }, 201);
  return { id: experience.id };
}
async function createEducation(owner: UserApi): Promise<Params> {
  const { education } = await owner.json('POST', EDU, { school: 'TU Berlin', degree: 'MSc' }, 201);
  return { id: education.id };
}
const named = async (owner: UserApi): Promise<Params> => {
  await owner.json('PATCH', '/api/profile', { first_name: 'Owner' }, 200);
  return { me: owner.userId };
};
/** The owner's state behind the :id routes (there is no GET of a single entry). */
const listOf = (path: string) => async (owner: UserApi) => owner.json('GET', path, undefined, 200);

export const profileCases: RouteCase[] = [
  {
    route: 'GET /api/profile',
    setup: named,
    valid: { status: 200, check: (b, p) => expect(b.profile).toMatchObject({ id: p.me, first_name: 'Owner', profile_version: 2 }) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => {
      const { profile } = await other.json('GET', '/api/profile', undefined, 200);
      expect(profile).toMatchObject({ id: other.userId, first_name: null });
    },
  },
  {
    route: 'PATCH /api/profile',
    valid: {
      body: { first_name: 'Ada', city: 'London' },
      status: 200,
      check: (b) => expect(b.profile).toMatchObject({ first_name: 'Ada', city: 'London' }),
    },
    invalid: { body: { linkedin_url: 'not a url' } },
    setup: named,
    isolation: async (other, owner) => {
      await other.json('PATCH', '/api/profile', { first_name: 'Other' }, 200);
      expect((await owner.json('GET', '/api/profile', undefined, 200)).profile.first_name).toBe('Owner');
    },
  },
  {
    route: 'GET /api/profile/complete',
    setup: async (owner) => ({ ...(await named(owner)), ...(await createExperience(owner)) }),
    valid: {
      status: 200,
      check: (b, p) => {
        expect(b.profile.id).toBe(p.me);
        expect(b.workExperience.map((e: Json) => e.id)).toEqual([p.id]);
        // useCompleteProfile JSON.parse()s accomplishments: JSON text, not a list.
        expect(typeof b.workExperience[0].accomplishments).toBe('string');
        expect(Array.isArray(JSON.parse(b.workExperience[0].accomplishments))).toBe(true);
        expect(b).toMatchObject({ education: [], skills: [], resumes: [] });
      },
    },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => {
      const b = await other.json('GET', '/api/profile/complete', undefined, 200);
      expect(b).toMatchObject({ profile: { id: other.userId }, workExperience: [], education: [], skills: [], resumes: [] });
    },
  },
  {
    route: `GET ${WE}`,
    setup: createExperience,
    valid: { status: 200, check: (b, p) => expect(b.workExperience.map((e: Json) => e.id)).toEqual([p.id]) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect((await other.json('GET', WE, undefined, 200)).workExperience).toEqual([]),
  },
  {
    route: `POST ${WE}`,
    valid: {
      body: { title: 'SRE', company: 'Edge', start_date: '2022-05-01', accomplishments: ['On-call lead'] },
      status: 201,
      check: (b) => expect(b.experience).toMatchObject({ title: 'SRE', accomplishments: ['On-call lead'] }),
    },
    invalid: { body: { title: 'SRE', company: 'Edge', start_date: 'last spring' } },
    crossUserNotApplicable: "creates a row owned by the caller; GET's isolation covers reads",
  },
  {
    route: `PATCH ${WE}/:id`,
    setup: createExperience,
    valid: {
      body: { title: 'Staff Engineer' },
      status: 200,
      check: (b, p) => expect(b.experience).toMatchObject({ id: p.id, title: 'Staff Engineer' }),
    },
    invalid: { body: { is_current: 'yes' } },
    snapshot: listOf(WE),
  },
  {
    route: `DELETE ${WE}/:id`,
    setup: createExperience,
    valid: { status: 204 },
    invalid: OVERLONG_ID,
    snapshot: listOf(WE),
  },
  {
    route: `GET ${EDU}`,
    setup: createEducation,
    valid: { status: 200, check: (b, p) => expect(b.education.map((e: Json) => e.id)).toEqual([p.id]) },
    invalid: null,
    invalidNotApplicable: 'no query or body',
    isolation: async (other) => expect((await other.json('GET', EDU, undefined, 200)).education).toEqual([]),
  },
  {
    route: `POST ${EDU}`,
    valid: {
      body: { school: 'ETH', field: 'Physics', startDate: '2012', highlights: ['Medal'] },
      status: 201,
      check: (b) => expect(b.education).toMatchObject({ institution: 'ETH', field_of_study: 'Physics', description: '["Medal"]' }),
    },
    invalid: { body: { degree: 'no school' } },
    crossUserNotApplicable: "creates a row owned by the caller; GET's isolation covers reads",
  },
  {
    route: `PATCH ${EDU}/:id`,
    setup: createEducation,
    valid: {
      body: { field: 'Mathematics' },
      status: 200,
      check: (b, p) => expect(b.education).toMatchObject({ id: p.id, field_of_study: 'Mathematics' }),
    },
    invalid: { body: { endDate: 'soon' } },
    snapshot: listOf(EDU),
  },
  {
    route: `DELETE ${EDU}/:id`,
    setup: createEducation,
    // useEducation.deleteEducation calls response.json(): a JSON body, not a 204.
    valid: { status: 200, check: (b, p) => expect(b).toEqual({ success: true, id: p.id }) },
    invalid: OVERLONG_ID,
    snapshot: listOf(EDU),
  },
];

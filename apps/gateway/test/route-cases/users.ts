import { expect } from 'vitest';
import type { Params, RouteCase, UserApi } from './types';

/** The caller's own id (their row provisioned by a first profile read). */
async function self(owner: UserApi): Promise<Params> {
  await owner.json('GET', '/api/profile', undefined, 200);
  return { userId: owner.userId };
}
const profileOf = async (owner: UserApi) => owner.json('GET', '/api/profile', undefined, 200);

export const userCases: RouteCase[] = [
  {
    route: 'GET /api/users/:userId/exists',
    setup: self,
    valid: { status: 200, check: (b) => expect(b).toEqual({ exists: true }) },
    // A user id is at most 200 characters; a longer one is malformed, not merely someone else's.
    invalid: { params: { userId: 'u'.repeat(201) } },
  },
  {
    route: 'POST /api/users/oauth-profile',
    valid: {
      body: { first_name: 'Lin', linkedin_url: 'https://www.linkedin.com/in/lin' },
      status: 201,
      check: (b) => expect(b).toMatchObject({ success: true, updated: true }),
    },
    invalid: { body: { email: 'not-an-email' } },
    // Parameterless, but the body may name a user: naming someone else is 404 and changes nothing.
    isolation: async (other, owner) => {
      const before = await profileOf(owner);
      const res = await other.call('POST', '/api/users/oauth-profile', { user_id: owner.userId, first_name: 'Mallory' });
      expect(res.status).toBe(404);
      expect(await profileOf(owner)).toEqual(before);
    },
  },
  {
    route: 'PATCH /api/users/:userId/oauth-enrich',
    setup: self,
    valid: { body: { last_name: 'Filled' }, status: 200, check: (b) => expect(b).toEqual({ success: true, updated: true }) },
    invalid: { body: { photo_url: 'not a url' } },
    snapshot: profileOf,
  },
];

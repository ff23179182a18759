import { describe, expect, it } from 'vitest';
import { api, expectNotFound, expectValidationError, newUser, profileVersion } from './api';
import { call } from './signed';

describe('/api/users', () => {
  it('GET /:userId/exists answers for the caller only and never provisions', async () => {
    const user = newUser();
    const first = await call(`/api/users/${user}/exists`, { userId: user });
    expect(await first.json()).toEqual({ exists: false });
    // Not cacheable: a later GET (which stamps no cache family) creates the row.
    expect(first.headers.get('x-jobmatch-cacheable')).toBeNull();
    await api(user, 'GET', '/api/profile', undefined, 200);
    expect(await api(user, 'GET', `/api/users/${user}/exists`, undefined, 200)).toEqual({ exists: true });
    // Another user's id (existing or not) is 404: it must not reveal who exists.
    await expectNotFound(newUser(), 'GET', `/api/users/${user}/exists`);
    await expectNotFound(user, 'GET', `/api/users/${crypto.randomUUID()}/exists`);
  });

  it('POST /oauth-profile creates the row and fills empty fields only', async () => {
    const user = newUser();
    const res = await api(
      user,
      'POST',
      '/api/users/oauth-profile',
      {
        user_id: user,
        email: 'someone@linkedin.test',
        first_name: 'Lin',
        last_name: 'Kedin',
        photo_url: 'https://media.licdn.com/p.jpg',
        linkedin_url: 'https://www.linkedin.com/in/lin',
      },
      201,
    );
    expect(res).toEqual({ success: true, created: true, updated: true });
    const { profile } = await api(user, 'GET', '/api/profile', undefined, 200);
    // The token's email wins over the provider's.
    expect(profile).toMatchObject({
      email: `${user}@example.test`,
      first_name: 'Lin',
      last_name: 'Kedin',
      photo_url: 'https://media.licdn.com/p.jpg',
    });

    await api(user, 'PATCH', '/api/profile', { first_name: 'Typed by the user', last_name: null }, 200);
    const again = await api(user, 'POST', '/api/users/oauth-profile', { first_name: 'Lin', last_name: 'Kedin' }, 201);
    expect(again).toEqual({ success: true, created: false, updated: true });
    const after = (await api(user, 'GET', '/api/profile', undefined, 200)).profile;
    expect(after).toMatchObject({ first_name: 'Typed by the user', last_name: 'Kedin' });
  });

  it("POST /oauth-profile for another user's id is 404 and creates nothing", async () => {
    const user = newUser();
    const victim = newUser();
    await expectNotFound(user, 'POST', '/api/users/oauth-profile', { user_id: victim, first_name: 'Mallory' });
    expect(await api(victim, 'GET', `/api/users/${victim}/exists`, undefined, 200)).toEqual({ exists: false });
    expect(await api(user, 'GET', `/api/users/${user}/exists`, undefined, 200)).toEqual({ exists: false });
  });

  it('PATCH /:userId/oauth-enrich fills gaps, bumps the version only when something changed', async () => {
    const user = newUser();
    await api(user, 'PATCH', '/api/profile', { first_name: 'Kept' }, 200);
    const v0 = await profileVersion(user);
    const res = await api(
      user,
      'PATCH',
      `/api/users/${user}/oauth-enrich`,
      { first_name: 'Other', last_name: 'Filled', photo_url: '' },
      200,
    );
    expect(res).toEqual({ success: true, updated: true });
    expect((await api(user, 'GET', '/api/profile', undefined, 200)).profile).toMatchObject({
      first_name: 'Kept',
      last_name: 'Filled',
      photo_url: null,
    });
    expect(await profileVersion(user)).toBe(v0 + 1);
    expect(await api(user, 'PATCH', `/api/users/${user}/oauth-enrich`, { first_name: 'Again', last_name: 'Again' }, 200)).toEqual({
      success: true,
      updated: false,
    });
    expect(await profileVersion(user)).toBe(v0 + 1);
  });

  it("PATCH /:userId/oauth-enrich on another user's id is 404 and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    await api(owner, 'GET', '/api/profile', undefined, 200);
    const before = (await api(owner, 'GET', '/api/profile', undefined, 200)).profile;
    await expectNotFound(intruder, 'PATCH', `/api/users/${owner}/oauth-enrich`, { first_name: 'pwned' });
    expect((await api(owner, 'GET', '/api/profile', undefined, 200)).profile).toEqual(before);
  });

  it('rejects invalid bodies', async () => {
    const user = newUser();
    await expectValidationError(user, 'POST', '/api/users/oauth-profile', { email: 'not-an-email' });
    await expectValidationError(user, 'POST', '/api/users/oauth-profile', { photo_url: 'ftp://x' });
    await expectValidationError(user, 'PATCH', `/api/users/${user}/oauth-enrich`, { linkedin_url: 'nope' });
    await expectValidationError(user, 'PATCH', `/api/users/${user}/oauth-enrich`, { first_name: 'x'.repeat(101) });
    expect(await api(user, 'GET', `/api/users/${user}/exists`, undefined, 200)).toEqual({ exists: false });
  });
});

/**
 * LinkedIn OIDC end to end against oauth2-mock-server on LinkedIn's paths: initiate → the
 * provider's authorize redirect → callback → token exchange (form POST) → userinfo → profile.
 */
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { profile, soleShardDb } from '@jobmatch/db';
import { H_INVALIDATE_FAMILIES, H_INVALIDATE_USER } from '@jobmatch/shared-middleware';
import { LINKEDIN_MEMBER } from '@jobmatch/test-support/fake-providers';
import { APP_URL, PUBLIC_API, call, newUser, received, type Json } from './helpers';

const linkedIn = () => inject('fakes').linkedIn;

async function initiate(userId: string, path = '/api/auth/linkedin/initiate'): Promise<Json> {
  const res = await call(path, { userId });
  expect(res.status).toBe(200);
  return res.json();
}

/** Follows the provider's authorize step like a browser would; returns the callback query. */
async function authorize(authUrl: string): Promise<URLSearchParams> {
  const res = await fetch(authUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_API}/api/auth/linkedin/callback`);
  return back.searchParams;
}

async function callback(query: Record<string, string> | URLSearchParams) {
  const res = await call(`/api/auth/linkedin/callback?${new URLSearchParams(query)}`, { userId: null });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(`${APP_URL}/profile`);
  return { res, params: location.searchParams };
}

const snapshot = async (userId: string) => {
  const p = await profile.getOrCreateProfile(soleShardDb(env), { userId, email: `${userId}@example.test` });
  return { first_name: p.first_name, last_name: p.last_name, photo_url: p.photo_url, profile_version: p.profile_version };
};

function expectError(params: URLSearchParams, code: string) {
  expect(params.get('linkedin')).toBe('error');
  expect(params.get('error')).toBe(code);
  expect(params.get('error_code')).toBe(code);
}

describe('GET /api/auth/linkedin/initiate', { timeout: 30_000 }, () => {
  it('answers an OIDC authorization URL with a fresh state valid for 10 minutes', async () => {
    const before = Date.now();
    const body = await initiate(newUser());
    expect(typeof body.state).toBe('string');
    const url = new URL(body.authUrl);
    expect(`${url.origin}${url.pathname}`).toBe(linkedIn().LINKEDIN_AUTHORIZATION_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'test-client-id',
      redirect_uri: `${PUBLIC_API}/api/auth/linkedin/callback`,
      state: body.state,
      scope: 'openid profile email',
    });
    const expiresIn = Date.parse(body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(9.9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000 + 1000);
    expect((await initiate(newUser())).state).not.toBe(body.state);
  });

  it('GET /api/auth/linkedin (the frontend path) answers the same', async () => {
    const body = await initiate(newUser(), '/api/auth/linkedin');
    expect(new URL(body.authUrl).searchParams.get('state')).toBe(body.state);
  });

  it('without a client id (or secret) → 503 LINKEDIN_NOT_CONFIGURED', async () => {
    for (const missing of [{ LINKEDIN_CLIENT_ID: '' }, { LINKEDIN_CLIENT_SECRET: undefined }]) {
      const res = await call('/api/auth/linkedin/initiate', { userId: newUser(), env: missing });
      expect(res.status).toBe(503);
      expect(((await res.json()) as Json).code).toBe('LINKEDIN_NOT_CONFIGURED');
    }
  });
});

describe('GET /api/auth/linkedin/callback', { timeout: 30_000 }, () => {
  it('imports the LinkedIn profile into the empty fields and redirects with linkedin=success', async () => {
    const userId = newUser();
    const { authUrl } = await initiate(userId);
    const query = await authorize(authUrl);
    const logBefore = (await received(linkedIn().logUrl)).length;
    const { res, params } = await callback(query);
    expect(Object.fromEntries(params)).toEqual({ linkedin: 'success' });

    const stored = await profile.getOrCreateProfile(soleShardDb(env), { userId, email: null });
    expect(stored.first_name).toBe(LINKEDIN_MEMBER.given_name);
    expect(stored.last_name).toBe(LINKEDIN_MEMBER.family_name);
    expect(stored.photo_url).toBe(LINKEDIN_MEMBER.picture);
    // The account's own email (from the token) is kept: OAuth fills only empty fields.
    expect(stored.email).toBe(`${userId}@example.test`);

    // What the Worker sent LinkedIn: the code as a form POST with the app's credentials, then userinfo with the token.
    const log = (await received(linkedIn().logUrl)).slice(logBefore);
    const token = log.find((r) => r.path.endsWith('/accessToken'))!;
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: `${PUBLIC_API}/api/auth/linkedin/callback`,
      client_id: 'test-client-id',
      client_secret: 'test-client-secret',
    });
    const userinfo = log.find((r) => r.path.endsWith('/userinfo'))!;
    expect(userinfo.headers.authorization).toMatch(/^Bearer li-access-/);

    // The gateway is told which of this user's cache families changed.
    expect(res.headers.get(H_INVALIDATE_USER)).toBe(userId);
    expect(res.headers.get(H_INVALIDATE_FAMILIES)).toBe('profile');
  });

  it('never overwrites what the user typed', async () => {
    const userId = newUser();
    await profile.updateProfile(
      soleShardDb(env),
      { userId, email: null },
      { first_name: 'Typed', photo_url: 'https://cdn.example/me.png' },
    );
    const { authUrl } = await initiate(userId);
    await callback(await authorize(authUrl));
    const stored = await profile.getOrCreateProfile(soleShardDb(env), { userId, email: null });
    expect(stored.first_name).toBe('Typed');
    expect(stored.photo_url).toBe('https://cdn.example/me.png');
    expect(stored.last_name).toBe(LINKEDIN_MEMBER.family_name);
  });

  it('accepts locale as a string as well as {country, language}', async () => {
    const userId = newUser();
    const { state } = await initiate(userId);
    const { params } = await callback({ code: 'locale-string', state });
    expect(params.get('linkedin')).toBe('success');
    expect((await snapshot(userId)).first_name).toBe(LINKEDIN_MEMBER.given_name);
  });

  it('a replayed state imports nothing the second time (invalid_state)', async () => {
    const userId = newUser();
    const { authUrl } = await initiate(userId);
    const query = await authorize(authUrl);
    expect((await callback(query)).params.get('linkedin')).toBe('success');
    await profile.updateProfile(soleShardDb(env), { userId, email: null }, { first_name: null });
    const before = await snapshot(userId);
    const { res, params } = await callback(query);
    expectError(params, 'invalid_state');
    expect(await snapshot(userId)).toEqual(before);
    expect(res.headers.get(H_INVALIDATE_USER)).toBeNull();
  });

  it('two concurrent callbacks with one state import at most once (the other: invalid_state)', async () => {
    const userId = newUser();
    const { authUrl } = await initiate(userId);
    const query = await authorize(authUrl);
    const logBefore = (await received(linkedIn().logUrl)).length;
    const outcomes = await Promise.all([callback(query), callback(query), callback(query)]);
    const results = outcomes.map(({ params }) => params.get('error') ?? params.get('linkedin'));
    expect(results.sort()).toEqual(['invalid_state', 'invalid_state', 'success']);
    const exchanges = (await received(linkedIn().logUrl)).slice(logBefore).filter((r) => r.path.endsWith('/accessToken'));
    expect(exchanges).toHaveLength(1);
  });

  it('a tampered or unknown state → invalid_state, nothing imported', async () => {
    const userId = newUser();
    const { state } = await initiate(userId);
    const before = await snapshot(userId);
    const [owner, nonce, expires, mac] = state.split('.');
    const flipped = `${owner}.${nonce}.${expires}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const later = `${owner}.${nonce}.${Number(expires) + 3600}.${mac}`;
    // The signed user id cannot be swapped for another user's (it picks whose row is consumed).
    const otherOwner = `${newUser()}.${nonce}.${expires}.${mac}`;
    for (const bad of [flipped, later, otherOwner, 'not-a-state', `${owner}.${'x'.repeat(32)}.${expires}.${mac}`]) {
      expectError((await callback({ code: 'any-code', state: bad })).params, 'invalid_state');
    }
    expect(await snapshot(userId)).toEqual(before);
    // The genuine state still works once.
    expect((await callback({ code: 'any-code', state })).params.get('linkedin')).toBe('success');
  });

  it('an expired state → expired_state, nothing imported', async () => {
    const userId = newUser();
    const { issueState } = await import('../src/linkedin/state');
    const { state } = await issueState({ ...env } as any, userId, Date.now() - 11 * 60_000);
    const before = await snapshot(userId);
    expectError((await callback({ code: 'any-code', state })).params, 'expired_state');
    expect(await snapshot(userId)).toEqual(before);
  });

  it("imports into the state's own user only (another user's state cannot reach this user's profile)", async () => {
    const owner = newUser();
    const bystander = newUser();
    const bystanderBefore = await snapshot(bystander);
    const { state } = await initiate(owner);
    expect((await callback({ code: 'any-code', state })).params.get('linkedin')).toBe('success');
    expect((await snapshot(owner)).first_name).toBe(LINKEDIN_MEMBER.given_name);
    expect(await snapshot(bystander)).toEqual(bystanderBefore);
  });

  it('error=user_cancelled_authorize → oauth_error; the state is spent', async () => {
    const userId = newUser();
    const { state } = await initiate(userId);
    const before = await snapshot(userId);
    const { params } = await callback({
      error: 'user_cancelled_authorize',
      error_description: 'The user cancelled the authorization',
      state,
    });
    expectError(params, 'oauth_error');
    expectError((await callback({ code: 'late-code', state })).params, 'invalid_state');
    expect(await snapshot(userId)).toEqual(before);
  });

  it('missing code or state → missing_parameters', async () => {
    const { state } = await initiate(newUser());
    expectError((await callback({ state })).params, 'missing_parameters');
    expectError((await callback({ code: 'abc' })).params, 'missing_parameters');
    expectError((await callback({})).params, 'missing_parameters');
  });

  it('token exchange refused → token_exchange_failed, nothing imported', async () => {
    const userId = newUser();
    const { state } = await initiate(userId);
    const before = await snapshot(userId);
    expectError((await callback({ code: 'fail-token', state })).params, 'token_exchange_failed');
    expect(await snapshot(userId)).toEqual(before);
  });

  it('userinfo failing → profile_fetch_failed, nothing imported', async () => {
    const userId = newUser();
    const { state } = await initiate(userId);
    const before = await snapshot(userId);
    expectError((await callback({ code: 'fail-userinfo', state })).params, 'profile_fetch_failed');
    expect(await snapshot(userId)).toEqual(before);
  });

  it('a token endpoint that answers something else entirely → token_exchange_failed (never a 500)', async () => {
    const { state } = await initiate(newUser());
    const res = await call(`/api/auth/linkedin/callback?${new URLSearchParams({ code: 'x', state })}`, {
      userId: null,
      env: { LINKEDIN_TOKEN_URL: `${inject('fakes').sendGridUrl}/oauth/v2/accessToken` },
    });
    expect(res.status).toBe(302);
    expectError(new URL(res.headers.get('location')!).searchParams, 'token_exchange_failed');
  });

  it('answers only the codes the frontend knows', async () => {
    const { CALLBACK_ERROR_CODES } = await import('../src/routes/linkedin');
    expect([...CALLBACK_ERROR_CODES].sort()).toEqual(
      [
        'oauth_error',
        'missing_parameters',
        'invalid_state',
        'expired_state',
        'token_exchange_failed',
        'profile_fetch_failed',
        'internal_error',
      ].sort(),
    );
  });
});

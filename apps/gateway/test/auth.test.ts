import { env } from 'cloudflare:test';
import { SignJWT, base64url } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { asUser, devToken, gateway, newUser, type Json } from './helpers';

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
async function expectAuthError(res: Response, code: string) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ code, statusCode: 401, requestId: expect.any(String), message: expect.any(String) });
}

describe('gateway authentication', () => {
  it('a valid dev token reaches core, which writes and reads D1', async () => {
    const user = newUser();
    const created = await asUser(user, '/api/jobs', { method: 'POST', json: { title: 'Edge Engineer', company: 'Cloudflare' } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    const row = await env.TEST_DB.prepare('SELECT user_id, title FROM jobs WHERE id = ?').bind(id).first();
    expect(row).toEqual({ user_id: user, title: 'Edge Engineer' });
    const list = (await (await asUser(user, '/api/jobs')).json()) as Json;
    expect(list.jobs.map((j: Json) => j.id)).toEqual([id]);
  });

  it("another user's job answers 404", async () => {
    const owner = newUser();
    const { id } = (await (await asUser(owner, '/api/jobs', { method: 'POST', json: { title: 'T', company: 'C' } })).json()) as Json;
    const res = await asUser(newUser(), `/api/jobs/${id}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).code).toBe('NOT_FOUND');
  });

  it('refuses a missing header, a non-Bearer header and a malformed token', async () => {
    await expectAuthError(await gateway('/api/jobs'), 'MISSING_AUTH_HEADER');
    await expectAuthError(await gateway('/api/jobs', { headers: { Authorization: 'Basic dXNlcjpwdw==' } }), 'INVALID_AUTH_FORMAT');
    await expectAuthError(await gateway('/api/jobs', bearer('not-a-jwt')), 'INVALID_AUTH_FORMAT');
    await expectAuthError(await gateway('/api/jobs', bearer('aaa.bbb.ccc')), 'INVALID_TOKEN');
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    await expectAuthError(await gateway('/api/jobs', bearer(await devToken(newUser(), { expiresIn: -600 }))), 'TOKEN_EXPIRED');
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    await expectAuthError(
      await gateway('/api/jobs', bearer(await devToken(newUser(), { issuer: 'https://evil.example/auth/v1' }))),
      'INVALID_TOKEN',
    );
    await expectAuthError(await gateway('/api/jobs', bearer(await devToken(newUser(), { audience: 'other' }))), 'INVALID_TOKEN');
  });

  it('refuses alg:none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ sub: 'x', iss: 'jobmatch-local-dev', aud: 'authenticated', iat: now, exp: now + 600 }),
    );
    await expectAuthError(await gateway('/api/jobs', bearer(`${header}.${payload}.`)), 'INVALID_TOKEN');
  });

  it('refuses a token with a valid signature from another key under the dev issuer', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('victim')
      .setIssuer('jobmatch-local-dev')
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    await expectAuthError(await gateway('/api/jobs', bearer(forged)), 'INVALID_TOKEN');
  });

  it('accepts the dev key only in development', async () => {
    const token = await devToken(newUser());
    expect((await gateway('/api/jobs', bearer(token))).status).toBe(200);
    await expectAuthError(await gateway('/api/jobs', bearer(token), { ENVIRONMENT: 'production' }), 'INVALID_TOKEN');
  });

  describe('a real third-party OIDC issuer (oauth2-mock-server JWKS)', () => {
    const oidc = inject('oidc');
    const configured = { AUTH_ISSUER: oidc.issuer, AUTH_JWKS_URL: oidc.jwksUrl };

    it('accepts its token when that issuer is configured, and forwards its identity', async () => {
      const res = await gateway(
        '/api/jobs',
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${oidc.validToken}`, 'Content-Type': 'application/json' },
          body: '{"title":"OIDC","company":"X"}',
        },
        configured,
      );
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as Json;
      const row = await env.TEST_DB.prepare('SELECT j.user_id, u.email FROM jobs j JOIN users u ON u.id = j.user_id WHERE j.id = ?')
        .bind(id)
        .first();
      expect(row).toEqual({ user_id: 'oidc-user-1', email: 'oidc-user@example.test' });
    });

    it('refuses the same token when the issuer is not configured', async () => {
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.validToken)), 'INVALID_TOKEN');
    });

    it('refuses its token for the wrong audience, and expired', async () => {
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.wrongAudienceToken), configured), 'INVALID_TOKEN');
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.expiredToken), configured), 'TOKEN_EXPIRED');
    });

    it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.hs256WithPublicKeyToken), configured), 'INVALID_TOKEN');
      // Even with legacy HS256 enabled, the HMAC secret is the configured one, not the public key.
      await expectAuthError(
        await gateway('/api/jobs', bearer(oidc.hs256WithPublicKeyToken), {
          ...configured,
          AUTH_LEGACY_HS256: 'true',
          SUPABASE_JWT_SECRET: 'the-real-legacy-secret-0123456789abcdef',
        }),
        'INVALID_TOKEN',
      );
    });

    it("derives issuer and JWKS URL from SUPABASE_URL: that project's tokens pass, others are refused", async () => {
      const supabase = inject('supabase');
      // Supabase layout: issuer {url}/auth/v1, keys at {url}/auth/v1/.well-known/jwks.json.
      const accepted = await gateway('/api/jobs', bearer(supabase.tokens[0]!), { SUPABASE_URL: supabase.url });
      expect(accepted.status, await accepted.clone().text()).toBe(200);
      expect(((await accepted.json()) as Json).jobs).toEqual(expect.any(Array));
      // A valid token from another issuer (the plain OIDC mock) is not this project's.
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.validToken), { SUPABASE_URL: supabase.url }), 'INVALID_TOKEN');
      // … and the OIDC issuer's URL as SUPABASE_URL derives {url}/auth/v1, which did not sign it.
      await expectAuthError(await gateway('/api/jobs', bearer(oidc.validToken), { SUPABASE_URL: oidc.issuer }), 'INVALID_TOKEN');
    });
  });

  it('accepts legacy HS256 tokens only when explicitly enabled', async () => {
    const secret = 'legacy-supabase-jwt-secret-0123456789abcdef';
    const issuer = 'https://legacy-project.supabase.co/auth/v1';
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ email: 'legacy@example.test', session_id: 's-legacy' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(newUser())
      .setIssuer(issuer)
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(secret));
    const base = { SUPABASE_URL: 'https://legacy-project.supabase.co', SUPABASE_JWT_SECRET: secret };
    await expectAuthError(await gateway('/api/jobs', bearer(token), base), 'INVALID_TOKEN');
    expect((await gateway('/api/jobs', bearer(token), { ...base, AUTH_LEGACY_HS256: 'true' })).status).toBe(200);
  });

  it('ignores client-sent identity headers', async () => {
    const victim = newUser();
    const attacker = newUser();
    await asUser(victim, '/api/jobs', { method: 'POST', json: { title: 'Secret', company: 'Victim Inc' } });
    const res = await asUser(attacker, '/api/jobs', {
      headers: { 'X-JobMatch-User-Id': victim, 'x-jobmatch-signature': '0'.repeat(64), 'X-JobMatch-Timestamp': String(Date.now()) },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).total).toBe(0);
  });

  it('core called directly, without the gateway signature, answers 401', async () => {
    const res = await env.CORE.fetch('https://core.internal/api/jobs', { headers: { 'x-jobmatch-user-id': newUser() } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Json).code).toBe('UNAUTHENTICATED_INTERNAL');
  });
});

/**
 * Auth attacks through the real gateway handler, against a real JWKS endpoint on loopback
 * (test/jwks-fixture.ts). Each case is named after what it proves.
 */
import { env } from 'cloudflare:test';
import { apiCache } from '@jobmatch/kv-schemas';
import { SignJWT, base64url, exportSPKI, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { INVALID_TOKEN_LIMIT } from '../src/auth/invalid-token-budget';
import { JWKS_FRESH_MS, JWKS_MAX_STALE_MS, JWKS_TIMEOUT_MS } from '../src/auth/jwks';
import { call, expectError, freshIp, scenarioIssuer } from './attack-helpers';
import type { Json } from './helpers';

const bearer = (token: string) => `Bearer ${token}`;

describe('Auth attacks: forged and broken tokens', () => {
  it('a token signed by the issuer’s key passes (the baseline every refusal below differs from)', async () => {
    const s = scenarioIssuer('baseline');
    const res = await call('/api/jobs', bearer(await s.token()), s.config);
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('alg "none" (unsigned) with the real issuer is refused with INVALID_TOKEN', async () => {
    const s = scenarioIssuer('alg-none');
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ sub: 'victim', iss: s.issuer, aud: 'authenticated', iat: now, exp: now + 600 }));
    await expectError(await call('/api/jobs', bearer(`${header}.${payload}.`), s.config), 401, 'INVALID_TOKEN');
  });

  it('HS256 with the JWKS public key as the HMAC secret (PEM or JWK text) is refused: algorithms are pinned', async () => {
    const s = scenarioIssuer('hs256-confusion');
    const pem = await exportSPKI((await importJWK(s.publicJwk, 'ES256')) as CryptoKey);
    const now = Math.floor(Date.now() / 1000);
    for (const secret of [pem, JSON.stringify(s.publicJwk)]) {
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', kid: s.publicJwk.kid })
        .setSubject('victim')
        .setIssuer(s.issuer)
        .setAudience('authenticated')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(secret));
      await expectError(await call('/api/jobs', bearer(forged), s.config), 401, 'INVALID_TOKEN');
    }
  });

  it('an unknown kid is refused with INVALID_TOKEN after at most one refetch, and repeats cost no fetch', async () => {
    const s = scenarioIssuer('unknown-kid');
    const forged = (kid: string) => s.token({ kid });
    await expectError(await call('/api/jobs', bearer(await forged('rotated-away')), s.config), 401, 'INVALID_TOKEN');
    expect(await s.fetches()).toBe(1); // the cold fetch; the refetch for the unknown kid waits out the cooldown
    for (let i = 0; i < 5; i++) {
      await expectError(await call('/api/jobs', bearer(await forged(`random-${i}`)), s.config), 401, 'INVALID_TOKEN');
    }
    expect(await s.fetches()).toBe(1);
  });

  it('expired beyond the clock tolerance answers TOKEN_EXPIRED; within it, the token still passes', async () => {
    const s = scenarioIssuer('expired');
    await expectError(await call('/api/jobs', bearer(await s.token({ expiresIn: -120 })), s.config), 401, 'TOKEN_EXPIRED');
    expect((await call('/api/jobs', bearer(await s.token({ expiresIn: -5 })), s.config)).status).toBe(200);
  });

  it('not yet valid (nbf in the future) is refused with INVALID_TOKEN', async () => {
    const s = scenarioIssuer('nbf');
    await expectError(await call('/api/jobs', bearer(await s.token({ notBefore: 600 })), s.config), 401, 'INVALID_TOKEN');
  });

  it('a wrong issuer and a wrong audience are refused with INVALID_TOKEN, though signed by the trusted key', async () => {
    const s = scenarioIssuer('iss-aud');
    await expectError(await call('/api/jobs', bearer(await s.token({ iss: `${s.issuer}-evil` })), s.config), 401, 'INVALID_TOKEN');
    await expectError(await call('/api/jobs', bearer(await s.token({ aud: 'service_role' })), s.config), 401, 'INVALID_TOKEN');
  });

  it('a tampered payload (sub swapped, signature kept) is refused with INVALID_TOKEN', async () => {
    const s = scenarioIssuer('tampered');
    const [header, payload, signature] = (await s.token({ sub: 'attacker' })).split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    const swapped = base64url.encode(JSON.stringify({ ...claims, sub: 'victim' }));
    await expectError(await call('/api/jobs', bearer(`${header}.${swapped}.${signature}`), s.config), 401, 'INVALID_TOKEN');
  });

  it('a revoked session’s fresh, validly signed token is refused with SESSION_REVOKED', async () => {
    const s = scenarioIssuer('revoked');
    const sub = `attack-user-${crypto.randomUUID()}`;
    const [revoked, other] = [`sess-${crypto.randomUUID()}`, `sess-${crypto.randomUUID()}`];
    for (const sessionId of [revoked, other]) {
      const res = await call('/api/sessions', bearer(await s.token({ sub, sessionId })), s.config, freshIp(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ session_id: sessionId }),
      });
      expect(res.status).toBeLessThan(300);
    }
    const del = await call(`/api/sessions/${revoked}`, bearer(await s.token({ sub, sessionId: other })), s.config, freshIp(), {
      method: 'DELETE',
    });
    expect(del.status).toBe(204);
    await expectError(await call('/api/jobs', bearer(await s.token({ sub, sessionId: revoked })), s.config), 401, 'SESSION_REVOKED');
  });

  it('a huge token (validly signed, 20 KiB of claims) is refused with INVALID_AUTH_FORMAT before it is decoded', async () => {
    const s = scenarioIssuer('huge');
    const huge = await s.token({ extra: { padding: 'x'.repeat(20 * 1024) } });
    await expectError(await call('/api/jobs', bearer(huge), s.config), 401, 'INVALID_AUTH_FORMAT');
    // 100 KiB of garbage in the header: the same clear 401, never a 500.
    await expectError(
      await call('/api/jobs', bearer(`${'a'.repeat(50_000)}.${'b'.repeat(50_000)}.c`), s.config),
      401,
      'INVALID_AUTH_FORMAT',
    );
  });

  it('the Bearer scheme is case-insensitive; leading and trailing whitespace is tolerated', async () => {
    const s = scenarioIssuer('scheme-case');
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const res = await call('/api/jobs', `${scheme} ${await s.token()}`, s.config);
      expect(res.status, scheme).toBe(200);
    }
    expect((await call('/api/jobs', `  Bearer ${await s.token()}  `, s.config)).status).toBe(200);
  });

  it('odd spacing, other schemes, several tokens and non-JWS shapes are refused with INVALID_AUTH_FORMAT', async () => {
    const s = scenarioIssuer('odd-authorization');
    const token = await s.token();
    const refused = [
      `Bearer  ${token}`,
      `Bearer\t${token}`,
      `Bearer${token}`,
      `Bearer ${token} ${token}`,
      `Bearer ${token}, Bearer ${token}`,
      `Basic ${btoa('user:password')}`,
      `Token ${token}`,
      `DPoP ${token}`,
      token,
      'Bearer',
      `Bearer ${token}.extra.parts`,
      `Bearer "${token}"`,
    ];
    for (const authorization of refused) {
      await expectError(await call('/api/jobs', authorization, s.config), 401, 'INVALID_AUTH_FORMAT');
    }
    await expectError(await call('/api/jobs', null, s.config), 401, 'MISSING_AUTH_HEADER');
  });
});

describe('Auth attacks: the JWKS endpoint failing, slow or answering garbage', () => {
  const cases = [
    ['failing (500)', 'fail'],
    ['answering garbage (not JSON)', 'garbage'],
    ['answering JSON that is not a key set', 'not-a-key-set'],
  ] as const;
  for (const [what, mode] of cases) {
    it(`JWKS ${what} on a cold isolate: 503 AUTH_UNAVAILABLE with Retry-After (not 401), and one fetch per cooldown`, async () => {
      const s = scenarioIssuer(`jwks-${mode}`);
      await s.mode(mode);
      const first = await call('/api/jobs', bearer(await s.token()), s.config);
      expect(first.headers.get('Retry-After')).toMatch(/^\d+$/);
      await expectError(first, 503, 'AUTH_UNAVAILABLE');
      await expectError(await call('/api/jobs', bearer(await s.token()), s.config), 503, 'AUTH_UNAVAILABLE');
      expect(await s.fetches()).toBe(1);
    });
  }

  it('JWKS slower than its timeout: 503 AUTH_UNAVAILABLE after the timeout, not a hang', async () => {
    const s = scenarioIssuer('jwks-slow');
    await s.mode('ok', JWKS_TIMEOUT_MS + 2_000);
    const started = Date.now();
    await expectError(await call('/api/jobs', bearer(await s.token()), s.config), 503, 'AUTH_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(JWKS_TIMEOUT_MS + 1_500);
  });

  it('40 concurrent forged tokens (real iss, random kid) against a 300 ms JWKS cost one fetch in total', async () => {
    const s = scenarioIssuer('jwks-flood');
    await s.mode('ok', 300);
    const forged = await Promise.all(Array.from({ length: 40 }, (_, i) => s.token({ kid: `random-${i}-${crypto.randomUUID()}` })));
    const answers = await Promise.all(forged.map((t) => call('/api/jobs', bearer(t), s.config)));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(401));
    expect(await s.fetches()).toBe(1);
    // … and valid users arriving together share that one fetch too.
    const t = scenarioIssuer('jwks-flood-valid');
    await t.mode('ok', 300);
    const valid = await Promise.all(Array.from({ length: 20 }, () => t.token()));
    const served = await Promise.all(valid.map((token) => call('/api/jobs', bearer(token), t.config)));
    expect(served.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await t.fetches()).toBe(1);
  });

  it('JWKS down while the last good copy is stale: valid users still pass (stale-if-error)', async () => {
    const s = scenarioIssuer('jwks-stale-if-error');
    await s.mode('fail');
    // This isolate's last good copy, 11 minutes old (older than the 10-minute freshness).
    await apiCache.jwksDocument.put(env.API_CACHE, s.jwksUrl, {
      keys: [s.publicJwk as never],
      fetchedAt: Date.now() - JWKS_FRESH_MS - 60_000,
    });
    const res = await call('/api/jobs', bearer(await s.token()), s.config);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await s.fetches()).toBe(1); // the background refresh was tried, and failed
    expect((await call('/api/jobs', bearer(await s.token()), s.config)).status).toBe(200);
  });

  it('JWKS down and the last copy older than the stale limit: 503 AUTH_UNAVAILABLE, never a 401', async () => {
    const s = scenarioIssuer('jwks-too-stale');
    await s.mode('fail');
    await apiCache.jwksDocument.put(env.API_CACHE, s.jwksUrl, {
      keys: [s.publicJwk as never],
      fetchedAt: Date.now() - JWKS_MAX_STALE_MS - 60_000,
    });
    await expectError(await call('/api/jobs', bearer(await s.token()), s.config), 503, 'AUTH_UNAVAILABLE');
  });

  it('a cold isolate takes a fresh key set from KV: no JWKS fetch and no KV write', async () => {
    const s = scenarioIssuer('jwks-kv-seed');
    const fetchedAt = Date.now() - 60_000;
    await apiCache.jwksDocument.put(env.API_CACHE, s.jwksUrl, { keys: [s.publicJwk as never], fetchedAt });
    for (let i = 0; i < 3; i++) expect((await call('/api/jobs', bearer(await s.token()), s.config)).status).toBe(200);
    expect(await s.fetches()).toBe(0);
    expect(((await apiCache.jwksDocument.get(env.API_CACHE, s.jwksUrl)) as Json).fetchedAt).toBe(fetchedAt);
  });

  it('a fetched key set is written back to KV once, for cold isolates', async () => {
    const s = scenarioIssuer('jwks-write-back');
    for (let i = 0; i < 3; i++) expect((await call('/api/jobs', bearer(await s.token()), s.config)).status).toBe(200);
    expect(await s.fetches()).toBe(1);
    const stored = (await apiCache.jwksDocument.get(env.API_CACHE, s.jwksUrl)) as Json;
    expect(stored.keys[0].kid).toBe(s.publicJwk.kid);
  });
});

describe('Auth attacks: invalid-token budget per client address', () => {
  it(`after ${INVALID_TOKEN_LIMIT} refused tokens an address gets 429 before verification; other addresses are unaffected`, async () => {
    const s = scenarioIssuer('budget');
    const ip = freshIp();
    const forged = `${(await s.token()).slice(0, -4)}AAAA`;
    for (let i = 0; i < INVALID_TOKEN_LIMIT; i++)
      await expectError(await call('/api/jobs', bearer(forged), s.config, ip), 401, 'INVALID_TOKEN');
    const over = await call('/api/jobs', bearer(forged), s.config, ip);
    expect(over.headers.get('Retry-After')).toMatch(/^\d+$/);
    await expectError(over, 429, 'RATE_LIMIT_EXCEEDED');
    // Over budget, even a good token not yet verified here waits: nothing is verified for this address.
    await expectError(await call('/api/jobs', bearer(await s.token()), s.config, ip), 429, 'RATE_LIMIT_EXCEEDED');
    expect((await call('/api/jobs', bearer(await s.token()), s.config, freshIp())).status).toBe(200);
  });

  it('IPv6 addresses of one /64 share a budget; another /64 has its own', async () => {
    const s = scenarioIssuer('budget-v6');
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    const forged = `${(await s.token()).slice(0, -4)}AAAA`;
    for (let i = 0; i < INVALID_TOKEN_LIMIT; i++) {
      await call('/api/jobs', bearer(forged), s.config, `${prefix}:${i.toString(16)}::${(i + 1).toString(16)}`);
    }
    await expectError(await call('/api/jobs', bearer(forged), s.config, `${prefix}::ffff:1`), 429, 'RATE_LIMIT_EXCEEDED');
    await expectError(await call('/api/jobs', bearer(forged), s.config, `${prefix.slice(0, -1)}2::1`), 401, 'INVALID_TOKEN');
  });
});

/**
 * Auth attacks over time: the gateway's remote key set (src/auth/jwks.ts) on a moved clock,
 * against the real JWKS endpoint on loopback (test/jwks-fixture.ts).
 */
import { env } from 'cloudflare:test';
import { jwtVerify } from 'jose';
import { JWKSNoMatchingKey } from 'jose/errors';
import { describe, expect, it, vi } from 'vitest';
import { FETCH_WAIT_MS, JWKS_COOLDOWN_MS, JWKS_FRESH_MS, JWKS_MAX_STALE_MS, RemoteKeySet, UNKNOWN_KID_TTL_MS } from '../src/auth/jwks';
import { scenarioIssuer } from './attack-helpers';

function keySetOn(name: string) {
  const s = scenarioIssuer(name);
  const clock = { now: Date.now() };
  const set = new RemoteKeySet(s.jwksUrl, () => clock.now);
  const pending: Promise<unknown>[] = [];
  const io = { kv: env.API_CACHE, waitUntil: (p: Promise<unknown>) => void pending.push(p) };
  const verify = async (kid?: string) => {
    const result = jwtVerify(await s.token(kid ? { kid } : {}), set.resolver(io), {
      issuer: s.issuer,
      audience: 'authenticated',
      algorithms: ['ES256'],
    });
    await result.finally(() => Promise.all(pending.splice(0)));
    return result;
  };
  return { s, clock, verify };
}

describe('Auth attacks: the JWKS endpoint down for hours', () => {
  it('the last good copy serves through the outage up to the stale limit, then 503 AUTH_UNAVAILABLE; it recovers after the cooldown', async () => {
    const { s, clock, verify } = keySetOn('outage');
    const start = clock.now;
    await verify();
    expect(await s.fetches()).toBe(1);
    await s.mode('fail');

    clock.now = start + JWKS_FRESH_MS + 1; // stale: refreshed behind the request, which still passes
    await verify();
    expect(await s.fetches()).toBe(2);
    clock.now += 1_000; // a failed refresh starts the cooldown too
    await verify();
    expect(await s.fetches()).toBe(2);
    clock.now += JWKS_COOLDOWN_MS;
    await verify();
    expect(await s.fetches()).toBe(3);

    clock.now = start + JWKS_MAX_STALE_MS + 1;
    await expect(verify()).rejects.toMatchObject({ statusCode: 503, code: 'AUTH_UNAVAILABLE' });
    await s.mode('ok');
    await expect(verify()).rejects.toMatchObject({ code: 'AUTH_UNAVAILABLE' }); // still in the cooldown: no fetch
    clock.now += JWKS_COOLDOWN_MS;
    await verify();
    expect(await s.fetches()).toBe(5);
  });

  it('an unknown kid is remembered past the cooldown, so repeating it costs no fetch; a new kid may refetch once', async () => {
    expect(UNKNOWN_KID_TTL_MS).toBeGreaterThan(JWKS_COOLDOWN_MS);
    const { s, clock, verify } = keySetOn('negative-kid');
    await verify();
    clock.now += JWKS_COOLDOWN_MS + 1;
    await expect(verify('ghost')).rejects.toBeInstanceOf(JWKSNoMatchingKey);
    expect(await s.fetches()).toBe(2);
    clock.now += JWKS_COOLDOWN_MS + 1; // cooldown over, kid still remembered
    await expect(verify('ghost')).rejects.toBeInstanceOf(JWKSNoMatchingKey);
    expect(await s.fetches()).toBe(2);
    await expect(verify('another-ghost')).rejects.toBeInstanceOf(JWKSNoMatchingKey);
    expect(await s.fetches()).toBe(3);
  });
});

describe('Requests sharing one JWKS fetch', () => {
  it('a request waiting for another request’s fetch that never ends (that request was cancelled) stops waiting and answers 503, not a hang', async () => {
    const s = scenarioIssuer('abandoned-fetch');
    const set = new RemoteKeySet(s.jwksUrl);
    const io = { kv: env.API_CACHE, waitUntil: () => {} };
    const verify = async () =>
      jwtVerify(await s.token(), set.resolver(io), { issuer: s.issuer, audience: 'authenticated', algorithms: ['ES256'] });
    // The first request's fetch never settles: what a request cancelled mid-fetch leaves behind
    // (its promise would otherwise be the one every other request awaits).
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementationOnce(() => new Promise<Response>(() => {}));
    try {
      void verify().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await Promise.race([
        verify().then(
          () => 'verified',
          (error: { code?: string }) => error.code,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), FETCH_WAIT_MS + 2_000)),
      ]);
      expect(second).toBe('AUTH_UNAVAILABLE');
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

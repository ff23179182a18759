/**
 * Strict rate-limit tier: a Durable Object per (policy, user) through the real gateway.
 * Cost-bearing routes (here POST /api/emails/send) admit exactly the limit; an unreachable
 * object fails closed with 503.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StrictRateLimiter } from '../src/rate-limit';
import { alignToWindow, sleep } from '@jobmatch/test-support/common';
import { devToken, gateway, newUser, type Json } from './helpers';

const sendEmail = async (token: string, overrides: object) =>
  gateway(
    '/api/emails/send',
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ applicationId: 'app-1' }),
    },
    overrides,
  );

/**
 * What the upstream answers when the limiter admits the request: a fresh user's first call,
 * under a limit it cannot reach. Admitted responses must carry exactly this status, so a 5xx
 * (or anything but the upstream's answer) is never counted as admitted.
 */
async function upstreamAnswer(overrides: object): Promise<number> {
  const res = await sendEmail(await devToken(newUser()), overrides);
  expect(res.status, await res.clone().text()).toBeLessThan(500);
  expect(res.status).not.toBe(429);
  expect(res.headers.get('X-RateLimit-Remaining')).not.toBeNull();
  return res.status;
}

afterEach(() => vi.restoreAllMocks());

describe('strict tier (Durable Object)', () => {
  it('admits exactly the limit out of 200 concurrent requests; the rest get 429 with headers; KV untouched', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const overrides = { RATE_LIMITS: kv, RATE_LIMIT_POLICIES: JSON.stringify({ 'emails-send': { limit: 20 } }) };
    const token = await devToken(newUser());
    await alignToWindow(3600);

    const admittedStatus = await upstreamAnswer(overrides);
    const responses = await Promise.all(Array.from({ length: 200 }, () => sendEmail(token, overrides)));
    const admitted = responses.filter((r) => r.status === admittedStatus);
    const limited = responses.filter((r) => r.status === 429);
    expect(admitted).toHaveLength(20);
    expect(limited).toHaveLength(180);
    expect(admitted.map((r) => Number(r.headers.get('X-RateLimit-Remaining'))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    const resetIso = admitted[0]!.headers.get('X-RateLimit-Reset')!;
    for (const r of limited) {
      expect(r.headers.get('X-RateLimit-Limit')).toBe('20');
      expect(r.headers.get('X-RateLimit-Remaining')).toBe('0');
      expect(r.headers.get('X-RateLimit-Reset')).toBe(resetIso);
      expect(r.headers.get('RateLimit-Policy')).toBe('"emails-send";q=20;w=3600');
      expect(Number(r.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    }
    expect(await limited[0]!.json()).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      statusCode: 429,
      details: { limit: 20, remaining: 0, resetAt: resetIso },
    });
    expect(kv.stats.writes + kv.stats.reads).toBe(0);

    // Another user has their own object.
    const other = await sendEmail(await devToken(newUser()), overrides);
    expect(other.status).toBe(admittedStatus);
    expect(other.headers.get('X-RateLimit-Remaining')).toBe('19');
  });

  it('is exact across isolates: the count lives in the object, not in the gateway', async () => {
    const user = newUser();
    const policy = { limit: 3, windowSeconds: 3600 };
    const stub = env.STRICT_RATE_LIMITER.get(env.STRICT_RATE_LIMITER.idFromName(`emails-send|u:${user}`));
    await alignToWindow(3600);
    // Two uses recorded by "another isolate" (a direct call to the same object).
    await stub.consume('POST /api/emails/send', policy.limit, policy.windowSeconds);
    await stub.consume('POST /api/emails/send', policy.limit, policy.windowSeconds);
    const overrides = { RATE_LIMIT_POLICIES: JSON.stringify({ 'emails-send': { limit: 3 } }) };
    const token = await devToken(user);
    const admittedStatus = await upstreamAnswer(overrides);
    const last = await sendEmail(token, overrides);
    expect(last.status).toBe(admittedStatus);
    expect(last.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect((await sendEmail(token, overrides)).status).toBe(429);
  });

  it('passes again after the window', async () => {
    const overrides = { RATE_LIMIT_POLICIES: JSON.stringify({ 'emails-send': { limit: 2, windowSeconds: 2 } }) };
    const token = await devToken(newUser());
    const admittedStatus = await upstreamAnswer(overrides);
    await alignToWindow(2);
    const first = await Promise.all(Array.from({ length: 6 }, () => sendEmail(token, overrides)));
    expect(first.filter((r) => r.status === admittedStatus)).toHaveLength(2);
    expect(first.filter((r) => r.status === 429)).toHaveLength(4);
    const resetAt = Date.parse(first.find((r) => r.status === 429)!.headers.get('X-RateLimit-Reset')!);
    await sleep(Math.max(0, resetAt - Date.now()) + 20);
    const again = await sendEmail(token, overrides);
    expect(again.status).toBe(admittedStatus);
    expect(again.headers.get('X-RateLimit-Remaining')).toBe('1');
  });

  it('is route-table config: the default policy switched to strict is enforced by the object', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const overrides = { RATE_LIMITS: kv, RATE_LIMIT_POLICIES: JSON.stringify({ default: { limit: 5, tier: 'strict' } }) };
    const token = await devToken(newUser());
    await alignToWindow(900);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => gateway('/api/jobs', { headers: { Authorization: `Bearer ${token}` } }, overrides)),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(25);
    expect(kv.stats.writes + kv.stats.reads).toBe(0);
  });

  it('fails closed with 503 RATE_LIMIT_UNAVAILABLE when the object cannot be reached (logged)', async () => {
    const error = vi.spyOn(console, 'error');
    const unreachable = {
      idFromName: (name: string) => env.STRICT_RATE_LIMITER.idFromName(name),
      get: () => ({
        consume: () => Promise.reject(new Error('Durable Object unavailable (simulated)')),
      }),
    } as unknown as DurableObjectNamespace<StrictRateLimiter>;
    const throwing = {
      idFromName: () => {
        throw new Error('binding broken (simulated)');
      },
    } as unknown as DurableObjectNamespace<StrictRateLimiter>;
    for (const binding of [unreachable, throwing]) {
      const res = await sendEmail(await devToken(newUser()), { STRICT_RATE_LIMITER: binding });
      expect(res.status).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      const body = (await res.json()) as Json;
      expect(body).toMatchObject({ code: 'RATE_LIMIT_UNAVAILABLE', statusCode: 503, requestId: res.headers.get('X-Request-Id') });
    }
    const logged = error.mock.calls.map((c) => JSON.parse(String(c[0])) as Json).filter((l) => l.msg === 'rate_limit_strict_unavailable');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: 'error', policy: 'emails-send', route: 'POST /api/emails/send', failClosed: true });
  });

  it('cleans up ended windows with an alarm', async () => {
    const stub = env.STRICT_RATE_LIMITER.get(env.STRICT_RATE_LIMITER.idFromName(`emails-send|u:${newUser()}`));
    await stub.consume('POST /api/emails/send', 10, 3600);
    await runInDurableObject(stub, (instance: StrictRateLimiter, state) => {
      // An old window of another route, ended long ago.
      state.storage.kv.put('POST /api/old', { windowStart: 0, windowEnd: 1000, count: 4 });
      expect(state.storage.kv.get('POST /api/old')).toBeDefined();
      return instance;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (_instance, state) => {
      expect(state.storage.kv.get('POST /api/old')).toBeUndefined();
      expect(state.storage.kv.get('POST /api/emails/send')).toMatchObject({ count: 1 });
      expect(await state.storage.getAlarm()).not.toBeNull();
    });
  });
});

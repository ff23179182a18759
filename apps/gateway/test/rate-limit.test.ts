/**
 * KV rate-limit tier through the real gateway, against a KV binding that behaves like
 * production (a second write to a key within 1 s, or a TTL under 60 s, fails).
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { rateLimits } from '@jobmatch/kv-schemas';
import { kvWithStalledFirstRead } from '@jobmatch/test-support/faults';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KvRateLimiter, parsePolicies, DEFAULT_POLICIES } from '../src/rate-limit';
import { LOAD_WAIT_MS, PERSIST_FROM_COUNT } from '../src/rate-limit/kv-tier';
import { alignToWindow, sleep } from '@jobmatch/test-support/common';
import { devToken, gateway, newUser, type Json } from './helpers';

const ORIGIN = 'http://localhost:5173';
const policies = (o: Record<string, object>) => JSON.stringify(o);

async function burst(n: number, path: string, headers: Record<string, string>, overrides: object): Promise<Response[]> {
  return Promise.all(Array.from({ length: n }, () => gateway(path, { headers }, overrides)));
}

const auth = async (userId: string) => ({ Authorization: `Bearer ${await devToken(userId)}`, Origin: ORIGIN });

afterEach(() => vi.restoreAllMocks());

describe('KV tier under a burst', () => {
  it('admits exactly the limit in one isolate, answers the rest 429 with headers, writes KV at most once a second', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    // Sessions and the API cache see the same burst through production-like KV too.
    const sessionsKv = prodLikeKv(env.SESSIONS);
    const cacheKv = prodLikeKv(env.API_CACHE);
    const overrides = {
      RATE_LIMITS: kv,
      SESSIONS: sessionsKv,
      API_CACHE: cacheKv,
      RATE_LIMIT_POLICIES: policies({ default: { limit: 20, windowSeconds: 3600 } }),
    };
    const user = newUser();
    await alignToWindow(3600);

    const responses = await burst(200, '/api/jobs', await auth(user), overrides);
    const admitted = responses.filter((r) => r.status !== 429);
    const limited = responses.filter((r) => r.status === 429);
    expect(admitted).toHaveLength(20);
    expect(admitted.every((r) => r.status === 200)).toBe(true);
    expect(limited).toHaveLength(180);

    const remaining = admitted.map((r) => Number(r.headers.get('X-RateLimit-Remaining'))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const resetIso = admitted[0]!.headers.get('X-RateLimit-Reset')!;
    const resetAt = Date.parse(resetIso);
    expect(new Date(resetAt).toISOString()).toBe(resetIso);
    expect(resetAt % 3_600_000).toBe(0);
    for (const r of admitted) {
      expect(r.headers.get('X-RateLimit-Limit')).toBe('20');
      expect(r.headers.get('X-RateLimit-Reset')).toBe(resetIso);
      expect(r.headers.get('RateLimit-Policy')).toBe('"default";q=20;w=3600');
      expect(r.headers.get('RateLimit')).toMatch(new RegExp(`^"default";r=${r.headers.get('X-RateLimit-Remaining')};t=\\d+$`));
      expect(r.headers.get('Retry-After')).toBeNull();
    }

    for (const r of limited) {
      const retryAfter = Number(r.headers.get('Retry-After'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(r.headers.get('X-RateLimit-Limit')).toBe('20');
      expect(r.headers.get('X-RateLimit-Remaining')).toBe('0');
      expect(r.headers.get('X-RateLimit-Reset')).toBe(resetIso);
      expect(r.headers.get('RateLimit')).toBe(`"default";r=0;t=${retryAfter}`);
      expect(r.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
    }
    const body = (await limited[0]!.json()) as Json;
    expect(body).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      statusCode: 429,
      requestId: limited[0]!.headers.get('X-Request-Id'),
      details: { limit: 20, remaining: 0, resetAt: resetIso },
    });
    expect(body.message).toEqual(expect.any(String));

    // Production KV would have refused none of these writes; the burst cost one or two.
    expect(kv.stats.violations).toEqual([]);
    expect(kv.stats.writes).toBeGreaterThanOrEqual(1);
    expect(kv.stats.writes).toBeLessThanOrEqual(2);
    const stored = await rateLimits.windowCounter.get(env.RATE_LIMITS, {
      policy: 'default',
      route: 'GET /api/jobs',
      subject: `u:${user}`,
      windowStart: resetAt - 3_600_000,
    });
    expect(stored).toMatchObject({ count: 20, windowStart: resetAt - 3_600_000, windowSeconds: 3600 });

    // A second user is unaffected.
    const other = await gateway('/api/jobs', { headers: await auth(newUser()) }, overrides);
    expect(other.status).toBe(200);
    expect(other.headers.get('X-RateLimit-Remaining')).toBe('19');
    expect(kv.stats.violations).toEqual([]);
    expect(sessionsKv.stats.violations).toEqual([]);
    expect(cacheKv.stats.violations).toEqual([]);
  });

  it('passes again after the window (short window; TTLs stay at least 60 s)', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const overrides = { RATE_LIMITS: kv, RATE_LIMIT_POLICIES: policies({ default: { limit: 3, windowSeconds: 2 } }) };
    const headers = await auth(newUser());
    await alignToWindow(2);
    const first = await burst(10, '/api/jobs', headers, overrides);
    expect(first.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = first.find((r) => r.status === 429)!;
    const resetAt = Date.parse(refused.headers.get('X-RateLimit-Reset')!);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(2);

    await sleep(Math.max(0, resetAt - Date.now()) + 20);
    const again = await gateway('/api/jobs', { headers }, overrides);
    expect(again.status).toBe(200);
    expect(again.headers.get('X-RateLimit-Remaining')).toBe('2');
    expect(kv.stats.violations).toEqual([]); // TTL clamped to ≥ 60 s although the window is 2 s
  });

  it('counts per route template, not per concrete path', async () => {
    const overrides = { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS), RATE_LIMIT_POLICIES: policies({ default: { limit: 3 } }) };
    const headers = await auth(newUser());
    const statuses = [];
    for (const id of ['a1', 'b2', 'c3', 'd4']) statuses.push((await gateway(`/api/jobs/${id}`, { headers }, overrides)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const list = await gateway('/api/jobs', { headers }, overrides);
    expect(list.status).toBe(200);
    expect(list.headers.get('X-RateLimit-Remaining')).toBe('2');
  });

  it("an alias route shares its original route's counter (GET /api/auth/linkedin ≡ …/initiate)", async () => {
    const overrides = { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS) };
    const headers = await auth(newUser());
    // What the upstream answers an admitted call (a fresh user's first): each admitted call must
    // get exactly that, so a crash (500 INTERNAL_ERROR) is never counted as admitted.
    const fresh = await gateway('/api/auth/linkedin/initiate', { headers: await auth(newUser()) }, overrides);
    const upstream = { status: fresh.status, code: ((await fresh.json()) as Json).code };
    expect([upstream.status, upstream.code]).not.toEqual([500, 'INTERNAL_ERROR']);
    expect(upstream.status).not.toBe(429);
    const statuses = [];
    for (const path of [
      '/api/auth/linkedin/initiate',
      '/api/auth/linkedin',
      '/api/auth/linkedin/initiate',
      '/api/auth/linkedin',
      '/api/auth/linkedin',
      '/api/auth/linkedin/initiate',
    ]) {
      const res = await gateway(path, { headers }, overrides);
      statuses.push(res.status);
    }
    // The contract's 5 / 15 min, once: the sixth call is refused whichever path it takes.
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(upstream.status));
    expect(statuses[5]).toBe(429);
  });

  it('limits public routes per CF-Connecting-IP only (X-Forwarded-For is ignored)', async () => {
    const overrides = { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS), RATE_LIMIT_POLICIES: policies({ 'public-ip': { limit: 2 } }) };
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const call = (headers: Record<string, string>) => gateway('/api/resume/supported-formats', { headers }, overrides);
    const a = await call({ 'CF-Connecting-IP': ip, 'X-Forwarded-For': '10.0.0.1' });
    const b = await call({ 'CF-Connecting-IP': ip, 'X-Forwarded-For': '10.0.0.2' });
    const c = await call({ 'CF-Connecting-IP': ip, 'X-Forwarded-For': '10.0.0.3' });
    expect([a, b].map((r) => r.status === 429)).toEqual([false, false]);
    expect(a.headers.get('RateLimit-Policy')).toBe('"public-ip";q=2;w=60');
    expect(c.status).toBe(429);
    const otherIp = await call({ 'CF-Connecting-IP': `2001:db8::${Math.floor(Math.random() * 9999)}` });
    expect(otherIp.status).not.toBe(429);
    expect(otherIp.headers.get('X-RateLimit-Remaining')).toBe('1');
  });

  it('does not count CORS preflights', async () => {
    const overrides = { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS), RATE_LIMIT_POLICIES: policies({ default: { limit: 5 } }) };
    for (let i = 0; i < 8; i++) {
      const preflight = await gateway(
        '/api/jobs',
        { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } },
        overrides,
      );
      expect(preflight.status).toBe(204);
    }
    const res = await gateway('/api/jobs', { headers: await auth(newUser()) }, overrides);
    expect(res.status).toBe(200);
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('4');
  });

  it('puts the headers on gateway errors after admission too (upstream failure)', async () => {
    const res = await gateway(
      '/api/jobs',
      { headers: await auth(newUser()) },
      { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS), CORE: env.FAULTY_THROWS },
    );
    expect(res.status).toBe(502);
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('99');
    expect(res.headers.get('RateLimit-Policy')).toBe('"default";q=100;w=900');
  });

  it('uses the contract limits when nothing overrides them', async () => {
    const res = await gateway('/api/jobs', { headers: await auth(newUser()) }, { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS) });
    expect(res.headers.get('RateLimit-Policy')).toBe('"default";q=100;w=900');
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('99');
  });
});

describe('KV tier persistence', () => {
  const subject = () => ({ policy: 'default', route: 'GET /api/jobs', subject: `u:${newUser()}` });
  const policy = { limit: 20, windowSeconds: 3600, tier: 'kv' as const };

  it('survives a restart: a limiter with empty memory continues from the persisted count', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const who = subject();
    await alignToWindow(3600);
    const before = new KvRateLimiter();
    const ctx = createExecutionContext();
    for (let i = 0; i < 5; i++) expect((await before.consume(kv, who, policy, ctx)).allowed).toBe(true);
    await waitOnExecutionContext(ctx); // the write-behind lands

    const afterRestart = new KvRateLimiter();
    const ctx2 = createExecutionContext();
    const decision = await afterRestart.consume(kv, who, policy, ctx2);
    await waitOnExecutionContext(ctx2);
    expect(decision).toMatchObject({ allowed: true, remaining: 14 });
    expect(kv.stats.violations).toEqual([]);
  });

  it('a request waiting for another request’s counter load that never ends (that request was cancelled) is still answered', async () => {
    const kv = kvWithStalledFirstRead(env.RATE_LIMITS);
    const limiter = new KvRateLimiter();
    const who = subject();
    const ctx = createExecutionContext();
    void limiter.consume(kv, who, policy, ctx);
    await sleep(20);
    const second = await Promise.race([limiter.consume(kv, who, policy, ctx), sleep(LOAD_WAIT_MS + 2_000).then(() => 'still waiting')]);
    // Counted from what this isolate knows (as when KV fails): the cancelled request's admission is not in it.
    expect(second).toMatchObject({ allowed: true, remaining: 19 });
  });

  it('a restarted limiter refuses a user who already used the whole window', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const who = subject();
    await alignToWindow(3600);
    const ctx = createExecutionContext();
    const first = new KvRateLimiter();
    const decisions = await Promise.all(Array.from({ length: 30 }, () => first.consume(kv, who, policy, ctx)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    await waitOnExecutionContext(ctx);
    const ctx2 = createExecutionContext();
    expect(await new KvRateLimiter().consume(kv, who, policy, ctx2)).toMatchObject({ allowed: false, remaining: 0 });
    await waitOnExecutionContext(ctx2);
    expect(kv.stats.violations).toEqual([]);
  });

  it("two isolates on one key: the second waits out the first one's write, also while it keeps admitting", async () => {
    // Puts that take a while, as over a real network: overlapping flushes would show.
    const slowPuts = new Proxy(env.RATE_LIMITS, {
      get: (target, prop) =>
        prop === 'put'
          ? async (...args: Parameters<KVNamespace['put']>) => {
              await sleep(150);
              return target.put(...args);
            }
          : Reflect.get(target, prop).bind(target),
    });
    const kv = prodLikeKv(slowPuts);
    const who = subject();
    await alignToWindow(3600);
    const isolateA = new KvRateLimiter();
    const isolateB = new KvRateLimiter();
    const ctxA = createExecutionContext();
    for (let i = 0; i < PERSIST_FROM_COUNT; i++) await isolateA.consume(kv, who, policy, ctxA);
    await waitOnExecutionContext(ctxA); // A has just written the key
    const ctxB1 = createExecutionContext();
    await isolateB.consume(kv, who, policy, ctxB1); // B's flush finds A's fresh write and defers
    await sleep(300);
    const ctxB2 = createExecutionContext();
    const last = await isolateB.consume(kv, who, policy, ctxB2); // admitted during the deferral
    await Promise.all([waitOnExecutionContext(ctxB1), waitOnExecutionContext(ctxB2)]);
    expect(last.remaining).toBe(20 - PERSIST_FROM_COUNT - 2);
    expect(kv.stats.violations).toEqual([]);
    const ctxC = createExecutionContext();
    expect((await new KvRateLimiter().consume(kv, who, policy, ctxC)).remaining).toBe(20 - PERSIST_FROM_COUNT - 3);
    await waitOnExecutionContext(ctxC);
    expect(kv.stats.violations).toEqual([]);
  });

  it('keeps coalescing across a sustained stream: one write per key per second at most', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const who = subject();
    const limiter = new KvRateLimiter();
    const ctx = createExecutionContext();
    const big = { limit: 10_000, windowSeconds: 3600, tier: 'kv' as const };
    const started = Date.now();
    let admitted = 0;
    while (Date.now() - started < 2500) {
      await Promise.all(Array.from({ length: 20 }, async () => (await limiter.consume(kv, who, big, ctx)).allowed && admitted++));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitOnExecutionContext(ctx);
    expect(kv.stats.violations).toEqual([]);
    expect(kv.stats.writes).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 1);
    const ctx2 = createExecutionContext();
    expect((await new KvRateLimiter().consume(kv, who, big, ctx2)).remaining).toBe(big.limit - admitted - 1);
    await waitOnExecutionContext(ctx2);
  });
});

describe('KV tier against address rotation', () => {
  it('a brand-new counter costs no KV write: 50 one-request clients, zero writes; a second request makes it shared', async () => {
    const kv = prodLikeKv(env.RATE_LIMITS);
    const limiter = new KvRateLimiter();
    const ctx = createExecutionContext();
    const policy = { limit: 100, windowSeconds: 3600, tier: 'kv' as const };
    const who = (i: number) => ({ policy: 'public-ip', route: 'GET /api/x', subject: `ip:rotating-${crypto.randomUUID()}-${i}` });
    for (let i = 0; i < 50; i++) expect((await limiter.consume(kv, who(i), policy, ctx)).allowed).toBe(true);
    await waitOnExecutionContext(ctx);
    expect(kv.stats.writes).toBe(0);
    const repeat = who(99);
    const ctx2 = createExecutionContext();
    for (let i = 0; i < PERSIST_FROM_COUNT; i++) await limiter.consume(kv, repeat, policy, ctx2);
    await waitOnExecutionContext(ctx2);
    expect(kv.stats.writes).toBe(1);
    expect(kv.stats.violations).toEqual([]);
  });

  it('IPv6 clients are counted per /64: rotating the interface id does not reset the public-route limit', async () => {
    const overrides = { RATE_LIMITS: prodLikeKv(env.RATE_LIMITS), RATE_LIMIT_POLICIES: policies({ 'public-ip': { limit: 3 } }) };
    const site = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    const call = (ip: string) => gateway('/api/resume/supported-formats', { headers: { 'CF-Connecting-IP': ip } }, overrides);
    const statuses = [];
    for (const host of ['::1', ':0:0:0:2', ':abcd:1234:5678:9abc', '::ffff', ':1::1'])
      statuses.push((await call(`${site}:1${host}`)).status);
    expect(statuses.map((s) => s === 429)).toEqual([false, false, false, true, true]);
    const otherNet = await call(`${site}:2::1`);
    expect(otherNet.status).not.toBe(429);
  });
});

describe('KV tier failure policy: fail open, logged', () => {
  const failing = (inner: KVNamespace, ops: { get?: boolean; put?: boolean }) =>
    ({
      get: (...args: Parameters<KVNamespace['get']>) =>
        ops.get ? Promise.reject(new Error('KV unavailable (simulated)')) : inner.get(...args),
      put: (...args: Parameters<KVNamespace['put']>) =>
        ops.put ? Promise.reject(new Error('KV unavailable (simulated)')) : inner.put(...args),
      delete: (key: string) => inner.delete(key),
      list: () => inner.list(),
      getWithMetadata: (key: string) => inner.getWithMetadata(key),
    }) as unknown as KVNamespace;

  for (const ops of [{ get: true, put: true }, { put: true }]) {
    it(`admits requests when KV ${ops.get ? 'reads and writes' : 'writes'} fail`, async () => {
      const warn = vi.spyOn(console, 'warn');
      const overrides = { RATE_LIMITS: failing(env.RATE_LIMITS, ops), RATE_LIMIT_POLICIES: policies({ default: { limit: 20 } }) };
      const responses = await burst(5, '/api/jobs', await auth(newUser()), overrides);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(responses.map((r) => r.headers.get('X-RateLimit-Limit'))).toEqual(Array(5).fill('20'));
      const logged = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as Json).filter((l) => l.msg === 'rate_limit_kv_unavailable');
      expect(logged.length).toBeGreaterThan(0);
      expect(logged[0]).toMatchObject({ level: 'warn', failOpen: true });
      if (ops.get) expect(logged.some((l) => l.op === 'read')).toBe(true);
      expect(logged.some((l) => l.op === 'write')).toBe(true);
    });
  }
});

describe('policy configuration (RATE_LIMIT_POLICIES)', () => {
  it('merges valid overrides over the contract defaults', () => {
    const p = parsePolicies(policies({ 'emails-send': { limit: 5 }, default: { windowSeconds: 60, tier: 'strict' } }));
    expect(p['emails-send']).toEqual({ limit: 5, windowSeconds: 3600, tier: 'strict' });
    expect(p.default).toEqual({ limit: 100, windowSeconds: 60, tier: 'strict' });
    expect(p.exports).toEqual(DEFAULT_POLICIES.exports);
  });

  it('falls back to the contract defaults and logs an error for an invalid override', () => {
    const error = vi.spyOn(console, 'error');
    for (const bad of [
      '{not json',
      '{"default":{"limit":0}}',
      '{"no-such-policy":{"limit":5}}',
      '{"default":{"tier":"redis"}}',
      '{"default":{"limit":5,"extra":1}}',
      '[]',
      '{"default":5}',
      '{"default":{"limit":2.5}}',
      '{"default":{"limit":"5"}}',
      '{"default":{"limit":1000000001}}',
      '{"default":{"windowSeconds":86401}}',
      '{"default":{"windowSeconds":0}}',
      '{"__proto__":{"limit":5}}',
      '{"default":{"__proto__":{"limit":5}}}',
      '{"emails-send":{"limit":5},"default":{"tier":null}}',
    ]) {
      expect(parsePolicies(bad), bad).toBe(DEFAULT_POLICIES);
    }
    const lines = error.mock.calls.map((c) => JSON.parse(String(c[0])) as Json);
    expect(lines.filter((l) => l.msg === 'rate_limit_config_invalid')).toHaveLength(15);
  });

  it('says which policy and field of an invalid override is wrong', () => {
    const error = vi.spyOn(console, 'error');
    parsePolicies('{"default":{"windowSeconds":90000}}');
    const [line] = error.mock.calls.map((c) => JSON.parse(String(c[0])) as Json);
    expect(line?.why).toBe('RATE_LIMIT_POLICIES at default.windowSeconds: must be an integer from 1 to 86400');
  });

  it('accepts the bounds of each field', () => {
    const p = parsePolicies('{"default":{"limit":1000000000,"windowSeconds":86400,"tier":"kv"},"exports":{"limit":1,"windowSeconds":1}}');
    expect(p.default).toEqual({ limit: 1_000_000_000, windowSeconds: 86_400, tier: 'kv' });
    expect(p.exports).toEqual({ limit: 1, windowSeconds: 1, tier: 'kv' });
  });

  it('an invalid override in the environment keeps the contract limit at the gateway', async () => {
    vi.spyOn(console, 'error');
    const res = await gateway('/api/jobs', { headers: await auth(newUser()) }, { RATE_LIMIT_POLICIES: '{"default":{"limit":-1}}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('RateLimit-Policy')).toBe('"default";q=100;w=900');
  });
});

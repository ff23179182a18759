/** GET /health: public without internals, details for an authorised caller, one probe round per few seconds. */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTH_CACHE_MS, HEALTH_TOKEN_HEADER, forgetHealthRound } from '../src/health';
import { gateway, type Json } from './helpers';

const TOKEN = 'health-token-for-the-tests-0123456789';
const production = { ENVIRONMENT: 'production', HEALTH_TOKEN: TOKEN };

beforeEach(() => forgetHealthRound());
afterEach(() => vi.restoreAllMocks());

describe('GET /health', () => {
  it('in development every caller gets the details: latency and versions per service', async () => {
    const res = await gateway('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: 'ok', environment: 'development', version: expect.any(String) });
    for (const service of ['core', 'ai', 'integrations']) {
      expect(body.services[service]).toMatchObject({ status: 'ok', latencyMs: expect.any(Number), version: expect.any(String) });
    }
  });

  it('answers 503 degraded when a service is down', async () => {
    const res = await gateway('/health', {}, { AI: env.FAULTY_THROWS });
    expect(res.status).toBe(503);
    const body = (await res.json()) as Json;
    expect(body.status).toBe('degraded');
    expect(body.services.ai.status).toBe('down');
    expect(body.services.core.status).toBe('ok');
  });

  it('outside development the public answer names only statuses: no exception text, versions, latency or environment', async () => {
    const res = await gateway('/health', {}, { ...production, AI: env.FAULTY_THROWS });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      status: 'degraded',
      services: { core: { status: 'ok' }, ai: { status: 'down' }, integrations: { status: 'ok' } },
    });
    expect(text).not.toContain('boom');
  });

  it('outside development the details need X-Health-Token equal to HEALTH_TOKEN; a wrong or missing secret gets the public answer', async () => {
    const withToken = (await (await gateway('/health', { headers: { [HEALTH_TOKEN_HEADER]: TOKEN } }, production)).json()) as Json;
    expect(withToken).toMatchObject({ environment: 'production', services: { core: { latencyMs: expect.any(Number) } } });
    const refused = [
      [{ [HEALTH_TOKEN_HEADER]: `${TOKEN}x` }, production],
      [{ [HEALTH_TOKEN_HEADER]: TOKEN.slice(0, -1) }, production],
      [{}, production],
      // No secret configured: no token unlocks the details, not even an empty one.
      [{ [HEALTH_TOKEN_HEADER]: '' }, { ENVIRONMENT: 'production', HEALTH_TOKEN: '' }],
    ] as const;
    for (const [headers, config] of refused) {
      const body = (await (await gateway('/health', { headers }, config)).json()) as Json;
      expect(Object.keys(body).sort(), JSON.stringify(headers)).toEqual(['services', 'status']);
    }
  });

  it('one probe round serves every /health call for a few seconds: 20 calls cost one call per service', async () => {
    let probes = 0;
    const counted = (binding: Fetcher) => ({
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        probes++;
        return binding.fetch(input, init);
      },
    });
    const bindings = { ...production, CORE: counted(env.CORE), AI: counted(env.AI), INTEGRATIONS: counted(env.INTEGRATIONS) } as never;
    expect((await gateway('/health', {}, bindings)).status).toBe(200); // the isolate's first round
    const calls = await Promise.all(Array.from({ length: 10 }, () => gateway('/health', {}, bindings)));
    for (let i = 0; i < 9; i++) calls.push(await gateway('/health', {}, bindings));
    expect(calls.map((r) => r.status)).toEqual(Array(19).fill(200));
    expect(probes).toBe(3);
    const later = Date.now() + HEALTH_CACHE_MS + 1;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect((await gateway('/health', {}, bindings)).status).toBe(200);
    expect(probes).toBe(6);
  });

  it('a call while a round is in flight answers from the last round instead of awaiting another request’s probes', async () => {
    expect((await gateway('/health', {}, production)).status).toBe(200);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowCore = {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        await gate;
        return env.CORE.fetch(input, init);
      },
    };
    const bindings = { ...production, CORE: slowCore } as never;
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + HEALTH_CACHE_MS + 1);
    const first = gateway('/health', {}, bindings); // starts the next round; core's probe waits on the gate
    const second = await Promise.race([
      gateway('/health', {}, bindings),
      new Promise<'waited'>((r) => setTimeout(() => r('waited'), 1_000)),
    ]);
    expect(second).not.toBe('waited');
    expect((second as Response).status).toBe(200);
    release();
    expect((await first).status).toBe(200);
  });
});

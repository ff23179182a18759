/** Typed KV entries and the write coalescer, against a production-like KV (real local KV underneath). */
import { env } from 'cloudflare:test';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { COALESCE_INTERVAL_MS, defineKvEntry, WriteCoalescer } from '../src';
import { cachedResponse, jwksDocument } from '../src/api-cache';
import { windowCounter } from '../src/rate-limits';
import { sessionState } from '../src/sessions';

const counter = defineKvEntry({
  namespace: 'TEST_KV',
  key: (id: string) => `counter:${id}`,
  schema: v.object({ count: v.pipe(v.number(), v.integer()) }),
  ttlSeconds: 5, // below KV's minimum on purpose: must be clamped
});

describe('defineKvEntry', () => {
  it('round-trips a valid value and clamps a TTL below 60 s (production would throw)', async () => {
    const kv = prodLikeKv(env.TEST_KV);
    const before = Math.floor(Date.now() / 1000);
    await counter.put(kv, 'a', { count: 3 });
    await counter.put(kv, 'b', { count: 1 }, { ttlSeconds: 1 });
    expect(await counter.get(kv, 'a')).toEqual({ count: 3 });
    expect(kv.stats.violations).toEqual([]);
    const listed = await env.TEST_KV.list({ prefix: 'counter:' });
    // At least 60 s from when it was written (not from now: a loaded machine may be slow to list).
    for (const key of listed.keys) expect(key.expiration!).toBeGreaterThanOrEqual(before + 60);
  });

  it('reads a corrupt or outdated value as a logged miss, never a crash', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await env.TEST_KV.put('counter:bad-json', '{not json');
    await env.TEST_KV.put('counter:bad-shape', JSON.stringify({ count: 'many' }));
    expect(await counter.get(env.TEST_KV, 'bad-json')).toBeNull();
    expect(await counter.get(env.TEST_KV, 'bad-shape')).toBeNull();
    expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).msg)).toEqual(['kv_corrupt_value', 'kv_corrupt_value']);
    warn.mockRestore();
  });

  it('refuses to write a value that does not match its schema', async () => {
    await expect(sessionState.put(env.TEST_KV, 's1', { userId: 'u', status: 'gone' } as never)).rejects.toThrow();
    expect(await env.TEST_KV.get('session:s1')).toBeNull();
  });
});

describe('apiCache.jwksDocument', () => {
  const ecKey = {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    kid: 'k1',
  };

  it('keeps every member of each key (jose needs crv, x, y, kid …)', async () => {
    await jwksDocument.put(env.TEST_KV, 'https://issuer.test/jwks', { keys: [ecKey, { kty: 'oct', k: 'c2VjcmV0' }], fetchedAt: 5 });
    expect(await jwksDocument.get(env.TEST_KV, 'https://issuer.test/jwks')).toEqual({
      keys: [ecKey, { kty: 'oct', k: 'c2VjcmV0' }],
      fetchedAt: 5,
    });
  });

  it('reads a key set with a key that is not a JWK as a logged miss', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const [i, keys] of [[{ crv: 'P-256' }], [{ kty: 7 }], ['EC'], [null], [[]]].entries()) {
      await env.TEST_KV.put(`jwks:bad-${i}`, JSON.stringify({ keys: [ecKey, ...keys], fetchedAt: 1 }));
      expect(await jwksDocument.get(env.TEST_KV, `bad-${i}`), JSON.stringify(keys)).toBeNull();
    }
    expect(warn).toHaveBeenCalledTimes(5);
    warn.mockRestore();
  });
});

describe('WriteCoalescer', () => {
  it('turns a burst of writes to one key into one immediate and one trailing write of the latest value', async () => {
    const kv = prodLikeKv(env.TEST_KV);
    const errors: unknown[] = [];
    const coalescer = new WriteCoalescer((_k, e) => errors.push(e));
    const results = Array.from({ length: 50 }, (_, i) => coalescer.write('burst', () => counter.put(kv, 'burst', { count: i })));
    expect(results.filter((r) => !r.deferred)).toHaveLength(1);
    await Promise.all(results.map((r) => r.done));
    expect(kv.stats.writes).toBe(2);
    expect(kv.stats.violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(await counter.get(kv, 'burst')).toEqual({ count: 49 });
  });

  it('writes distinct keys at once, and the same key again after the interval', async () => {
    const kv = prodLikeKv(env.TEST_KV);
    const coalescer = new WriteCoalescer(() => {});
    const a = coalescer.write('a', () => counter.put(kv, 'x1', { count: 1 }));
    const b = coalescer.write('b', () => counter.put(kv, 'x2', { count: 1 }));
    expect([a.deferred, b.deferred]).toEqual([false, false]);
    await Promise.all([a.done, b.done]);
    await new Promise((r) => setTimeout(r, COALESCE_INTERVAL_MS));
    expect(coalescer.write('a', () => counter.put(kv, 'x1', { count: 2 })).deferred).toBe(false);
  });

  it('reports a failed write to its error handler instead of rejecting', async () => {
    const errors: string[] = [];
    const coalescer = new WriteCoalescer((key) => errors.push(key));
    const { done } = coalescer.write('k', () => Promise.reject(new Error('KV down')));
    await expect(done).resolves.toBeUndefined();
    expect(errors).toEqual(['k']);
  });
});

// The custom checks (bundle budget) accept exactly what the valibot pipes they replace accepted.
describe('custom field checks', () => {
  const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

  it('rate-limit counts are integers ≥ 0, the window length an integer ≥ 1', () => {
    const base = { count: 0, windowStart: 0, windowSeconds: 1, updatedAt: 0 };
    expect(ok(windowCounter.schema, base)).toBe(true);
    for (const count of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null]) {
      expect(ok(windowCounter.schema, { ...base, count }), `count ${String(count)}`).toBe(false);
    }
    expect(ok(windowCounter.schema, { ...base, windowSeconds: 0 })).toBe(false);
  });

  it('a session status is active or revoked; revokedAt a string or null, never missing', () => {
    const base = { userId: 'u', status: 'revoked', createdAt: 'c', revokedAt: 'r' };
    expect(ok(sessionState.schema, base)).toBe(true);
    expect(ok(sessionState.schema, { ...base, status: 'active', revokedAt: null })).toBe(true);
    expect(ok(sessionState.schema, { ...base, status: 'expired' })).toBe(false);
    expect(ok(sessionState.schema, { ...base, revokedAt: 1 })).toBe(false);
    const { revokedAt: _, ...missing } = base;
    expect(ok(sessionState.schema, missing)).toBe(false);
  });

  it('cached response families and JWKS keys are arrays of the right items', () => {
    const entry = { userId: 'u', path: '/p', contentType: 'c', body: 'b', requestedAt: 1, families: ['jobs'] };
    expect(ok(cachedResponse.schema, entry)).toBe(true);
    expect(ok(cachedResponse.schema, { ...entry, families: 'jobs' })).toBe(false);
    expect(ok(cachedResponse.schema, { ...entry, families: ['jobs', 1] })).toBe(false);
    expect(ok(jwksDocument.schema, { keys: [{ kty: 'EC' }], fetchedAt: 1 })).toBe(true);
    expect(ok(jwksDocument.schema, { keys: { kty: 'EC' }, fetchedAt: 1 })).toBe(false);
    expect(ok(jwksDocument.schema, { keys: [null], fetchedAt: 1 })).toBe(false);
  });
});

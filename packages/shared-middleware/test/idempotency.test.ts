/** runIdempotent over the real D1 store (packages/db idempotency): one side effect per key. */
import { env } from 'cloudflare:test';
import { idempotency, users, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { ApiError, idempotencyKeyOf, REPLAY_HEADER, runIdempotent } from '../src';

// Not @jobmatch/test-support: it depends on this package's dependents (a workspace cycle).
const newUser = () => `user-${crypto.randomUUID()}`;

const store = () => idempotency.d1Store(soleShardDb(env));
async function user() {
  const userId = newUser();
  await users.ensureUserStatement(soleShardDb(env), { userId, email: null }).run();
  return userId;
}
const SCOPE = 'POST /api/emails/send';
const rejection = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: ApiError) => e,
  );

describe('runIdempotent', () => {
  const run = (userId: string, key: string | null, rawBody: string, work: () => Promise<{ status: number; body: unknown }>) =>
    runIdempotent(store(), { key, userId, scope: SCOPE, rawBody }, work);

  it('without a key, runs every time', async () => {
    let runs = 0;
    const userId = await user();
    for (let i = 0; i < 2; i++) {
      const res = await run(userId, null, '{}', async () => ({ status: 201, body: { n: ++runs } }));
      expect(res.status).toBe(201);
    }
    expect(runs).toBe(2);
  });

  it('with a key, runs once and replays the first answer (marked as a replay)', async () => {
    let runs = 0;
    const userId = await user();
    const call = () => run(userId, 'k1', '{"a":1}', async () => ({ status: 201, body: { n: ++runs } }));
    const first = await call();
    expect([first.status, first.headers.get(REPLAY_HEADER), await first.json()]).toEqual([201, null, { n: 1 }]);
    const again = await call();
    expect([again.status, again.headers.get(REPLAY_HEADER), await again.json()]).toEqual([201, 'true', { n: 1 }]);
    expect(runs).toBe(1);
  });

  it('the same key with another body is 422; while the first runs it is 409 with Retry-After', async () => {
    const userId = await user();
    await run(userId, 'k2', '{"a":1}', async () => ({ status: 200, body: {} }));
    const reused = await rejection(run(userId, 'k2', '{"a":2}', async () => ({ status: 200, body: {} })));
    expect([reused.statusCode, reused.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);

    let release!: () => void;
    const slow = run(userId, 'k3', '{}', async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return { status: 201, body: { done: true } };
    });
    await new Promise((r) => setTimeout(r, 20));
    const pending = await rejection(run(userId, 'k3', '{}', async () => ({ status: 201, body: {} })));
    expect([pending.statusCode, pending.code, pending.headers]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS', { 'Retry-After': '2' }]);
    release();
    expect((await slow).status).toBe(201);
  });

  it('a failed work releases the key: the retry runs', async () => {
    const userId = await user();
    const failing = run(userId, 'k4', '{}', async () => {
      throw new ApiError(502, 'PROVIDER_ERROR', 'upstream down');
    });
    expect((await rejection(failing)).code).toBe('PROVIDER_ERROR');
    const retry = await run(userId, 'k4', '{}', async () => ({ status: 201, body: { ok: 1 } }));
    expect([retry.status, retry.headers.get(REPLAY_HEADER)]).toEqual([201, null]);
  });

  it('idempotencyKeyOf: absent → null, 1–255 visible ASCII, anything else 400', () => {
    const req = (key?: string) => new Request('https://x.test/', { headers: key === undefined ? {} : { 'Idempotency-Key': key } });
    expect(idempotencyKeyOf(req())).toBeNull();
    expect(idempotencyKeyOf(req('a'.repeat(255)))).toBe('a'.repeat(255));
    for (const bad of ['a'.repeat(256), 'with space', 'tab\there']) {
      expect(() => idempotencyKeyOf(req(bad))).toThrow(expect.objectContaining({ statusCode: 400, code: 'INVALID_IDEMPOTENCY_KEY' }));
    }
  });
});

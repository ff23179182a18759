/** The Idempotency-Key store (D1 idempotency_keys): claim, replay, mismatch, pending, release, expiry, purge. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { idempotency, users } from '../src';

// Not @jobmatch/test-support: it depends on this package's dependents (a workspace cycle).
const newUser = () => `user-${crypto.randomUUID()}`;

const { claim, complete, release, purgeExpired, fingerprintOf, IDEMPOTENCY_TTL_MS, PENDING_TIMEOUT_MS } = idempotency;

async function refFor(key = 'key-1', body = '{"applicationId":"a1"}') {
  const userId = newUser();
  await users.ensureUserStatement(env.DB_0, { userId, email: null }).run();
  return { userId, scope: 'POST /api/emails/send', key, fingerprint: await fingerprintOf(body) };
}
const rows = (userId: string) =>
  env.DB_0.prepare('SELECT idempotency_key AS key, status FROM idempotency_keys WHERE user_id = ?1 ORDER BY idempotency_key')
    .bind(userId)
    .all()
    .then((r) => r.results);

describe('idempotency store', () => {
  it('claims once; a second claim with the same body waits while pending, then replays the stored answer', async () => {
    const ref = await refFor();
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'claimed' });
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'pending' });
    await complete(env.DB_0, ref, 201, '{"emailId":"e1"}');
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'replay', status: 201, body: '{"emailId":"e1"}' });
    expect(await rows(ref.userId)).toEqual([{ key: 'key-1', status: 'done' }]);
  });

  it('refuses the same key with another body (mismatch), pending or done', async () => {
    const ref = await refFor();
    const other = { ...ref, fingerprint: await fingerprintOf('{"applicationId":"a2"}') };
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'claimed' });
    expect(await claim(env.DB_0, other)).toEqual({ kind: 'mismatch' });
    await complete(env.DB_0, ref, 200, '{}');
    expect(await claim(env.DB_0, other)).toEqual({ kind: 'mismatch' });
  });

  it('keys are per user and per scope', async () => {
    const ref = await refFor();
    const otherUser = await refFor();
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'claimed' });
    expect(await claim(env.DB_0, otherUser)).toEqual({ kind: 'claimed' });
    expect(await claim(env.DB_0, { ...ref, scope: 'POST /api/applications/generate' })).toEqual({ kind: 'claimed' });
  });

  it('release forgets a pending claim (the work failed) so the client may retry; a done one is kept', async () => {
    const ref = await refFor();
    await claim(env.DB_0, ref);
    await release(env.DB_0, ref);
    expect(await rows(ref.userId)).toEqual([]);
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'claimed' });
    await complete(env.DB_0, ref, 201, '{"n":1}');
    await release(env.DB_0, ref);
    expect(await claim(env.DB_0, ref)).toEqual({ kind: 'replay', status: 201, body: '{"n":1}' });
  });

  it('an expired record, or a pending one abandoned past the timeout, may be claimed again', async () => {
    const now = Date.now();
    const done = await refFor('done');
    await claim(env.DB_0, done, now - IDEMPOTENCY_TTL_MS - 1000);
    await complete(env.DB_0, done, 201, '{"old":true}');
    expect(await claim(env.DB_0, done, now)).toEqual({ kind: 'claimed' });

    const abandoned = await refFor('abandoned');
    await claim(env.DB_0, abandoned, now - PENDING_TIMEOUT_MS - 1000);
    expect(await claim(env.DB_0, abandoned, now)).toEqual({ kind: 'claimed' });
    // Not yet abandoned: still pending.
    const running = await refFor('running');
    await claim(env.DB_0, running, now - PENDING_TIMEOUT_MS + 10_000);
    expect(await claim(env.DB_0, running, now)).toEqual({ kind: 'pending' });
  });

  it('purgeExpired deletes expired records only, in bounded batches', async () => {
    const now = Date.now();
    const ref = await refFor();
    for (const key of ['a', 'b', 'c']) await claim(env.DB_0, { ...ref, key }, now - IDEMPOTENCY_TTL_MS - 1000);
    await claim(env.DB_0, { ...ref, key: 'live' }, now);
    const at = new Date(now).toISOString();
    expect(await purgeExpired(env.DB_0, at, 2)).toBe(2);
    let left = await rows(ref.userId);
    expect(left).toHaveLength(2);
    expect(left).toContainEqual({ key: 'live', status: 'pending' });
    await purgeExpired(env.DB_0, at);
    left = await rows(ref.userId);
    expect(left).toEqual([{ key: 'live', status: 'pending' }]);
  });

  it('fingerprints are the hex SHA-256 of the body', async () => {
    expect(await fingerprintOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

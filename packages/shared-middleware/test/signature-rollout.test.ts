/**
 * Rolling out a new signature version with independent deploys (identity.ts VerifyOptions):
 * a service accepts a v1 signature (a gateway not yet redeployed) only while its
 * ACCEPT_LEGACY_SIGNATURES var says so, and never a v1 request carrying a replica hint.
 */
import { describe, expect, it } from 'vitest';
import { type ApiError, H_READ_CONSISTENCY, verifyIdentity } from '../src';

const SECRET = 'signature-rollout-test-secret-0123456789abcdef';
const URL_ = 'https://core.internal/api/jobs?limit=1';
const encoder = new TextEncoder();

/** Headers exactly as the v1 gateway (before body, service and hint binding) signed them. */
async function v1Headers(secret: string, now: number): Promise<Headers> {
  const canonical = ['v1', String(now), 'GET', '/api/jobs?limit=1', 'req-1', 'user-1', 'u1@example.test', 'sess-1', '203.0.113.9'].join(
    '\n',
  );
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = [...new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(canonical)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return new Headers({
    'x-jobmatch-user-id': 'user-1',
    'x-jobmatch-user-email': 'u1@example.test',
    'x-jobmatch-session-id': 'sess-1',
    'x-jobmatch-client-ip': '203.0.113.9',
    'x-request-id': 'req-1',
    'x-jobmatch-timestamp': String(now),
    'x-jobmatch-signature': mac,
  });
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (identity) => identity,
    (error: ApiError) => `${error.statusCode} ${error.code}`,
  );

describe('signature rollout', () => {
  it('a v1 signature is refused by default and accepted, without country, while the rollout allows it', async () => {
    const now = Date.now();
    const request = async () => new Request(URL_, { headers: await v1Headers(SECRET, now) });
    expect(await outcome(verifyIdentity(SECRET, await request(), now))).toBe('401 UNAUTHENTICATED_INTERNAL');
    expect(await outcome(verifyIdentity(SECRET, await request(), now, { acceptLegacyV1: true }))).toEqual({
      userId: 'user-1',
      email: 'u1@example.test',
      sessionId: 'sess-1',
      clientIp: '203.0.113.9',
      country: null,
      requestId: 'req-1',
    });
  });

  it('during the rollout a v1 request is still refused when tampered, stale, signed with another secret or carrying a replica hint', async () => {
    const now = Date.now();
    const allow = { acceptLegacyV1: true };
    const tampered = await v1Headers(SECRET, now);
    tampered.set('x-jobmatch-user-id', 'user-2');
    const hinted = await v1Headers(SECRET, now);
    hinted.set(H_READ_CONSISTENCY, 'replica');
    const cases = [
      new Request(URL_, { headers: tampered }),
      new Request('https://core.internal/api/jobs?limit=2', { headers: await v1Headers(SECRET, now) }),
      new Request(URL_, { headers: await v1Headers(SECRET, now - 120_000) }),
      new Request(URL_, { headers: await v1Headers(`${SECRET}-other`, now) }),
      new Request(URL_, { headers: hinted }),
    ];
    for (const request of cases) expect(await outcome(verifyIdentity(SECRET, request, now, allow))).toBe('401 UNAUTHENTICATED_INTERNAL');
  });
});

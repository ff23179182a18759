/** The gateway's read-consistency decision (src/read-consistency.ts) and its signature (src/identity.ts). */
import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  H_READ_CONSISTENCY,
  READ_YOUR_WRITES_WINDOW_MS,
  consistencyAfterWrite,
  readConsistencyOf,
  signIdentity,
  verifyIdentity,
} from '../src';

const SECRET = 'read-consistency-test-secret-0123456789abcdef';
const URL_ = 'https://core.internal/api/jobs?limit=1';

/** Signs a GET with `signedHint`, then sends it with `sentHint`; the service's verdict. */
async function verdict(signedHint: string | null, sentHint: string | null): Promise<string> {
  const headers = new Headers(signedHint === null ? {} : { [H_READ_CONSISTENCY]: signedHint });
  await signIdentity(SECRET, headers, { userId: 'u1', email: null, sessionId: null, clientIp: null, requestId: 'r1' }, 'GET', URL_);
  if (sentHint === null) headers.delete(H_READ_CONSISTENCY);
  else headers.set(H_READ_CONSISTENCY, sentHint);
  return verifyIdentity(SECRET, new Request(URL_, { headers })).then(
    () => 'ok',
    (error: ApiError) => `${error.statusCode} ${error.code}`,
  );
}

describe('read consistency', () => {
  it('the primary for the window after the latest write, a replica after it or with no write in the stamps lifetime', () => {
    const wroteAt = 1_000_000;
    for (const after of [0, 1_000, READ_YOUR_WRITES_WINDOW_MS])
      expect(consistencyAfterWrite(wroteAt, wroteAt + after), `${after} ms`).toBe('primary');
    expect(consistencyAfterWrite(wroteAt, wroteAt + READ_YOUR_WRITES_WINDOW_MS + 1)).toBe('replica');
    expect(consistencyAfterWrite(0, wroteAt)).toBe('replica');
    // Stamps not read (no-cache request, a route never cached): the primary.
    expect(consistencyAfterWrite(null, wroteAt)).toBe('primary');
  });

  it('a service reads the hint; anything but exactly "replica" is the primary', () => {
    const hinted = (value?: string) =>
      readConsistencyOf(
        new Request('https://core.internal/api/jobs', { headers: value === undefined ? {} : { [H_READ_CONSISTENCY]: value } }),
      );
    expect(hinted('replica')).toBe('replica');
    for (const value of [undefined, '', 'primary', 'REPLICA', 'any']) expect(hinted(value), String(value)).toBe('primary');
  });

  it('the hint is signed: a request signed for the primary cannot be sent on with `replica`, nor a hint added or removed', async () => {
    expect([await verdict('primary', 'primary'), await verdict('replica', 'replica'), await verdict(null, null)]).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    const refused = '401 UNAUTHENTICATED_INTERNAL';
    expect([await verdict('primary', 'replica'), await verdict(null, 'replica'), await verdict('replica', null)]).toEqual([
      refused,
      refused,
      refused,
    ]);
  });
});

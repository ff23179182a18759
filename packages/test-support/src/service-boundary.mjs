/**
 * The boundary every internal service must hold, as one shared suite (runs in workerd):
 * /health without a signature, 401 for unsigned, stale, replayed or tampered requests.
 */
import { signIdentity } from '@jobmatch/shared-middleware';
import { describe, expect, it } from 'vitest';

/**
 * @param {string} service  e.g. 'core'
 * @param {{ fetch: (input: string, init?: RequestInit) => Promise<Response> }} worker  SELF
 * @param {string} secret  the INTERNAL_SIGNING_SECRET the worker was given
 */
export function serviceBoundarySuite(service, worker, secret) {
  const base = `https://${service}.internal`;
  /** @param {string} method @param {string} url @param {number} [now] */
  /** @param {string} method @param {string} url @param {number} [now] @param {string | null} [body] */
  const signed = async (method, url, now, body = null) => {
    const headers = new Headers(body === null ? {} : { 'content-type': 'application/json' });
    const identity = { userId: 'user-a', email: null, sessionId: null, clientIp: null, requestId: 'req-12345678' };
    await signIdentity(secret, headers, identity, method, url, now, body);
    return headers;
  };

  describe(`${service}: requests that did not come through the gateway`, () => {
    it('serves /health without a signature', async () => {
      const res = await worker.fetch(`${base}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', service });
    });

    it('answers 401 to an unsigned request with identity headers, leaking nothing', async () => {
      const res = await worker.fetch(`${base}/api/jobs`, { headers: { 'x-jobmatch-user-id': 'user-a' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: 'UNAUTHENTICATED_INTERNAL',
        message: expect.any(String),
        error: expect.any(String),
        statusCode: 401,
        requestId: expect.any(String),
      });
    });

    it('refuses a stale signature', async () => {
      const url = `${base}/api/jobs`;
      const res = await worker.fetch(url, { headers: await signed('GET', url, Date.now() - 60_000) });
      expect(res.status).toBe(401);
    });

    it('refuses a signature replayed on another path, method or user', async () => {
      const headers = await signed('GET', `${base}/api/jobs?page=1`);
      expect((await worker.fetch(`${base}/api/jobs?page=2`, { headers })).status).toBe(401);
      expect((await worker.fetch(`${base}/api/jobs?page=1`, { method: 'DELETE', headers })).status).toBe(401);
      const swapped = await signed('GET', `${base}/api/jobs`);
      swapped.set('x-jobmatch-user-id', 'user-b');
      expect((await worker.fetch(`${base}/api/jobs`, { headers: swapped })).status).toBe(401);
    });

    it('refuses a signature made for another service', async () => {
      const headers = await signed('GET', `https://not-${service}.internal/api/jobs`);
      expect((await worker.fetch(`${base}/api/jobs`, { headers })).status).toBe(401);
    });

    it('refuses a body or Content-Type swapped under a valid signature', async () => {
      const url = `${base}/api/definitely-not-a-route`;
      const body = '{"title":"signed"}';
      const ok = await worker.fetch(url, { method: 'POST', headers: await signed('POST', url, undefined, body), body });
      expect(ok.status).toBe(404); // past the signature check
      await ok.body?.cancel();
      const swappedBody = await worker.fetch(url, {
        method: 'POST',
        headers: await signed('POST', url, undefined, body),
        body: '{"title":"evil"}',
      });
      expect(swappedBody.status).toBe(401);
      const headers = await signed('POST', url, undefined, body);
      headers.set('content-type', 'text/plain');
      expect((await worker.fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    });

    it('accepts a fresh signature and echoes the signed request id', async () => {
      const url = `${base}/api/definitely-not-a-route`;
      const res = await worker.fetch(url, { headers: await signed('GET', url) });
      expect(res.status).toBe(404);
      expect(res.headers.get('x-request-id')).toBe('req-12345678');
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-12345678' });
    });
  });
}

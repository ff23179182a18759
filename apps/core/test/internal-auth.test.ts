import { SELF, env } from 'cloudflare:test';
import { signIdentity } from '@jobmatch/shared-middleware';
import { describe, expect, it } from 'vitest';

describe('core refuses requests that did not come through the gateway', () => {
  it('serves /health without a signature', async () => {
    const res = await SELF.fetch('https://core.internal/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'core' });
  });

  it('answers 401 to an unsigned request, leaking nothing', async () => {
    const res = await SELF.fetch('https://core.internal/api/jobs', {
      headers: { 'x-jobmatch-user-id': 'user-a' },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED_INTERNAL', statusCode: 401 });
    expect(body).not.toHaveProperty('jobs');
  });

  const signedHeaders = async (userId: string, method: string, url: string, now?: number) => {
    const headers = new Headers();
    await signIdentity(
      env.INTERNAL_SIGNING_SECRET,
      headers,
      { userId, email: null, sessionId: null, clientIp: null, requestId: 'req-12345678' },
      method,
      url,
      now,
    );
    return headers;
  };

  it('refuses a stale signature', async () => {
    const url = 'https://core.internal/api/jobs';
    const headers = await signedHeaders('user-a', 'GET', url, Date.now() - 60_000);
    const res = await SELF.fetch(url, { headers });
    expect(res.status).toBe(401);
  });

  it('refuses a signature replayed on another path or with a swapped user', async () => {
    const headers = await signedHeaders('user-a', 'GET', 'https://core.internal/api/jobs?page=1');
    expect((await SELF.fetch('https://core.internal/api/jobs?page=2', { headers })).status).toBe(401);
    const swapped = await signedHeaders('user-a', 'GET', 'https://core.internal/api/jobs');
    swapped.set('x-jobmatch-user-id', 'user-b');
    expect((await SELF.fetch('https://core.internal/api/jobs', { headers: swapped })).status).toBe(401);
  });

  it('accepts a fresh signature', async () => {
    const url = 'https://core.internal/api/jobs';
    const res = await SELF.fetch(url, { headers: await signedHeaders('user-a', 'GET', url) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
  });
});

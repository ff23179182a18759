import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('ai service boundary', () => {
  it('serves /health unsigned', async () => {
    const res = await SELF.fetch('https://ai.internal/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'ai' });
  });

  it('refuses an unsigned request with 401 in the error envelope', async () => {
    const res = await SELF.fetch('https://ai.internal/api/anything', { headers: { 'x-jobmatch-user-id': 'someone' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED_INTERNAL', statusCode: 401, requestId: expect.any(String) });
  });
});

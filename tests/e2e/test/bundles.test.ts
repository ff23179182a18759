/**
 * What `wrangler deploy` would ship: the four built bundles in one standalone Miniflare
 * (no vitest pool), driven over real HTTP on loopback.
 */
import { startStack } from '@jobmatch/test-support/stack';
import { mintToken } from '@jobmatch/test-support/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '@jobmatch/test-support/common';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const token = (sub: string) => mintToken(stack.devKeys.privateJwk, { sub });

describe('built bundles behind the gateway', () => {
  it('reports every service healthy', async () => {
    const res = await fetch(`${stack.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(Object.values(body.services).map((s: Json) => s.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('creates, reads, updates and deletes a job over HTTP, user-scoped', async () => {
    const alice = `alice-${crypto.randomUUID()}`;
    const auth = { Authorization: `Bearer ${await token(alice)}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${stack.url}/api/jobs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Bundle Engineer', company: 'Miniflare', requiredSkills: ['TS'] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    const patched = await fetch(`${stack.url}/api/jobs/${id}`, { method: 'PATCH', headers: auth, body: '{"isSaved":true}' });
    expect(await patched.json()).toMatchObject({ id, saved: true, required_skills: ['TS'] });
    const bob = { Authorization: `Bearer ${await token(`bob-${crypto.randomUUID()}`)}` };
    expect((await fetch(`${stack.url}/api/jobs/${id}`, { headers: bob })).status).toBe(404);
    expect((await fetch(`${stack.url}/api/jobs/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${stack.url}/api/jobs/${id}`, { headers: auth })).status).toBe(404);
  });

  it('answers errors in the envelope with a request id', async () => {
    const res = await fetch(`${stack.url}/api/jobs`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Json;
    expect(body).toEqual({
      code: 'MISSING_AUTH_HEADER',
      message: expect.any(String),
      error: body.message,
      statusCode: 401,
      requestId: res.headers.get('x-request-id'),
    });
  });
});

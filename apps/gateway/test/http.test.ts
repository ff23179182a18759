import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { asUser, gateway, newUser, type Json } from './helpers';

describe('CORS', () => {
  it('allows APP_URL with credentials and exposes rate-limit and request-id headers', async () => {
    const res = await asUser(newUser(), '/api/jobs', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('X-RateLimit-Remaining');
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('X-Request-Id');
    expect(res.headers.get('Vary')).toContain('Origin');
  });

  it('matches wildcard origin patterns one label deep', async () => {
    const cfg = { CORS_ORIGINS: 'https://*.jobmatch-ai-dev.pages.dev' };
    const ok = await gateway('/api/nope', { headers: { Origin: 'https://pr-42.jobmatch-ai-dev.pages.dev' } }, cfg);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://pr-42.jobmatch-ai-dev.pages.dev');
    for (const origin of ['https://evil.com', 'https://a.b.jobmatch-ai-dev.pages.dev', 'https://jobmatch-ai-dev.pages.dev.evil.com']) {
      const denied = await gateway('/api/nope', { headers: { Origin: origin } }, cfg);
      expect(denied.headers.get('Access-Control-Allow-Origin'), origin).toBeNull();
    }
  });

  it('gives a disallowed origin no CORS headers at all', async () => {
    const res = await asUser(newUser(), '/api/jobs', { headers: { Origin: 'https://evil.example' } });
    for (const name of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Expose-Headers']) {
      expect(res.headers.get(name)).toBeNull();
    }
  });

  it('answers an allowed preflight with 204 and max-age, a denied one without CORS headers', async () => {
    const preflight = await gateway('/api/jobs', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('PATCH');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBe('authorization, content-type');
    expect(Number(preflight.headers.get('Access-Control-Max-Age'))).toBeGreaterThan(0);
    const denied = await gateway('/api/jobs', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('puts CORS headers on error responses too', async () => {
    const res = await gateway('/api/jobs', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
  });
});

describe('request handling', () => {
  it('answers 413 PAYLOAD_TOO_LARGE by Content-Length and for chunked bodies', async () => {
    const big = JSON.stringify({ title: 'x', company: 'y', description: 'z'.repeat(300 * 1024) });
    const res = await asUser(newUser(), '/api/jobs', { method: 'POST', json: JSON.parse(big) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', statusCode: 413 });

    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await asUser(newUser(), '/api/jobs', {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      // @ts-expect-error workerd needs duplex for streamed request bodies
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
  });

  it('answers 400 INVALID_JSON for a malformed body', async () => {
    const res = await asUser(newUser(), '/api/jobs', {
      method: 'POST',
      body: '{"title": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_JSON', statusCode: 400, requestId: expect.any(String) });
  });

  it("repeats the human text as `error` in every envelope, the gateway's own and the services'", async () => {
    const own = await gateway('/api/definitely-not-a-route');
    const fromCore = await asUser(newUser(), '/api/jobs', { method: 'POST', json: { title: 'no company' } });
    const noAuth = await gateway('/api/jobs');
    for (const [res, status] of [
      [own, 404],
      [fromCore, 400],
      [noAuth, 401],
    ] as const) {
      const body = (await res.json()) as Json;
      expect(res.status).toBe(status);
      expect(typeof body.error).toBe('string');
      expect(body.error).toBe(body.message);
    }
  });

  it('answers 404 NOT_FOUND for unknown routes', async () => {
    const unknown = await gateway('/api/definitely-not-a-route');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', statusCode: 404 });
  });

  it('keeps a well-formed X-Request-Id end to end and replaces a malformed one', async () => {
    const id = 'client-req-0001';
    const ok = await asUser(newUser(), '/api/jobs/nope', { headers: { 'X-Request-Id': id } });
    expect(ok.headers.get('X-Request-Id')).toBe(id);
    expect(((await ok.json()) as Json).requestId).toBe(id); // core's envelope: the id crossed the binding
    const bad = await gateway('/api/jobs', { headers: { 'X-Request-Id': 'bad id with spaces <script>' } });
    expect(bad.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await bad.json()) as Json).requestId).toBe(bad.headers.get('X-Request-Id'));
  });

  it('sets security headers on every response', async () => {
    const res = await gateway('/api/jobs');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const prod = await gateway('/api/jobs', {}, { ENVIRONMENT: 'production' });
    expect(prod.headers.get('Strict-Transport-Security')).toContain('max-age=');
  });
});

describe('upstream failures', () => {
  it('an upstream that throws yields 502 UPSTREAM_ERROR', async () => {
    const res = await asUser(newUser(), '/api/jobs', {}, { CORE: env.FAULTY_THROWS });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ code: 'UPSTREAM_ERROR', statusCode: 502, details: { service: 'core' } });
  });

  it('an upstream that hangs yields 504 UPSTREAM_TIMEOUT after the timeout', async () => {
    const started = Date.now();
    const res = await asUser(newUser(), '/api/jobs', {}, { CORE: env.FAULTY_HANGS, UPSTREAM_TIMEOUT_MS: '300' });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ code: 'UPSTREAM_TIMEOUT', statusCode: 504 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an upstream answering a bare 500 yields 502 in the envelope', async () => {
    const res = await asUser(newUser(), '/api/jobs', { headers: { Origin: 'http://localhost:5173' } }, { CORE: env.FAULTY_PLAIN_500 });
    expect(res.status).toBe(502);
    expect(((await res.json()) as Json).code).toBe('UPSTREAM_ERROR');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
  });

  it('a service that refuses the signature (secret mismatch) yields 502, not a 401 that would log the user out', async () => {
    const res = await asUser(newUser(), '/api/jobs', {}, { INTERNAL_SIGNING_SECRET: 'a-different-secret-of-enough-length-0123456789' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as Json).code).toBe('UPSTREAM_AUTH_FAILED');
  });
});

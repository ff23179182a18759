/** createServiceHandler: /health, the signature check, the envelope for anything thrown, one log line each. */
import { createExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createServiceHandler, INTERNAL_API_VERSION, json, setLogLevel, signIdentity, type Identity } from '../src';

const SECRET = 'service-test-signing-secret-0123456789abcdef-0123456789';
const env = { ENVIRONMENT: 'test', INTERNAL_SIGNING_SECRET: SECRET, LOG_LEVEL: 'warn' };
const movingUsers: string[] = [];
const handler = createServiceHandler<typeof env>({
  service: 'probe',
  version: '1.0.0',
  onUserMoving: (userId) => void movingUsers.push(userId),
  routes: [
    (router) =>
      router
        .get('/ok', () => json({ ok: true }))
        .get('/refused', () => {
          throw new ApiError(409, 'CONFLICT', 'Already there');
        })
        .get('/fenced', () => {
          throw new Error('D1_ERROR: USER_MOVING: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_TRIGGER)');
        })
        .get('/crash', () => {
          throw new TypeError("Cannot read properties of undefined (reading 'id')");
        }),
  ],
});

async function signed(path: string): Promise<Response> {
  const url = `https://probe.internal${path}`;
  const headers = new Headers();
  const identity: Identity = { userId: 'u1', email: null, sessionId: null, clientIp: null, requestId: `req-${crypto.randomUUID()}` };
  await signIdentity(SECRET, headers, identity, 'GET', url);
  return handler(new Request(url, { headers }), env, createExecutionContext());
}

afterEach(() => {
  vi.restoreAllMocks();
  setLogLevel('warn');
});

describe('createServiceHandler', () => {
  it('answers /health unsigned and refuses an unsigned route with 401', async () => {
    const health = await handler(new Request('https://probe.internal/health'), env, createExecutionContext());
    expect(await health.json()).toEqual({
      status: 'ok',
      service: 'probe',
      version: '1.0.0',
      apiVersion: INTERNAL_API_VERSION,
      environment: 'test',
    });
    const unsigned = await handler(new Request('https://probe.internal/ok'), env, createExecutionContext());
    expect(unsigned.status).toBe(401);
  });

  it('routes signed calls; an ApiError keeps its status and code and is not logged as unexpected', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await (await signed('/ok')).json()).toEqual({ ok: true });
    const refused = await signed('/refused');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('CONFLICT');
    const missing = await signed('/nope');
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
    expect(error).not.toHaveBeenCalled();
  });

  it('calls onUserMoving with the user of a write refused by the move fence (503), and for nothing else', async () => {
    movingUsers.length = 0;
    const fenced = await signed('/fenced');
    expect(fenced.status).toBe(503);
    expect(fenced.headers.get('Retry-After')).toBe('5');
    expect(movingUsers).toEqual(['u1']);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const path of ['/ok', '/refused', '/crash']) await signed(path);
    expect(movingUsers).toEqual(['u1']);
  });

  it('turns an unexpected exception into 500 INTERNAL_ERROR, logged once with its cause and stack', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await signed('/crash');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { code: string; message: string; requestId: string };
    expect([body.code, body.message]).toEqual(['INTERNAL_ERROR', 'An unexpected error occurred']);
    const logged = error.mock.calls.map(([line]) => JSON.parse(String(line)));
    const unexpected = logged.filter((l) => l.msg === 'unexpected_exception');
    expect(unexpected).toHaveLength(1);
    expect(unexpected[0]).toMatchObject({
      service: 'probe',
      requestId: body.requestId,
      route: '/crash',
      error: "TypeError: Cannot read properties of undefined (reading 'id')",
    });
    expect(unexpected[0].stack).toContain('TypeError');
    // The request line (an error line, status 500) carries the code, not a second copy of the cause.
    const request = logged.find((l) => l.msg === 'request');
    expect(request).toMatchObject({ level: 'error', status: 500, errorCode: 'INTERNAL_ERROR' });
    expect(request.error).toBeUndefined();
  });

  it('serves publicDocs: the document parts in GET /openapi and the page at GET /openapi/page, unsigned; without them no page', async () => {
    const document = {
      info: { title: 'T', description: 'D' },
      paths: { '/health': { get: { summary: 'health' } } },
      components: { securitySchemes: {}, schemas: { ErrorEnvelope: { type: 'object' } } },
    };
    const withDocs = createServiceHandler<typeof env>({
      service: 'docs-probe',
      version: '1.0.0',
      routes: [],
      publicDocs: { document, page: () => new Response('<p>page</p>', { headers: { 'Content-Type': 'text/html' } }) },
    });
    const docs = await withDocs(new Request('https://probe.internal/openapi'), env, createExecutionContext());
    expect(await docs.json()).toEqual({ service: 'docs-probe', version: '1.0.0', operations: {}, document });
    const page = await withDocs(new Request('https://probe.internal/openapi/page'), env, createExecutionContext());
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html', '<p>page</p>']);

    const plain = await handler(new Request('https://probe.internal/openapi'), env, createExecutionContext());
    expect(((await plain.json()) as Record<string, unknown>).document).toBeUndefined();
    // No page: the path is an ordinary (signed) route, so unsigned it is refused.
    expect((await handler(new Request('https://probe.internal/openapi/page'), env, createExecutionContext())).status).toBe(401);
  });
});

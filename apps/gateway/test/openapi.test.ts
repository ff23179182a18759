/** /api/openapi.json and /api/docs: every route of the table documented from its service's schemas. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../src/rate-limit/policies';
import { ROUTES } from '../src/routes/table';
import { gateway } from './helpers';
import { openApiDocument } from './openapi-shapes';

const openApiPath = (template: string) => template.replace(/:(\w+)\+?/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is public OpenAPI 3.1 with the error envelope and bearer auth', async () => {
    const res = await gateway('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.ErrorEnvelope.required).toEqual(['code', 'message', 'error', 'statusCode', 'requestId']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.info['x-services']).sort()).toEqual(['ai', 'core', 'integrations']);
  });

  it('documents every route of the gateway table from its service (none undocumented)', async () => {
    const doc = await openApiDocument();
    expect(doc['x-undocumented']).toEqual([]);
    for (const spec of ROUTES) {
      const op = doc.paths[openApiPath(spec.path)]?.[spec.method.toLowerCase()];
      expect(op, `${spec.method} ${spec.path}`).toBeDefined();
      // A success answer: a 2xx, or a documented redirect (a 3xx without a body, e.g. an OAuth callback).
      const succeeds = (status: string) => /^2\d\d$/.test(status) || (/^3\d\d$/.test(status) && op.responses[status].content === undefined);
      expect(Object.keys(op.responses).some(succeeds), `${spec.method} ${spec.path} has no success answer`).toBe(true);
    }
  });

  it("carries each route's auth, rate limit and error answers from the table", async () => {
    const doc = await openApiDocument();
    for (const spec of ROUTES) {
      const op = doc.paths[openApiPath(spec.path)][spec.method.toLowerCase()];
      const route = `${spec.method} ${spec.path}`;
      expect(op.security, route).toEqual(spec.auth === 'required' ? [{ bearerAuth: [] }] : []);
      const policy = DEFAULT_POLICIES[spec.rateLimit];
      expect(op['x-rate-limit'], route).toMatchObject({ policy: spec.rateLimit, limit: policy.limit, windowSeconds: policy.windowSeconds });
      expect(op.responses['429'].content['application/json'].schema, route).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
      if (spec.auth === 'required') expect(op.responses['401'], route).toBeDefined();
      else expect(op.responses['401'], route).toBeUndefined();
      // The move fence's answer (packages/shared-middleware userMoving) on every signed-in write.
      if (spec.auth === 'required' && spec.method !== 'GET')
        expect(op.responses['503']?.description, route).toMatch(/USER_MOVING \(Retry-After\)/);
      else expect(op.responses['503']?.description ?? '', route).not.toMatch(/USER_MOVING/);
    }
  });

  it('describes request bodies and parameters from the validation schemas', async () => {
    const doc = await openApiDocument();
    const create = doc.paths['/api/jobs'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['title', 'company']);
    expect(body.properties.title).toMatchObject({ type: 'string', maxLength: 300 });
    const list = doc.paths['/api/jobs'].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['page', 'limit', 'saved', 'search']));
    expect(doc.paths['/api/jobs/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });
});

describe('GET /api/docs', () => {
  it('serves a readable page in development, with a script policy of its own', async () => {
    const res = await gateway('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[0-9a-f]{32}'/);
    expect(csp).toContain("connect-src 'self'");
    expect(await res.text()).toContain('/api/openapi.json');
  });

  it('is not served outside development', async () => {
    const res = await gateway('/api/docs', {}, { ENVIRONMENT: 'production' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).code).toBe('NOT_FOUND');
  });
});

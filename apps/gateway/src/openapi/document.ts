/**
 * GET /api/openapi.json (public): the OpenAPI 3.1 document of the whole API. Each service
 * describes its own routes from the valibot schemas it validates with (GET /openapi on the
 * service, see packages/shared-middleware/src/route-docs.ts); the gateway adds what only it
 * knows — which routes need a token, their rate limits and the error envelope — from the route
 * table. A route of the table that its service does not describe is listed under
 * `x-undocumented` (a test keeps that list empty). The document's static parts — title and
 * description, the security scheme, the error envelope schema, the gateway's own operations —
 * and the /api/docs page come from core (`publicDocs`, apps/core/src/public-docs/), which keeps
 * them out of this bundle's 60 KiB budget.
 * Built once per isolate and service version.
 */
import { ApiError, json, type OperationFragment, type ServiceApiDocs } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { GATEWAY_VERSION } from '../health';
import { SERVICE_BINDING, withDeadline } from '../http/upstream';
import { resolvePolicies } from '../rate-limit/policies';
import { ROUTES, type ServiceName } from '../routes/table';

const DOCS_TIMEOUT_MS = 3_000;
/** Services deploy independently: a new version's schemas show within a minute. */
const DOCUMENT_TTL_MS = 60_000;
let cached: { builtAt: number; body: string } | undefined;

/** `/api/files/:key+/signed-url` → `/api/files/{key}/signed-url` */
export const openApiPath = (template: string) => template.replace(/:(\w+)\+?/g, '{$1}');

async function serviceDocs(env: GatewayEnv, service: ServiceName): Promise<ServiceApiDocs | null> {
  try {
    const response = await withDeadline(service, DOCS_TIMEOUT_MS, (signal) =>
      env[SERVICE_BINDING[service]].fetch(`https://${service}.internal/openapi`, { signal }),
    );
    return response.ok ? ((await response.json()) as ServiceApiDocs) : null;
  } catch {
    return null;
  }
}

const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
});

export async function buildOpenApiDocument(env: GatewayEnv): Promise<Record<string, unknown>> {
  const names = Object.keys(SERVICE_BINDING) as ServiceName[];
  const docs = await Promise.all(names.map((name) => serviceDocs(env, name)));
  const byService = new Map(names.map((name, i) => [name, docs[i]]));
  const policies = resolvePolicies(env.RATE_LIMIT_POLICIES);

  const paths: Record<string, Record<string, unknown>> = {};
  const undocumented: string[] = [];
  for (const spec of ROUTES) {
    const route = `${spec.method} ${spec.path}`;
    const fragment: OperationFragment | undefined = byService.get(spec.service)?.operations[route];
    if (!fragment) undocumented.push(route);
    const policy = policies[spec.rateLimit];
    const responses: Record<string, unknown> = { ...(fragment?.responses ?? { default: { description: 'Undocumented' } }) };
    // An error status the service documents too (e.g. 429 EMAIL_LIMIT_EXCEEDED) keeps its codes beside the gateway's.
    const gatewayError = (status: number, description: string) => {
      const own = (responses[status] as { description?: string } | undefined)?.description;
      responses[status] = errorAnswer(own ? `${description}; ${own}` : description);
    };
    if (fragment?.requestBody || fragment?.parameters?.length) gatewayError(400, 'VALIDATION_ERROR, INVALID_JSON');
    if (spec.auth === 'required') {
      gatewayError(401, 'MISSING_AUTH_HEADER, INVALID_AUTH_FORMAT, TOKEN_EXPIRED, INVALID_TOKEN, SESSION_REVOKED');
      gatewayError(503, "AUTH_UNAVAILABLE (Retry-After): the issuer's keys cannot be had; the token may be fine, retry");
    }
    if (/:\w+/.test(spec.path)) gatewayError(404, 'NOT_FOUND: no such resource of the caller');
    if (spec.method !== 'GET' && spec.method !== 'DELETE') gatewayError(413, 'PAYLOAD_TOO_LARGE');
    gatewayError(429, 'RATE_LIMIT_EXCEEDED (Retry-After, X-RateLimit-*)');
    // A user's writes pause while their rows move to another database (packages/db shard-move).
    if (spec.auth === 'required' && spec.method !== 'GET')
      gatewayError(503, 'USER_MOVING (Retry-After): the account is being moved; retry');
    gatewayError(502, 'UPSTREAM_* : the owning service failed');
    gatewayError(504, 'UPSTREAM_TIMEOUT');
    const operation: Record<string, unknown> = {
      operationId: `${spec.method.toLowerCase()}${openApiPath(spec.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: fragment?.summary ?? route,
      tags: [spec.service],
      security: spec.auth === 'required' ? [{ bearerAuth: [] }] : [],
      'x-service': spec.service,
      'x-rate-limit': {
        policy: spec.rateLimit,
        limit: policy.limit,
        windowSeconds: policy.windowSeconds,
        tier: policy.tier,
        per: spec.auth === 'required' ? 'user' : 'client IP',
      },
      ...(fragment?.parameters ? { parameters: fragment.parameters } : {}),
      ...(fragment?.requestBody ? { requestBody: fragment.requestBody } : {}),
      responses,
    };
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation };
  }
  const parts = docs.find((doc) => doc?.document)?.document; // core's static parts
  // Operations outside the table (the gateway's own), after the table's.
  for (const [path, methods] of Object.entries(parts?.paths ?? {})) paths[path] = { ...paths[path], ...methods };

  return {
    openapi: '3.1.0',
    info: {
      title: parts?.info.title ?? 'JobMatch AI API', // the title is required, even when core is unavailable
      version: env.VERSION ?? GATEWAY_VERSION,
      description: parts?.info.description,
      'x-services': Object.fromEntries(names.map((name, i) => [name, docs[i] ? { version: docs[i]!.version } : { status: 'unavailable' }])),
    },
    servers: [{ url: '/' }],
    paths,
    components: parts?.components,
    'x-undocumented': undocumented,
  };
}

export async function openApiResponse(env: GatewayEnv): Promise<Response> {
  if (!cached || Date.now() - cached.builtAt > DOCUMENT_TTL_MS) {
    const document = await buildOpenApiDocument(env);
    const complete = Object.values((document.info as { 'x-services': Record<string, { version?: string }> })['x-services']).every(
      (s) => s.version,
    );
    const body = JSON.stringify(document);
    // A document missing an unavailable service's routes is served but not kept.
    if (!complete) return json(document);
    cached = { builtAt: Date.now(), body };
  }
  return new Response(cached.body, {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
  });
}

/** GET /api/docs (development only): core's page of this document, with its own script policy. */
export async function docsPageResponse(env: GatewayEnv): Promise<Response> {
  const page = await withDeadline('core', DOCS_TIMEOUT_MS, (signal) =>
    env.CORE.fetch('https://core.internal/openapi/page', { signal }).catch(() => {
      throw new ApiError(502, 'UPSTREAM_ERROR', 'The core service failed to answer', { service: 'core' });
    }),
  );
  return new Response(page.body, page); // mutable headers for the pipeline
}

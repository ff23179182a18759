/**
 * Object-level authorization, generated from the route table (apps/gateway/src/routes/table.ts):
 * - every route that takes an id or key — a path parameter, or an id-like property of its
 *   documented body or query (/api/openapi.json) — has a route case, so a new such route fails
 *   here until it has one; the ai and integrations cases run here (core's in core-routes.test.ts)
 *   with run.ts's checks: another user gets 404, nothing changes, forged identity headers ignored;
 * - every route's owning Worker, called directly (not through the gateway), refuses an unsigned
 *   request, a stale signature, and another request's signature: headers the real gateway
 *   signed for a different route, or for the same path with a different body.
 */
import { env } from 'cloudflare:test';
import type { Json } from './helpers';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '@jobmatch/shared-middleware';
import { SERVICE_BINDING } from '../src/http/upstream';
import { ROUTES, type RouteSpec, type ServiceName } from '../src/routes/table';
import { asUser, newUser } from './helpers';
import { openApiDocument } from './openapi-shapes';
import { AI_ROUTE_CASES, CORE_ROUTE_CASES, INTEGRATIONS_ROUTE_CASES } from './route-cases';
import { createJob } from './route-cases/jobs';
import { describeRouteCase, fill, pathParams } from './route-cases/run';
import { userApi } from './route-cases/types';

const ALL_CASES = [...CORE_ROUTE_CASES, ...AI_ROUTE_CASES, ...INTEGRATIONS_ROUTE_CASES];
const caseOf = new Map(ALL_CASES.map((c) => [c.route, c]));
const routeName = (r: RouteSpec) => `${r.method} ${r.path}`;

/** A body or query property that names a stored thing (`jobId`, `user_id`, `id`, `storagePath`). */
const ID_PROPERTY = /^(id|key|storagePath)$|[a-z](Id|_id)$/;
/** Id-like properties that name no other resource of the caller, with why no cross-user case applies. */
const NOT_A_RESOURCE: Record<string, string> = {
  'PATCH /api/gap-analyses/:id/answer question_id': "a question inside the path's analysis: the path check covers it",
  'PATCH /api/applications/:id selectedVariantId': "a variant inside the path's application: the path check covers it",
};

async function idProperties(route: RouteSpec): Promise<string[]> {
  const operation = (await openApiDocument()).paths[route.path.replace(/:(\w+)\+?/g, '{$1}')]?.[route.method.toLowerCase()];
  const body = operation?.requestBody?.content?.['application/json']?.schema?.properties ?? {};
  const query = (operation?.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name as string);
  return [...Object.keys(body), ...query].filter((name) => ID_PROPERTY.test(name));
}

describe('object-level authorization covers every route that takes an id or key', () => {
  it('every route with a path parameter has a route case (its other-user check is generated)', () => {
    const uncovered = ROUTES.filter((r) => pathParams(r.path).length > 0 && !caseOf.has(routeName(r))).map(routeName);
    expect(uncovered, 'add a case in test/route-cases/<resource>.ts').toEqual([]);
  });

  it('every id or key in a documented body or query has a cross-user check (bodyIds or isolation)', async () => {
    const uncovered: string[] = [];
    for (const route of ROUTES) {
      for (const name of await idProperties(route)) {
        const c = caseOf.get(routeName(route));
        if (NOT_A_RESOURCE[`${routeName(route)} ${name}`] || c?.bodyIds?.includes(name) || c?.isolation) continue;
        uncovered.push(`${routeName(route)} ${name}`);
      }
    }
    expect(uncovered, 'list the property in the case’s bodyIds, or give it an isolation check').toEqual([]);
  });

  it('the ai and integrations cases name routes of the table, once each', () => {
    const names = new Set(ROUTES.map(routeName));
    const serviceCases = [...AI_ROUTE_CASES, ...INTEGRATIONS_ROUTE_CASES].map((c) => c.route);
    expect(serviceCases.filter((r) => !names.has(r))).toEqual([]);
    expect(new Set(serviceCases).size).toBe(serviceCases.length);
  });
});

for (const routeCase of [...AI_ROUTE_CASES, ...INTEGRATIONS_ROUTE_CASES]) describeRouteCase(routeCase);

// ---- the internal Workers, called directly ----

const serviceOf = (service: ServiceName): Fetcher => env[SERVICE_BINDING[service]];
const internalUrl = (service: ServiceName, path: string) => `https://${service}.internal${path}`;
/** A concrete path of a template: every id a fresh placeholder, a key under some user's prefix. */
const samplePath = (template: string) =>
  fill(template, Object.fromEntries(pathParams(template).map((n) => [n, n === 'key' ? 'users/user-a/resumes/cv.txt' : 'id-1'])));

/** The request the real gateway sends to `service` for one client call (its signed headers and body). */
async function signedByGateway(service: ServiceName, userId: string, path: string, init: RequestInit & { json?: unknown } = {}) {
  let captured: { headers: Headers; body: string } | undefined;
  const capture = {
    async fetch(input: RequestInfo, requestInit?: RequestInit) {
      const request = new Request(input, requestInit);
      if (new URL(request.url).pathname === new URL(path, 'https://x.invalid').pathname && !captured) {
        captured = { headers: new Headers(request.headers), body: await request.text() };
      }
      return Response.json({ captured: true });
    },
  } as unknown as Fetcher;
  await asUser(userId, path, init, { [SERVICE_BINDING[service]]: capture });
  if (!captured) throw new Error(`the gateway sent nothing to ${service} for ${path}`);
  return captured;
}

async function expectRefused(res: Response, why: string) {
  const body = (await res.json()) as Json;
  expect(res.status, `${why}: ${JSON.stringify(body)}`).toBe(401);
  expect(body.code, why).toBe('UNAUTHENTICATED_INTERNAL');
}

describe('internal Workers refuse what did not come from the gateway, on every route', () => {
  const identity = { userId: 'user-a', email: null, sessionId: null, clientIp: null, requestId: 'req-replay-test' };
  for (const route of ROUTES) {
    it(`${routeName(route)}: unsigned, stale, or another request's signature → 401`, async () => {
      const path = samplePath(route.path);
      const url = internalUrl(route.service, path);
      const send = (headers: Headers) => serviceOf(route.service).fetch(url, { method: route.method, headers });

      await expectRefused(await send(new Headers({ 'x-jobmatch-user-id': 'user-a', 'x-request-id': 'req-unsigned' })), 'unsigned');

      const stale = new Headers();
      await signIdentity(env.INTERNAL_SIGNING_SECRET, stale, identity, route.method, url, Date.now() - 60_000);
      await expectRefused(await send(stale), 'stale');

      // A fresh signature the gateway made for another route of the same service.
      const other = ROUTES.find((r) => r.service === route.service && r.auth === 'required' && r.method === 'GET' && r !== route)!;
      const { headers } = await signedByGateway(route.service, newUser(), samplePath(other.path));
      await expectRefused(await send(headers), `replayed from ${routeName(other)}`);
    });
  }

  // Issue 14 §1.6 binds the body digest into the signature; until that lands this fails (the swap is accepted).
  it('core refuses a gateway signature replayed with another body on the same path, and the row keeps its value', async () => {
    const owner = userApi(newUser());
    const id = await createJob(owner, { title: 'Original' });
    const path = `/api/jobs/${id}`;
    const { headers } = await signedByGateway('core', owner.userId, path, { method: 'PATCH', json: { title: 'Signed' } });
    const res = await env.CORE.fetch(internalUrl('core', path), { method: 'PATCH', headers, body: JSON.stringify({ title: 'Swapped' }) });
    await expectRefused(res, 'body swapped under a valid signature');
    expect((await owner.json('GET', path, undefined, 200)).title).toBe('Original');
  });
});

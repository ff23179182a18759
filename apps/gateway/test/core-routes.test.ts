/**
 * Generated checks for every core route in the gateway table (see route-cases/types.ts).
 * Runs through the gateway (auth, identity signing) into the real core Worker and D1/R2.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/routes/table';
import { newUser } from './helpers';
import { expectDocumentedShape } from './openapi-shapes';
import { CORE_ROUTE_CASES } from './route-cases';
import { userApi, type Params, type RouteCase } from './route-cases/types';

const coreRoutes = ROUTES.filter((r) => r.service === 'core').map((r) => `${r.method} ${r.path}`);
const byRoute = new Map(CORE_ROUTE_CASES.map((c) => [c.route, c]));

function fill(template: string, p: Params): string {
  return template.replace(/:(\w+)\+?/g, (_, name: string) => {
    if (!(name in p)) throw new Error(`setup returned no '${name}' for ${template}`);
    return p[name]!.split('/').map(encodeURIComponent).join('/');
  });
}
const hasParams = (template: string) => /:\w+/.test(template);
const split = (route: string) => {
  const [method, template] = route.split(' ') as [string, string];
  return { method, template };
};
const bodyOf = (b: unknown, p: Params) => (typeof b === 'function' ? (b as (p: Params) => unknown)(p) : b);
const queryOf = (q: RouteCase['valid']['query'], p: Params) => (typeof q === 'function' ? q(p) : (q ?? ''));

describe('core route cases', () => {
  it('cover every core route of the gateway table, and nothing else', () => {
    expect(coreRoutes.filter((r) => !byRoute.has(r))).toEqual([]);
    expect(CORE_ROUTE_CASES.map((c) => c.route).filter((r) => !coreRoutes.includes(r))).toEqual([]);
    expect(new Set(CORE_ROUTE_CASES.map((c) => c.route)).size).toBe(CORE_ROUTE_CASES.length);
  });
});

for (const routeCase of CORE_ROUTE_CASES) describeRoute(routeCase);

function describeRoute(c: RouteCase) {
  const { method, template } = split(c.route);
  describe(c.route, () => {
    it('happy path', async () => {
      const owner = userApi(newUser());
      const p = (await c.setup?.(owner)) ?? {};
      const body = await owner.json(method, fill(template, p) + queryOf(c.valid.query, p), bodyOf(c.valid.body, p), c.valid.status);
      c.valid.check?.(body, p);
      await expectDocumentedShape(c.route, c.valid.status, body);
    });

    it('validation failure → 400 VALIDATION_ERROR', async () => {
      if (c.invalid === null) {
        expect(c.invalidNotApplicable, 'invalid: null needs invalidNotApplicable').toBeTruthy();
        return;
      }
      const owner = userApi(newUser());
      const p = (await c.setup?.(owner)) ?? {};
      const res = await owner.call(method, fill(template, p) + (c.invalid.query ?? ''), c.invalid.body);
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.code).toBe('VALIDATION_ERROR');
      expect(Array.isArray(body.details?.issues)).toBe(true);
    });

    if (hasParams(template)) {
      it('missing resource → 404', async () => {
        const owner = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        const missing = { ...p, ...(c.missingParams ?? defaultMissing(template, p)) };
        const res = await owner.call(method, fill(template, missing) + queryOf(c.valid.query, p), bodyOf(c.valid.body, missing));
        const body = (await res.json()) as any;
        expect(res.status, JSON.stringify(body)).toBe(404);
        expect(body.code).toBe('NOT_FOUND');
      });

      it("another user's resource → 404, nothing changed", async () => {
        const owner = userApi(newUser());
        const other = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        const snapshot = c.snapshot ?? defaultSnapshot(method, template);
        const before = await snapshot(owner, p);
        const res = await other.call(method, fill(template, p) + queryOf(c.valid.query, p), bodyOf(c.valid.body, p));
        const body = (await res.json()) as any;
        expect(res.status, JSON.stringify(body)).toBe(404);
        expect(body.code).toBe('NOT_FOUND');
        expect(await snapshot(owner, p)).toEqual(before);
      });
    } else {
      it('is scoped to the caller', async () => {
        expect(c.crossUserNotApplicable ?? c.isolation, 'parameterless route needs isolation or crossUserNotApplicable').toBeTruthy();
        if (!c.isolation) return;
        const owner = userApi(newUser());
        const other = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        await c.isolation(other, owner, p);
      });
    }
  });
}

/** Every parameter replaced by a fresh UUID (a key parameter keeps the caller's own prefix). */
function defaultMissing(template: string, p: Params): Params {
  const out: Params = {};
  for (const [, name] of template.matchAll(/:(\w+)/g)) {
    out[name!] = name === 'key' && p.key ? p.key.replace(/[^/]+$/, `${crypto.randomUUID()}.bin`) : crypto.randomUUID();
  }
  return out;
}

/** A non-GET route's owner state: GET of the same path (or its parent for sub-actions). */
function defaultSnapshot(method: string, template: string) {
  return async (owner: ReturnType<typeof userApi>, p: Params) => {
    if (method === 'GET') return null;
    const readPath = fill(template.replace(/\/(archive|unarchive|answer|signed-url|feedback)$/, ''), p);
    const res = await owner.call('GET', readPath);
    return { status: res.status, body: await res.text() };
  };
}

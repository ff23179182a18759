/**
 * The generated checks of one route case (see types.ts), through the real gateway into the
 * real owning Worker and D1/R2: happy path, validation failure, missing resource, and another
 * user's resource (path or body id) → 404 with the owner's state unchanged, even when the
 * caller forges the owner's identity headers.
 */
import type { Json } from '../helpers';
import { describe, expect, it } from 'vitest';
import { newUser } from '../helpers';
import { expectDocumentedShape } from '../openapi-shapes';
import { userApi, type Params, type RouteCase, type UserApi } from './types';

export function fill(template: string, p: Params): string {
  return template.replace(/:(\w+)\+?/g, (_, name: string) => {
    if (!(name in p)) throw new Error(`setup returned no '${name}' for ${template}`);
    return p[name]!.split('/').map(encodeURIComponent).join('/');
  });
}
export const pathParams = (template: string) => [...template.matchAll(/:(\w+)/g)].map((m) => m[1]!);
export const splitRoute = (route: string) => {
  const [method, template] = route.split(' ') as [string, string];
  return { method, template };
};
const bodyOf = (b: unknown, p: Params) => (typeof b === 'function' ? (b as (p: Params) => unknown)(p) : b);
const queryOf = (q: RouteCase['valid']['query'], p: Params) => (typeof q === 'function' ? q(p) : (q ?? ''));

/** What an attacker would send to pass as `owner` if the gateway trusted client headers. */
const forgedIdentityOf = (owner: UserApi): Record<string, string> => ({
  'X-JobMatch-User-Id': owner.userId,
  'X-JobMatch-Session-Id': owner.sessionId,
  'X-JobMatch-User-Email': `${owner.userId}@example.test`,
  'X-JobMatch-Timestamp': String(Date.now()),
  'X-JobMatch-Signature': '0'.repeat(64),
});

export function describeRouteCase(c: RouteCase) {
  const { method, template } = splitRoute(c.route);
  const takesId = pathParams(template).length > 0 || (c.bodyIds?.length ?? 0) > 0;
  describe(c.route, () => {
    it('happy path', async () => {
      const owner = userApi(newUser());
      const p = (await c.setup?.(owner)) ?? {};
      const body = await owner.json(method, fill(template, p) + queryOf(c.valid.query, p), bodyOf(c.valid.body, p), c.valid.status);
      c.valid.check?.(body, p);
      await expectDocumentedShape(c.route, c.valid.status, body);
    });

    const invalid = c.invalid;
    if (invalid === null) {
      // Registered as skipped, with its reason, so the count holds only tests that check something.
      if (!c.invalidNotApplicable) throw new Error(`${c.route}: invalid: null needs invalidNotApplicable`);
      if (/:id\b/.test(template)) throw new Error(`${c.route}: an :id over 100 characters is invalid input (OVERLONG_ID)`);
      it.skip(`validation failure → 400: not applicable (${c.invalidNotApplicable})`, () => {});
    } else {
      it('validation failure → 400 VALIDATION_ERROR', async () => {
        const owner = userApi(newUser());
        const p = { ...((await c.setup?.(owner)) ?? {}), ...invalid.params };
        const res = await owner.call(method, fill(template, p) + (invalid.query ?? ''), invalid.body);
        const body = (await res.json()) as Json;
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(body.code).toBe('VALIDATION_ERROR');
        expect(body.details.issues.length, JSON.stringify(body)).toBeGreaterThan(0);
        for (const issue of body.details.issues) expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
      });
    }

    if (takesId) {
      it('missing resource → 404', async () => {
        const owner = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        const missing = { ...p, ...(c.missingParams ?? defaultMissing([...pathParams(template), ...(c.bodyIds ?? [])], p)) };
        const res = await owner.call(method, fill(template, missing) + queryOf(c.valid.query, p), bodyOf(c.valid.body, missing));
        const body = (await res.json()) as Json;
        expect(res.status, JSON.stringify(body)).toBe(404);
        expect(body.code).toBe('NOT_FOUND');
      });

      it("another user's resource → 404 (forged identity headers ignored), nothing changed", async () => {
        const owner = userApi(newUser());
        const other = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        if (c.bodyIds?.length && !c.snapshot) throw new Error(`${c.route}: a body-id route needs a snapshot of the owner's state`);
        const snapshot = c.snapshot ?? defaultSnapshot(method, template);
        const before = await snapshot(owner, p);
        const path = fill(template, p) + queryOf(c.valid.query, p);
        const res = await other.call(method, path, bodyOf(c.valid.body, p), forgedIdentityOf(owner));
        const body = (await res.json()) as Json;
        expect(res.status, JSON.stringify(body)).toBe(404);
        expect(body.code).toBe('NOT_FOUND');
        expect(await snapshot(owner, p)).toEqual(before);
      });
    } else if (!c.isolation) {
      if (!c.crossUserNotApplicable) throw new Error(`${c.route}: a parameterless route needs isolation or crossUserNotApplicable`);
      it.skip(`is scoped to the caller: not applicable (${c.crossUserNotApplicable})`, () => {});
    }
    if (c.isolation) {
      const isolation = c.isolation;
      it('is scoped to the caller', async () => {
        const owner = userApi(newUser());
        const other = userApi(newUser());
        const p = (await c.setup?.(owner)) ?? {};
        await isolation(other, owner, p);
      });
    }
  });
}

/** Every id replaced by a fresh UUID (a key or storage path keeps the caller's own prefix). */
function defaultMissing(names: string[], p: Params): Params {
  const out: Params = {};
  for (const name of names) {
    const keyLike = name === 'key' || name.endsWith('Path');
    out[name] = keyLike && p[name] ? p[name].replace(/[^/]+$/, `${crypto.randomUUID()}.bin`) : crypto.randomUUID();
  }
  return out;
}

/** A non-GET route's owner state: GET of the same path (or its parent for sub-actions). */
function defaultSnapshot(method: string, template: string) {
  return async (owner: UserApi, p: Params) => {
    if (method === 'GET') return null;
    const readPath = fill(template.replace(/\/(archive|unarchive|answer|signed-url|feedback|analyze)$/, ''), p);
    const res = await owner.call('GET', readPath);
    return { status: res.status, body: await res.text() };
  };
}

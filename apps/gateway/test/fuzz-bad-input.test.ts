/**
 * Bad input, fuzzed through the gateway into the real Workers: for every route of the table
 * that takes a JSON body or a query string, fast-check sends inputs derived from the route's
 * documented schemas (/api/openapi.json) — fitting values full of SQL, HTML and unicode, wrong
 * types, malformed JSON, deep nesting, huge strings — and requires: never a 5xx, every rejection
 * the one error envelope, and every free-text string a write accepted read back byte-identical.
 * Bounded: a fixed seed (FUZZ_SEED) and RUNS_PER_ROUTE; a failure prints the seed, path and the
 * shrunk input (fast-check's report) so it replays exactly. The total run count is printed.
 */
import fc from 'fast-check';
import type { Json } from './helpers';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../src/routes/table';
import { devToken, gateway, newUser } from './helpers';
import { bodyInputs, queryInputs, type BodyInput, type JsonSchema } from './fuzz/arbitraries';
import { openApiDocument } from './openapi-shapes';
import { CORE_ROUTE_CASES, AI_ROUTE_CASES, INTEGRATIONS_ROUTE_CASES } from './route-cases';
import { fill, pathParams } from './route-cases/run';
import { userApi, type Params, type UserApi } from './route-cases/types';

const FUZZ_SEED = 20261203;
/**
 * Runs per route (a JSON body route also replays one deep-nesting example, see below). Chosen
 * for the shared CI machine: ~200 runs in all.
 */
const RUNS_PER_ROUTE = { body: 4, query: 3 };
/** Every limit lifted for the fuzz (limits have their own suites): runs must reach validation. */
const NO_LIMITS = JSON.stringify(
  Object.fromEntries(
    [...new Set(ROUTES.map((r) => r.rateLimit))].map((name) => [name, { limit: 1_000_000, windowSeconds: 60, tier: 'kv' }]),
  ),
);
const setupOf = new Map([...CORE_ROUTE_CASES, ...AI_ROUTE_CASES, ...INTEGRATIONS_ROUTE_CASES].map((c) => [c.route, c.setup]));
const routeName = (r: RouteSpec) => `${r.method} ${r.path}`;
let totalRuns = 0;

interface Target {
  route: RouteSpec;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema }[];
  /** 5xx statuses the route documents as deliberate answers (e.g. 501 BILLING_NOT_CONFIGURED). */
  documented5xx: number[];
}

async function targets(): Promise<Target[]> {
  const doc = await openApiDocument();
  const out: Target[] = [];
  for (const route of ROUTES) {
    const op = doc.paths[route.path.replace(/:(\w+)\+?/g, '{$1}')]?.[route.method.toLowerCase()];
    const body = op?.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
    const query = (op?.parameters ?? []).filter((p: Json) => p.in === 'query');
    // 502/504 are the gateway's "the owning service failed": never a deliberate answer.
    const documented5xx = Object.keys(op?.responses ?? {})
      .map(Number)
      .filter((status) => status >= 500 && status !== 502 && status !== 504);
    if (body || query.length > 0) out.push({ route, body, query, documented5xx });
  }
  return out;
}

/** Calls the gateway as `caller` (a public route: anonymous, from a fresh client IP). */
async function send(route: RouteSpec, caller: UserApi, path: string, body?: string): Promise<Response> {
  const headers = new Headers();
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  if (route.auth === 'required') {
    headers.set('Authorization', `Bearer ${await devToken(caller.userId, { sessionId: caller.sessionId })}`);
  } else {
    headers.set('CF-Connecting-IP', `198.51.100.${1 + (totalRuns % 250)}`);
  }
  return gateway(path, { method: route.method, headers, body }, { RATE_LIMIT_POLICIES: NO_LIMITS });
}

const ENVELOPE_KEYS = ['code', 'message', 'error', 'statusCode', 'requestId', 'details'];
/** Never an undocumented 5xx; every rejection is the one envelope. Returns the parsed answer. */
async function expectSound(res: Response, what: string, documented5xx: number[]): Promise<unknown> {
  const text = await res.text();
  if (!documented5xx.includes(res.status)) expect(res.status, `${what} → ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.status, `${what}: a 2xx/3xx/4xx answer`).toBeGreaterThanOrEqual(200);
  const isJson = /^application\/json\b/i.test(res.headers.get('content-type') ?? '');
  const body = isJson && text ? JSON.parse(text) : text;
  if (res.status >= 400) {
    expect(isJson, `${what} → ${res.status} is not JSON: ${text.slice(0, 200)}`).toBe(true);
    expect(
      Object.keys(body).filter((k) => !ENVELOPE_KEYS.includes(k)),
      `${what}: extra envelope keys`,
    ).toEqual([]);
    expect(body, `${what}: not the error envelope`).toMatchObject({
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
      message: expect.any(String),
      error: expect.any(String),
      statusCode: res.status,
      requestId: expect.any(String),
    });
  }
  return body;
}

/** Free-text strings of `value` per `schema` (type string with no enum, pattern or format). */
function freeTextOf(schema: JsonSchema | undefined, value: unknown, out: string[] = []): string[] {
  if (!schema) return out;
  const branches: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const branch = branches.find((b) => matchesType(b, value));
    return branch ? freeTextOf(branch, value, out) : out;
  }
  if (typeof value === 'string') {
    if (schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format && schema.const === undefined) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) freeTextOf(schema.items, item, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) freeTextOf(schema.properties?.[k], v, out);
  }
  return out;
}
function matchesType(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((b: JsonSchema) => matchesType(b, value));
  const t = schema.type;
  if (value === null) return t === 'null';
  if (Array.isArray(value)) return t === 'array';
  if (typeof value === 'number') return t === 'number' || t === 'integer';
  return t === typeof value;
}

/** Every string the answer holds, including inside stored JSON text (e.g. a list kept as '["a"]'). */
function stringsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    out.add(value);
    if (/^[[{]/.test(value)) {
      try {
        stringsOf(JSON.parse(value), out);
      } catch {}
    }
  } else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stringsOf(v, out.add(k));
  return out;
}

/**
 * Writes that store what the client sent, so it must read back verbatim: core's writes to a
 * cached family (read-only POSTs declare cacheWrites: []). ai and integrations writes store
 * derived data (an analysis, a generated application, an export, a sent email).
 */
const storesText = (route: RouteSpec) => route.service === 'core' && route.method !== 'GET' && route.cacheWrites?.length !== 0;

/** What the owner reads back after an accepted write: the write's answer, and a GET of the written resource. */
async function readBack(route: RouteSpec, caller: UserApi, path: string, answer: unknown): Promise<Set<string>> {
  const seen = stringsOf(answer);
  const id = (answer as Json)?.id;
  // The written path itself, its parent (a sub-action or batch), and the created row.
  const candidates = [path, path.replace(/\/[^/]+$/, '')];
  if (typeof id === 'string') candidates.push(`${path}/${encodeURIComponent(id)}`);
  for (const readPath of candidates) {
    if (
      !ROUTES.some((r) => r.method === 'GET' && new RegExp(`^${r.path.replace(/:\w+\+/g, '.+').replace(/:\w+/g, '[^/]+')}$`).test(readPath))
    )
      continue;
    const res = await send({ ...route, method: 'GET' }, caller, readPath);
    if (res.ok) stringsOf(await res.json(), seen);
  }
  return seen;
}

/**
 * Always replayed once per JSON body route: 100,000 levels of nesting in the first free-form
 * field (one whose schema says nothing: `{}`, or a list of `{}`), else as a property of the body.
 */
function deepInFreeForm(schema: JsonSchema): BodyInput {
  const untyped = (s: JsonSchema | undefined): boolean =>
    !!s && (Object.keys(s).length === 0 || untyped(s.items) || (s.anyOf ?? []).some(untyped) || (s.type === 'object' && !s.properties));
  const name =
    Object.entries<JsonSchema>(schema.properties ?? {}).find(([, s]) => untyped(s))?.[0] ?? Object.keys(schema.properties ?? {})[0] ?? 'x';
  const depth = 100_000;
  return { kind: 'deep', text: `{${JSON.stringify(name)}:${'['.repeat(depth)}1${']'.repeat(depth)}}` };
}

describe('bad input through the gateway (fast-check)', async () => {
  const all = await targets();

  it('fuzzes every route that takes a JSON body or a query (derived from /api/openapi.json)', () => {
    const fuzzed = new Set(all.map((t) => routeName(t.route)));
    // Routes with a body that is not JSON (multipart) or no input at all are not fuzzed here.
    const expected = ROUTES.filter(
      (r) =>
        r.path !== '/api/files/upload' &&
        (r.method === 'POST' || r.method === 'PATCH') &&
        !/\/(archive|unarchive|analyze)$/.test(r.path) &&
        !/\/analyze\/:jobId$/.test(r.path),
    );
    expect(expected.map(routeName).filter((r) => !fuzzed.has(r))).toEqual([]);
  });

  for (const target of all) {
    const name = routeName(target.route);
    it(`${name}: no 5xx, rejections in the envelope, accepted text stored verbatim`, async () => {
      const owner = userApi(newUser());
      const params: Params = { ...((await setupOf.get(name)?.(owner)) ?? {}) };
      for (const p of pathParams(target.route.path)) params[p] ??= `fuzz-${p}`;
      const base = fill(target.route.path, params);
      const input = fc.record({
        query: target.query.length > 0 ? queryInputs(target.query) : fc.constant(''),
        body: target.body ? bodyInputs(target.body) : fc.constant<BodyInput | undefined>(undefined),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ query, body }) => {
          totalRuns++;
          const what = `${name} ${body?.kind ?? 'query'} ${JSON.stringify(query.slice(0, 80))}`;
          const res = await send(target.route, owner, base + query, body?.text);
          const answer = await expectSound(res, what, target.documented5xx);
          if (res.ok && body?.kind === 'schema' && storesText(target.route)) {
            const seen = await readBack(target.route, owner, base, answer);
            const lost = freeTextOf(target.body, body.value).filter((s) => !seen.has(s));
            // JSON.stringify escapes lone surrogates: a report must be valid UTF-8 to reach the runner.
            expect(JSON.stringify(lost), `${what}: accepted text not read back verbatim`).toBe('[]');
          }
        }),
        {
          seed: FUZZ_SEED,
          numRuns: target.body ? RUNS_PER_ROUTE.body : RUNS_PER_ROUTE.query,
          endOnFailure: true,
          examples: target.body ? [[{ query: '', body: deepInFreeForm(target.body) }]] : [],
        },
      );
    });
  }

  afterAll(() => {
    console.log(`fuzz: ${totalRuns} runs over ${all.length} routes (seed ${FUZZ_SEED})`);
  });
});

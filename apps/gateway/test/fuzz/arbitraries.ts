/**
 * fast-check arbitraries for the bad-input fuzz, derived from the JSON Schemas that
 * /api/openapi.json documents for each route's body and query (valibot → JSON Schema), so a new
 * route or field is fuzzed without a change here. Strings mix attack payloads (SQL, HTML,
 * template and path tricks), unicode (astral, combining, bidi, BOM, NUL, lone surrogates) and
 * arbitrary code points; a schema's length bounds are kept so "valid" values get past validation.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, any>;

export const PAYLOADS = [
  "' OR '1'='1",
  "'); DROP TABLE jobs; --",
  '" OR 1=1 --',
  '1; SELECT * FROM users',
  "%' AND 1=0 UNION SELECT sql FROM sqlite_master --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, meant literally
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../etc/passwd',
  '\\u0000 \\n \\" \\\\',
  'Ω≈ç√∫˜µ≤≥÷ 日本語 العربية עברית',
  '🧑🏽‍💻👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\u202Eevil\u202C',
  'a\u0000b',
  'x\uFEFFy',
  'line\u2028sep\u2029',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
];

/** Free text: payloads, graphemes and arbitrary code points, combined; no surrounding whitespace (fields are trimmed). */
export const freeText = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...PAYLOADS), weight: 3 },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
      { arbitrary: fc.constantFrom('\uD800', '\uDFFF', 'a\uDBFFb'), weight: 1 }, // lone surrogates
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(' ').trim());

/** A string within the schema's bounds (length in UTF-16 code units, as valibot counts). */
function boundedText(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 5_000;
  if (schema.format === 'email') return fc.emailAddress().filter((s) => s.length <= max);
  if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl().filter((s) => s.length <= max);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  return fc
    .oneof(
      { arbitrary: freeText, weight: 8 },
      { arbitrary: fc.constant('ÿ'.repeat(Math.min(max, 10_000))), weight: 1 }, // as long as allowed
    )
    .map((s) => {
      let out = s.slice(0, max).trim();
      while (out.length < min) out += 'x';
      return out;
    });
}

/** Values that fit `schema` (as far as JSON Schema says; checks it cannot express may still fail). */
export function fitting(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return depth > 2 ? fc.jsonValue({ maxDepth: 1 }) : fc.jsonValue({ maxDepth: 3 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b: JsonSchema) => fitting(b, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return boundedText(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fitting(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, depth > 1 ? 2 : 4),
      });
    case 'object':
      return objectOf(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties: Record<string, JsonSchema> = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  const required = new Set<string>(schema.required ?? []);
  return fc.record(Object.fromEntries(names.map((n) => [n, fitting(properties[n], depth + 1)])), {
    requiredKeys: names.filter((n) => required.has(n)),
  });
}

/** A value of the wrong type for `schema`. */
const wrongTypeValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** A raw request body (the JSON text sent as is) and what kind of bad input it is. */
export interface BodyInput {
  kind: 'schema' | 'wrong-type' | 'malformed' | 'deep' | 'huge';
  text: string;
  /** The parsed value, when `text` is JSON we built from a value. */
  value?: unknown;
}

const deepText = (depth: number, open: '[' | '{"a":') => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`;

export function bodyInputs(schema: JsonSchema): fc.Arbitrary<BodyInput> {
  const names = Object.keys(schema.properties ?? {});
  const valid = fitting(schema);
  const propertyName = names.length > 0 ? fc.constantFrom(...names) : fc.constant('x');
  return fc.oneof(
    { arbitrary: valid.map((value): BodyInput => ({ kind: 'schema', text: JSON.stringify(value), value })), weight: 5 },
    {
      // One property (or the whole body) of the wrong type.
      arbitrary: fc.tuple(valid, propertyName, wrongTypeValue, fc.boolean()).map(([value, name, wrong, whole]): BodyInput => {
        const body = whole || typeof value !== 'object' || value === null ? wrong : { ...(value as object), [name]: wrong };
        return { kind: 'wrong-type', text: JSON.stringify(body), value: body };
      }),
      weight: 3,
    },
    {
      // Malformed JSON: a valid text cut short or with garbage spliced in, or not JSON at all.
      arbitrary: fc
        .tuple(valid, fc.nat(), fc.constantFrom('', '}', ',', '\u0000', 'NaN', "'", '\\', '/*', '\uD800'))
        .map(([value, at, junk]): BodyInput => {
          const text = JSON.stringify(value);
          const cut = at % Math.max(1, text.length);
          return { kind: 'malformed', text: text.slice(0, cut) + junk };
        })
        .filter((b) => !isJson(b.text)),
      weight: 2,
    },
    {
      // Deep nesting, as the whole body or in one property (built as text: no recursion here).
      arbitrary: fc
        .tuple(fc.constantFrom(64, 1_000, 10_000, 100_000), fc.constantFrom('[' as const, '{"a":' as const), propertyName, fc.boolean())
        .map(([depth, open, name, whole]): BodyInput => {
          const deep = deepText(depth, open);
          return { kind: 'deep', text: whole ? deep : `{${JSON.stringify(name)}:${deep}}` };
        }),
      weight: 1,
    },
    {
      // Huge: one property over any field limit, or a body over the gateway's cap.
      arbitrary: fc
        .tuple(propertyName, fc.constantFrom(70_000, 300_000))
        .map(([name, size]): BodyInput => ({ kind: 'huge', text: JSON.stringify({ [name]: 'A'.repeat(size) }) })),
      weight: 1,
    },
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Percent-encodes the UTF-8 of `s` (a lone surrogate becomes U+FFFD, as a browser would send it). */
export const pct = (s: string) =>
  [...new TextEncoder().encode(s)]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** A query string for a route's documented query parameters: fitting values, wrong ones, payloads, encodings. */
export function queryInputs(parameters: { name: string; schema: JsonSchema }[]): fc.Arbitrary<string> {
  const rawValue = fc.oneof(
    fitting({ type: 'string', maxLength: 200 }).map((s) => pct(s as string)),
    fc.constantFrom('%', '%zz', '%ED%A0%80', '%00', '-1', '0', '1e400', '9'.repeat(40), 'true', '[]', '%FF%FE'),
    fc.constant('x'.repeat(10_000)),
  );
  const fittingValue = (schema: JsonSchema) => fitting(schema).map((v) => pct(typeof v === 'string' ? v : JSON.stringify(v)));
  const pairs = parameters.map((p) =>
    fc.option(
      fc.oneof(fittingValue(p.schema), rawValue).map((value) => `${pct(p.name)}=${value}`),
      { nil: undefined },
    ),
  );
  return fc.tuple(fc.tuple(...pairs), fc.option(rawValue, { nil: undefined })).map(([chosen, extra]) => {
    const parts = chosen.filter((x): x is string => x !== undefined);
    // A repeated parameter: readQuery keeps the first value.
    if (extra !== undefined && parameters[0]) parts.push(`${pct(parameters[0].name)}=${extra}`);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });
}

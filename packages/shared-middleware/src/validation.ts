/**
 * The one validation helper: valibot schemas in, typed values out, and every failure as
 * 400 VALIDATION_ERROR with details.issues = [{path, message}] (or 400 INVALID_JSON).
 */
import * as v from 'valibot';
import { ApiError } from './errors';

export interface ValidationIssue {
  path: string;
  message: string;
}

type AnySchema = v.GenericSchema;

export function validate<S extends AnySchema>(schema: S, input: unknown, where = 'body'): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const issues: ValidationIssue[] = result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }));
  const first = issues[0];
  const message = first ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${where}`;
  throw new ApiError(400, 'VALIDATION_ERROR', message, { issues });
}

/** A VALIDATION_ERROR for a rule a schema cannot see (e.g. one that needs the stored row). */
export function validationError(path: string, message: string, where = 'body'): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', `Invalid ${where}: ${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * The deepest nesting of objects and arrays a request body may have. Free-form JSON fields
 * (gap analyses, variants, résumé sections, event metadata) are stored and later re-serialised
 * and walked by recursive code, which overflows the stack (a 500) on a deep enough document.
 */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value (a scalar is 0), counted without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, here]);
  }
  return deepest;
}

/** The one parser of JSON request bodies: blank is `{}`; not JSON or nested too deep is 400 INVALID_JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The request body is not valid JSON');
  }
  if (jsonDepth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ApiError(400, 'INVALID_JSON', `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`, {
      maxDepth: MAX_JSON_DEPTH,
    });
  }
  // Only a \uD800-style escape can carry a lone surrogate (request.text() decodes UTF-8).
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    const path = loneSurrogatePath(data);
    if (path !== null) throw validationError(path, 'must be valid Unicode text (a lone surrogate cannot be stored)');
  }
  return data;
}

/** Reads and validates a JSON body. An empty body validates as `{}`. */
export async function readJson<S extends AnySchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
  const type = request.headers.get('content-type');
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  return validate(schema, parseJsonBody(await request.text()), 'body');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The dot path of the first string (value or key) holding a lone surrogate, or null. D1 stores
 * text as UTF-8, where a lone surrogate has no encoding: it would read back as U+FFFD, so such
 * input is refused rather than silently changed. Iterative: deep nesting cannot overflow it.
 */
function loneSurrogatePath(data: unknown): string | null {
  const stack: [unknown, string][] = [[data, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return path;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Validates the query string; repeated keys keep their first value. */
export function readQuery<S extends AnySchema>(request: Request, schema: S): v.InferOutput<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (!(key in query)) query[key] = value;
  }
  return validate(schema, query, 'query');
}

// ---- building blocks for query strings (everything arrives as a string) ----

/** An optional integer query parameter within [min, max]. */
export const queryInt = (min: number, max: number, fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^-?\d+$/, 'must be an integer'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** An optional number query parameter (decimals allowed) within [min, max]. */
export const queryNumber = (min: number, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^-?\d+(\.\d+)?$/, 'must be a number'),
      v.transform(Number),
      v.minValue(min, `must be at least ${min}`),
      v.maxValue(max, `must be at most ${max}`),
    ),
  );

/** `true` / `false` strings only; absent stays undefined (no filter). */
export const queryBoolean = () =>
  v.optional(
    v.pipe(
      v.picklist(['true', 'false'], 'must be true or false'),
      v.transform((s) => s === 'true'),
    ),
  );

/** `page` (≥ 1) and `limit` (1..maxLimit, default 20) as the contract's list convention says. */
export const paginationEntries = (maxLimit = 100) => ({
  page: queryInt(1, 1_000_000, 1),
  limit: queryInt(1, maxLimit, 20),
});

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** `{<name>: items, total, page, limit, hasMore}` */
export function listBody<K extends string, T>(name: K, page: Page<T>) {
  return {
    [name]: page.items,
    total: page.total,
    page: page.page,
    limit: page.limit,
    hasMore: page.page * page.limit < page.total,
  } as Record<K, T[]> & { total: number; page: number; limit: number; hasMore: boolean };
}

/** A trimmed, non-empty string of at most `max` characters. */
export const requiredText = (max: number) =>
  v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(max, `must be at most ${max} characters`));

/** An optional string of at most `max` characters; null clears the field. */
export const optionalText = (max: number) =>
  v.optional(v.nullable(v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`))));

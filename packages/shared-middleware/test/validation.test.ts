/** validate / readJson / readQuery and the schema blocks, including the body rule (unknown keys → 400). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ApiError, hasSomeField, IdParam, jsonDepth, parseJsonBody, readJson, readQuery, requiredText, strictBody, validate } from '../src';

const thrown = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
};
const rejection = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: ApiError) => e,
  );
const post = (body: string, type = 'application/json') =>
  new Request('https://x.test/', { method: 'POST', body, headers: { 'Content-Type': type } });

describe('validation', () => {
  it('answers 400 VALIDATION_ERROR with {path, message} issues and the first one in the message', () => {
    const error = thrown(() => validate(v.object({ a: v.object({ b: requiredText(3) }) }), { a: { b: 'long' } }));
    expect([error.statusCode, error.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(error.details).toEqual({ issues: [{ path: 'a.b', message: 'must be at most 3 characters' }] });
    expect(error.message).toBe('Invalid body: a.b: must be at most 3 characters');
  });

  it('strictBody refuses an unknown key by name, for creates and patches alike', () => {
    const Patch = v.pipe(strictBody({ title: v.optional(v.string()) }), v.check(hasSomeField, 'Send at least one field to update'));
    const unknown = thrown(() => validate(Patch, { title: 'x', titel: 'y' }));
    expect(unknown.details).toEqual({ issues: [{ path: 'titel', message: 'is not a field of this request' }] });
    expect(thrown(() => validate(Patch, 'text')).details).toEqual({ issues: [{ path: '', message: 'must be a JSON object' }] });
    expect(thrown(() => validate(Patch, {})).message).toBe('Invalid body: Send at least one field to update');
    expect(validate(Patch, { title: 'ok' })).toEqual({ title: 'ok' });
  });

  it('IdParam: 1–100 characters', () => {
    expect(validate(IdParam, { id: 'x'.repeat(100) }, 'path')).toEqual({ id: 'x'.repeat(100) });
    expect(thrown(() => validate(IdParam, { id: 'x'.repeat(101) }, 'path')).statusCode).toBe(400);
    expect(thrown(() => validate(IdParam, { id: '' }, 'path')).message).toMatch(/^Invalid path: id: /);
  });

  it('readJson: empty body is {}, bad JSON is 400 INVALID_JSON, a non-JSON type is 415', async () => {
    const Schema = v.object({ a: v.optional(v.number()) });
    expect(await readJson(post(''), Schema)).toEqual({});
    expect(await readJson(post('{"a":1}', 'application/merge-patch+json'), Schema)).toEqual({ a: 1 });
    const invalid = await rejection(readJson(post('{'), Schema));
    expect([invalid.statusCode, invalid.code]).toEqual([400, 'INVALID_JSON']);
    const wrongType = await rejection(readJson(post('a=1', 'application/x-www-form-urlencoded'), Schema));
    expect([wrongType.statusCode, wrongType.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('readJson: a lone surrogate in a string or key is 400 VALIDATION_ERROR at its path; a pair is fine', async () => {
    const Schema = v.object({ a: v.optional(v.unknown()) });
    expect(await readJson(post('{"a":"\\ud83d\\ude00"}'), Schema)).toEqual({ a: '😀' });
    for (const [text, path] of [
      ['{"a":"x\\ud800"}', 'a'],
      ['{"a":[{"b":"\\udfff y"}]}', 'a.0.b'],
      ['{"a":{"\\udbff":1}}', 'a.\udbff'],
    ] as const) {
      const error = await rejection(readJson(post(text), Schema));
      expect([error.statusCode, error.code], text).toEqual([400, 'VALIDATION_ERROR']);
      // Compared as JSON text: a lone surrogate in a report could not reach the runner as UTF-8.
      const paths = (error.details as { issues: { path: string }[] }).issues.map((issue) => JSON.stringify(issue.path));
      expect(paths, text).toEqual([JSON.stringify(path)]);
    }
  });

  it('readQuery keeps the first of repeated keys and reports "query"', () => {
    const Query = v.object({ q: v.optional(v.pipe(v.string(), v.maxLength(2))) });
    expect(readQuery(new Request('https://x.test/?q=ab&q=zzz'), Query)).toEqual({ q: 'ab' });
    expect(thrown(() => readQuery(new Request('https://x.test/?q=abc'), Query)).message).toMatch(/^Invalid query: q: /);
  });
});

describe('parseJsonBody', () => {
  it('counts nesting without recursion and refuses bodies deeper than 32 levels with 400 INVALID_JSON', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(jsonDepth(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), 32)).toBe(33);
    expect(parseJsonBody(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`)).toBeTruthy();
    for (const text of [`{"a":${'['.repeat(32)}${']'.repeat(32)}}`, '{"a":', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`]) {
      try {
        parseJsonBody(text);
        expect.unreachable(text.slice(0, 20));
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).statusCode).toBe(400);
        expect((error as ApiError).code).toBe('INVALID_JSON');
      }
    }
    expect(parseJsonBody('  ')).toEqual({});
  });
});

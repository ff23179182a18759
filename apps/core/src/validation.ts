/** core's own valibot building blocks (the generic ones live in @jobmatch/shared-middleware). */
import * as v from 'valibot';

/** `:id` path parameter: an opaque id (a malformed one is simply not found). */
export const IdParam = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

const encoder = new TextEncoder();

/** Caps the serialised size of a free-form JSON value (what D1 will store for it). */
export const jsonWithin = <S extends v.GenericSchema>(schema: S, maxBytes: number) =>
  v.pipe(
    schema,
    v.check(
      (value) => encoder.encode(JSON.stringify(value) ?? '').length <= maxBytes,
      `must be at most ${Math.round(maxBytes / 1024)} KB as JSON`,
    ),
  );

const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `2026-11-24` or a full ISO-8601 date-time; null clears the field. */
export const optionalIsoDate = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.maxLength(40, 'must be at most 40 characters'),
        v.check((s) => ISO_DATE_OR_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date or date-time'),
      ),
    ),
  );

/** An optional query string filter; empty or blank means "no filter". */
export const queryText = (max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(max, `must be at most ${max} characters`),
      v.transform((s) => (s === '' ? undefined : s)),
    ),
  );

/** A query enum filter; empty means "no filter". */
export const queryEnum = <const T extends readonly string[]>(options: T) =>
  v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s === '' || options.includes(s), `must be one of ${options.join(', ')}`),
      v.transform((s) => (s === '' ? undefined : (s as T[number]))),
    ),
  );

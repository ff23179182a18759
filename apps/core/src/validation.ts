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

/**
 * A date the calendar has: Date.parse rolls 2020-02-31 over to March and is lenient about
 * times, so the day must round-trip and any time must parse.
 */
export function isRealDate(s: string): boolean {
  if (s.length >= 10) {
    const day = s.slice(0, 10);
    const parsed = new Date(`${day}T00:00:00.000Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) return false;
  }
  return s.length <= 10 || !Number.isNaN(Date.parse(s));
}

/** `2026-11-24` or a full ISO-8601 date-time; null clears the field. */
export const optionalIsoDate = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.maxLength(40, 'must be at most 40 characters'),
        v.check((s) => ISO_DATE_OR_TIME.test(s) && isRealDate(s), 'must be an ISO-8601 date or date-time'),
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

// ---- profile slice (work experience, education, profile, users) ----

// Profile dates (work experience, education) may have year or month precision, unlike
// optionalIsoDate above: résumés say "2019" or "2020-03".
const PARTIAL_DATE_PATTERN =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const DATE_MESSAGE = 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD';

/** A required calendar date (year, month or day precision, or a full ISO timestamp). */
export const requiredPartialDate = () =>
  v.pipe(v.string('must be a string'), v.trim(), v.regex(PARTIAL_DATE_PATTERN, DATE_MESSAGE), v.check(isRealDate, DATE_MESSAGE));

/** An optional date; null or '' clears it (a form's empty date field). */
export const optionalPartialDate = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.transform((s) => (s === '' ? null : s)),
        v.nullable(v.pipe(v.string(), v.regex(PARTIAL_DATE_PATTERN, DATE_MESSAGE), v.check(isRealDate, DATE_MESSAGE))),
      ),
    ),
  );

/** end ≥ start, compared at the precision both have (2020 vs 2020-05 compares the year). */
export function datesInOrder(start: string | null | undefined, end: string | null | undefined): boolean {
  if (!start || !end) return true;
  const n = Math.min(start.length, end.length);
  return end.slice(0, n) >= start.slice(0, n);
}

/** An optional http(s) URL; null or '' clears it. */
export const optionalUrl = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.maxLength(2048, 'must be at most 2048 characters'),
        v.transform((s) => (s === '' ? null : s)),
        v.nullable(v.pipe(v.string(), v.url('must be a URL'), v.regex(/^https?:\/\//i, 'must be an http(s) URL'))),
      ),
    ),
  );

/** A list of short non-empty strings (accomplishments, highlights). */
export const textList = (maxItems: number, maxLength: number) =>
  v.pipe(
    v.array(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.minLength(1, 'must not be empty'),
        v.maxLength(maxLength, `must be at most ${maxLength} characters`),
      ),
      'must be an array of strings',
    ),
    v.maxLength(maxItems, `at most ${maxItems} items`),
  );

/** A PATCH body must change something. */
export const hasSomeField = (patch: Record<string, unknown>) => Object.values(patch).some((x) => x !== undefined);

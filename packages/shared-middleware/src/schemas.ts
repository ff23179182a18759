/**
 * valibot building blocks every Worker validates with (used through validate/readJson/readQuery
 * in validation.ts). Query values arrive as strings; body values as parsed JSON.
 */
import * as v from 'valibot';

/**
 * `:id` path parameter: an opaque id of 1–100 characters. An empty or longer one is 400
 * VALIDATION_ERROR (no stored id is that long); a well-formed id that is not the caller's is 404.
 */
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

// ---- dates: one grammar, two precisions ----
// A time part as ISO-8601 writes it: THH:MM[:SS[.fraction]][Z|±HH[:]MM].
const TIME = String.raw`T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?`;
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12]\\d|3[01])';
/** A full day, optionally with a time: 2026-11-24, 2026-11-24T10:00:00Z. */
const ISO_DATE_OR_TIME = new RegExp(`^\\d{4}-${MONTH}-${DAY}(${TIME})?$`);
/** Year, month or day precision (résumés say "2019" or "2020-03"), optionally with a time. */
const PARTIAL_DATE = new RegExp(`^\\d{4}(-${MONTH}(-${DAY}(${TIME})?)?)?$`);
const PARTIAL_DATE_MESSAGE = 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD';

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

/** A required calendar date (year, month or day precision, or a full ISO timestamp). */
export const requiredPartialDate = () =>
  v.pipe(v.string('must be a string'), v.trim(), v.regex(PARTIAL_DATE, PARTIAL_DATE_MESSAGE), v.check(isRealDate, PARTIAL_DATE_MESSAGE));

/** An optional partial date; null or '' clears it (a form's empty date field). */
export const optionalPartialDate = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.transform((s) => (s === '' ? null : s)),
        v.nullable(v.pipe(v.string(), v.regex(PARTIAL_DATE, PARTIAL_DATE_MESSAGE), v.check(isRealDate, PARTIAL_DATE_MESSAGE))),
      ),
    ),
  );

/** end ≥ start, compared at the precision both have (2020 vs 2020-05 compares the year). */
export function datesInOrder(start: string | null | undefined, end: string | null | undefined): boolean {
  if (!start || !end) return true;
  const n = Math.min(start.length, end.length);
  return end.slice(0, n) >= start.slice(0, n);
}

// ---- query filters ----

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

// ---- body fields ----

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

/**
 * A request body (or an object inside one that the client writes): unknown keys are refused,
 * for creates and patches alike, so a misspelled field is a 400 that names it instead of a
 * silently dropped value.
 */
export const strictBody = <const E extends v.ObjectEntries>(entries: E) =>
  v.strictObject(entries, (issue) => (issue.expected === 'never' ? 'is not a field of this request' : 'must be a JSON object'));

/** A PATCH body must change something. */
export const hasSomeField = (patch: Record<string, unknown>) => Object.values(patch).some((x) => x !== undefined);

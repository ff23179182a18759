/** Valibot building blocks shared by the profile-slice route modules (dates, URLs, lists, ids). */
import * as v from 'valibot';

/** A path `:id`: opaque, bounded (a malformed id is simply not found). */
export const IdParam = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

const DATE_PATTERN =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const DATE_MESSAGE = 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD';

/** A required calendar date (year, month or day precision, or a full ISO timestamp). */
export const requiredDate = () => v.pipe(v.string('must be a string'), v.trim(), v.regex(DATE_PATTERN, DATE_MESSAGE));

/** An optional date; null or '' clears it (a form's empty date field). */
export const optionalDate = () =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.transform((s) => (s === '' ? null : s)),
        v.nullable(v.pipe(v.string(), v.regex(DATE_PATTERN, DATE_MESSAGE))),
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

/** JSON-serialised size of a value, for caps on free-form JSON fields. */
export const jsonSize = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value) ?? '').length;

/** A PATCH body must change something. */
export const hasSomeField = (patch: Record<string, unknown>) => Object.values(patch).some((x) => x !== undefined);

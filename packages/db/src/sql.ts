/** Small helpers shared by the table modules: timestamps, ids, JSON and boolean columns. */

export const nowIso = (): string => new Date().toISOString();
export const newId = (): string => crypto.randomUUID();

/** JSON column → value; a corrupt column reads as the fallback instead of failing the request. */
export function parseJsonColumn<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string' || value === '') return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

export const toBool = (value: unknown): boolean => value === 1 || value === true || value === '1';
export const fromBool = (value: boolean): number => (value ? 1 : 0);

/** D1 returns `unknown` rows; table modules declare their row shape once. */
export type Row = Record<string, unknown>;

/**
 * What a read-only table function needs: a `D1Database` or a `D1DatabaseSession` (read-session.ts),
 * which has only these two.
 */
export type D1Reader = Pick<D1Database, 'prepare' | 'batch'>;

export const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Search words shorter than this are refused: a one-letter prefix term matches nearly every job. */
export const MIN_SEARCH_WORD_LENGTH = 2;

/** The words of a search text FTS uses: runs of letters and digits of at least the minimum length, at most 16. */
export function searchWords(text: string): string[] {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => [...w].length >= MIN_SEARCH_WORD_LENGTH).slice(0, 16);
}

/**
 * Search words as FTS5 terms joined by AND or OR: each one a quoted prefix term, so user input
 * can never be parsed as FTS syntax (no injection, no syntax errors). Null when none is usable.
 */
export function ftsTerms(words: readonly string[], join: 'AND' | 'OR'): string | null {
  const usable = searchWords(words.join(' '));
  if (usable.length === 0) return null;
  return usable.map((w) => `"${w.replaceAll('"', '""')}"*`).join(` ${join} `);
}

/**
 * The MATCH operand of every `jobs_fts` query (migration 0014), in SQL over two bound
 * parameters: the owner token of the user AND the terms over the text columns only, so the
 * match walks only that user's entries and a search word never matches an owner token.
 */
export const ftsOwnerMatch = (userParam: string, termsParam: string): string =>
  `('owner : u' || hex(${userParam}) || ' AND {title company description skills} : (' || ${termsParam} || ')')`;

/** Binds a value as the next parameter of a statement and returns its placeholder (`?7`). */
export type BindParam = (value: unknown) => string;

export interface UpdateParts {
  /** The WHERE clause, written over ?1…?n: those placeholders bind `whereParams` in order. */
  where: string;
  whereParams: readonly unknown[];
  /** column → new value. `undefined` leaves the column as it is; `null` stores NULL. */
  set: Readonly<Record<string, unknown>>;
  /** SET expressions computed in SQL (counters, CASE …); `param` binds their values. */
  computed?: (param: BindParam) => string[];
  /** Columns to return (RETURNING …). */
  returning?: string;
}

/**
 * The one dynamic `UPDATE … SET` builder of the table modules: only the columns a patch
 * names are written, every value is a bound parameter (numbered after the WHERE clause's),
 * and column names come from the calling module, never from input. Null when there is
 * nothing to set.
 */
export function updateStatement(db: D1Database, table: string, parts: UpdateParts): D1PreparedStatement | null {
  const params: unknown[] = [...parts.whereParams];
  const param: BindParam = (value) => {
    params.push(value);
    return `?${params.length}`;
  };
  const sets: string[] = [];
  for (const [column, value] of Object.entries(parts.set)) if (value !== undefined) sets.push(`${column} = ${param(value)}`);
  sets.push(...(parts.computed?.(param) ?? []));
  if (sets.length === 0) return null;
  const returning = parts.returning ? ` RETURNING ${parts.returning}` : '';
  return db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${parts.where}${returning}`).bind(...params);
}

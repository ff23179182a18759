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

export const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * Turns free text into an FTS5 MATCH expression: every word becomes a quoted prefix term,
 * so user input can never be parsed as FTS syntax (no injection, no syntax errors).
 */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w.replaceAll('"', '""')}"*`)
    .join(' ');
}

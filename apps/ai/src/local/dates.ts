/** Partial dates as profiles store them ("2021", "2021-03", "2021-03-15") → month numbers. */

/** Months since year 0 for a partial date, or null when it is not one. */
export function monthIndex(date: string | null | undefined): number | null {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{1,2}))?/.exec(date.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  if (month < 1 || month > 12) return null;
  return year * 12 + (month - 1);
}

export const nowMonthIndex = (now = new Date()): number => now.getUTCFullYear() * 12 + now.getUTCMonth();

export interface Span {
  start: number;
  end: number;
}

/** Spans of work (current roles end now), skipping undated entries. */
export function spansOf(entries: { start_date: string | null; end_date: string | null; is_current?: boolean }[], now = new Date()): Span[] {
  const out: Span[] = [];
  for (const e of entries) {
    const start = monthIndex(e.start_date);
    if (start === null) continue;
    const end = e.is_current || !e.end_date ? nowMonthIndex(now) : monthIndex(e.end_date);
    if (end === null || end < start) continue;
    out.push({ start, end: end + 1 });
  }
  return out;
}

/** Total months covered by the spans, overlaps counted once. */
export function coveredMonths(spans: Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let current: Span | null = null;
  for (const s of sorted) {
    if (!current || s.start > current.end) {
      if (current) total += current.end - current.start;
      current = { ...s };
    } else current.end = Math.max(current.end, s.end);
  }
  if (current) total += current.end - current.start;
  return total;
}

/** Gaps between consecutive spans longer than `minMonths`. */
export function gapsBetween(spans: Span[], minMonths: number): { from: number; to: number; months: number }[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: { from: number; to: number; months: number }[] = [];
  let reach = sorted[0]?.end ?? 0;
  for (const s of sorted.slice(1)) {
    if (s.start - reach > minMonths) out.push({ from: reach, to: s.start, months: s.start - reach });
    reach = Math.max(reach, s.end);
  }
  return out;
}

export const formatMonth = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

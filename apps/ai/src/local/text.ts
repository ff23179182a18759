/** Text helpers shared by the local (deterministic) provider: normalising, words, phrases. */

export const normalise = (s: string): string => s.normalize('NFKC').toLowerCase();

/** Lower-case words of letters/digits, keeping tech spellings like c++, c#, node.js, ci/cd. */
export function words(s: string): string[] {
  return normalise(s).match(/[\p{L}\p{N}][\p{L}\p{N}+#.]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu) ?? [];
}

const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or our the their this to we will with you your they who what which about into over more than not all any can may must should would could also per other such'.split(
    ' ',
  ),
);

/** Content words: no stop words, at least two characters. */
export const contentWords = (s: string): string[] => words(s).filter((w) => w.length > 1 && !STOP.has(w));

/** True when `phrase` (already lower-case) occurs in `haystack` (lower-case) on word boundaries. */
export function hasPhrase(haystack: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(phrase, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : haystack[at - 1]!;
    const after = haystack[at + phrase.length] ?? '';
    const boundary = (c: string) => c === '' || !/[\p{L}\p{N}+#]/u.test(c);
    // "node.js" must not match inside "node.jsx"; a trailing dot ends a sentence and is fine.
    if (boundary(before) && (boundary(after) || (after === '.' && !/[\p{L}\p{N}]/u.test(haystack[at + phrase.length + 1] ?? ''))))
      return true;
    from = at + 1;
  }
}

export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** Sentences of a free text, trimmed, without empty ones. */
export const sentences = (s: string): string[] =>
  s
    .split(/(?<=[.!?])\s+|\n+/)
    .map((x) => x.replace(/^[\s•\-*–]+/, '').trim())
    .filter((x) => x.length > 2);

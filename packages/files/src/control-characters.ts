/**
 * C0 control characters (U+0000–U+001F) and DEL (U+007F), tested by code point: file keys,
 * stored file names and "plain text" uploads all draw the line here.
 */
const isControl = (code: number, allowed: ReadonlySet<number>) => (code <= 0x1f || code === 0x7f) && !allowed.has(code);
const NONE: ReadonlySet<number> = new Set();
/** Tab, line feed, form feed and carriage return: the controls plain text may contain. */
export const TEXT_WHITESPACE: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0c, 0x0d]);

export function hasControlCharacter(text: string, allowed = NONE): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i), allowed)) return true;
  return false;
}

/** `text` with every control character outside `allowed` replaced by `replacement` (default: dropped). */
export function withoutControlCharacters(text: string, allowed = NONE, replacement = ''): string {
  let out = '';
  for (const char of text) out += isControl(char.charCodeAt(0), allowed) ? replacement : char;
  return out;
}

/** Line feed only: what rendered documents keep. */
export const LINE_FEED: ReadonlySet<number> = new Set([0x0a]);

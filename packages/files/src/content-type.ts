/**
 * File types are decided by the bytes, never by the client's Content-Type or file name:
 * a "resume.pdf" that is really HTML is refused, and what we store and serve is the
 * detected type.
 */
import type { FileBucket } from '@jobmatch/db';
import { hasControlCharacter, TEXT_WHITESPACE } from './control-characters';

export const PDF = 'application/pdf';
export const PNG = 'image/png';
export const JPEG = 'image/jpeg';
export const WEBP = 'image/webp';
export const GIF = 'image/gif';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const DOC = 'application/msword';
export const TEXT = 'text/plain; charset=utf-8';

export const ALLOWED_TYPES: Record<FileBucket, readonly string[]> = {
  avatars: [PNG, JPEG, WEBP, GIF],
  // Resume parsing (ai) accepts PDFs, Word documents, plain text and images of a resume.
  resumes: [PDF, DOCX, DOC, TEXT, PNG, JPEG, WEBP],
  exports: [PDF, DOCX, TEXT],
};

export const EXTENSION: Record<string, string> = {
  [PDF]: '.pdf',
  [PNG]: '.png',
  [JPEG]: '.jpg',
  [WEBP]: '.webp',
  [GIF]: '.gif',
  [DOCX]: '.docx',
  [DOC]: '.doc',
  [TEXT]: '.txt',
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** A zip whose entries include word/document.xml is a Word document (DOCX). */
function isDocx(bytes: Uint8Array): boolean {
  // Entry names appear in the local headers and the central directory; searching the raw
  // bytes for the mandatory part's name is enough to tell a DOCX from any other zip.
  const needle = ascii('word/document.xml');
  const last = bytes.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** UTF-8 text without NUL or other control characters besides tab, newlines and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  return !hasControlCharacter(text, TEXT_WHITESPACE);
}

/** The detected MIME type, or null for anything we do not accept anywhere. */
export function detectContentType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, ascii('%PDF-'))) return PDF;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return GIF;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return WEBP;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return isDocx(bytes) ? DOCX : null;
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return DOC;
  if (bytes.length > 0 && isPlainText(bytes)) return TEXT;
  return null;
}

/**
 * Whether the client's declared type agrees with the detected one. An absent or generic
 * declaration is fine; a specific different one (a PDF sent as image/png) is refused.
 */
export function declaredTypeAgrees(declared: string, detected: string): boolean {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream') return true;
  if (detected === TEXT) return type.startsWith('text/');
  if (detected === JPEG) return type === JPEG || type === 'image/jpg' || type === 'image/pjpeg';
  return type === detected;
}

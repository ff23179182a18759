/**
 * Text out of an uploaded resume, inside the Worker, with caps so a hostile file cannot hang or
 * exhaust it: size (10 MB, the upload limit), PDF pages (20), DOCX uncompressed size (40 MB, read
 * from the zip's central directory before unzipping), and a wall-clock deadline per extraction.
 * An unreadable or truncated file is a 422, never a 500.
 */
import { ApiError } from '@jobmatch/shared-middleware';

export const MAX_RESUME_BYTES = 10 * 1024 * 1024;
export const MAX_PDF_PAGES = 20;
export const MAX_DOCX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024;
export const EXTRACT_TIMEOUT_MS = 15_000;
export const MAX_TEXT_CHARS = 60_000;

const unreadable = (what: string, why: string) => new ApiError(422, 'UNREADABLE_DOCUMENT', `This ${what} could not be read: ${why}`);

async function deadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unreadable(what, `reading it took longer than ${EXTRACT_TIMEOUT_MS / 1000} s`)), EXTRACT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocumentProxy, extractText, getResolvedPDFJS } = await import('unpdf');
  // Loading pdf.js is our cost, not the file's: it happens before the file's deadline starts.
  await getResolvedPDFJS();
  return deadline(
    (async () => {
      let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
      try {
        pdf = await getDocumentProxy(bytes.slice());
      } catch (error) {
        throw unreadable('PDF', error instanceof Error ? error.message.slice(0, 200) : 'damaged file');
      }
      try {
        if (pdf.numPages > MAX_PDF_PAGES) throw unreadable('PDF', `it has ${pdf.numPages} pages (at most ${MAX_PDF_PAGES})`);
        const { text } = await extractText(pdf, { mergePages: true });
        return text;
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw unreadable('PDF', error instanceof Error ? error.message.slice(0, 200) : 'damaged file');
      } finally {
        await pdf.destroy().catch(() => undefined);
      }
    })(),
    'PDF',
  );
}

/** Sum of the uncompressed sizes in a zip's central directory; null when it has none (truncated). */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let offset = view.getUint32(i + 16, true);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      total += view.getUint32(offset + 24, true);
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return total;
  }
  return null;
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  const size = zipUncompressedSize(bytes);
  if (size === null) throw unreadable('Word document', 'it is damaged or truncated');
  if (size > MAX_DOCX_UNCOMPRESSED_BYTES) throw unreadable('Word document', 'it unpacks to more than 40 MB');
  const mammoth = (await import('mammoth')).default;
  const arrayBuffer = bytes.slice().buffer;
  return deadline(
    mammoth
      // mammoth's browser build reads `arrayBuffer`, its Node build (chosen under some bundlers) `buffer`: give both.
      .extractRawText({ arrayBuffer, buffer: arrayBuffer } as { arrayBuffer: ArrayBuffer })
      .then((r) => r.value)
      .catch((error: unknown) => {
        throw unreadable('Word document', error instanceof Error ? error.message.slice(0, 200) : 'damaged file');
      }),
    'Word document',
  );
}

export function plainText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw unreadable('text file', 'it is not UTF-8 text');
  }
}

/** Cleans extracted text: normalised whitespace per line, capped length. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\t\u00a0 ]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

/** Request body limits, enforced before anything is forwarded. */
import { ApiError } from '@jobmatch/shared-middleware';

const tooLarge = (max: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${max} bytes`, { maxBytes: max });

/**
 * Returns the body to forward: the original stream when Content-Length proves it fits,
 * otherwise a buffer read up to `max` bytes (chunked uploads cannot lie about their size).
 */
export async function boundedBody(request: Request, max: number): Promise<ReadableStream | ArrayBuffer | null> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return null;
  const declared = request.headers.get('Content-Length');
  if (declared !== null) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length < 0) throw new ApiError(400, 'INVALID_CONTENT_LENGTH', 'Bad Content-Length');
    if (length > max) throw tooLarge(max);
    return request.body;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}

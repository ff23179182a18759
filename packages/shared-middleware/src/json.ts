import { JSON_CONTENT_TYPE } from './errors';

/** A JSON response with the platform's content type. */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('Content-Type', JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(data), { status, headers: h });
}

export const noContent = (): Response => new Response(null, { status: 204 });

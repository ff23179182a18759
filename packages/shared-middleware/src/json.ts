import { JSON_CONTENT_TYPE } from './errors';

/** A JSON response with the platform's content type. */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('Content-Type', JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(data), { status, headers: h });
}

export const noContent = (): Response => new Response(null, { status: 204 });

/**
 * Set by a service on a GET response the gateway may keep in its per-user API cache
 * (API_CACHE, 5 min, invalidated by that user's writes). The gateway strips it before the
 * client sees the response. Only for data that depends on nothing but the caller's own rows.
 */
export const CACHEABLE_HEADER = 'x-jobmatch-cacheable';

/** A 200 JSON response the gateway may cache for this user (see CACHEABLE_HEADER). */
export function cacheableJson(data: unknown): Response {
  return json(data, 200, { [CACHEABLE_HEADER]: '1' });
}

/**
 * Cache invalidation named by a service. The gateway stamps the API-cache families a write
 * changes from its route table, which needs a user on the request; a write the gateway cannot
 * attribute (the public LinkedIn callback: a GET without a token, where only the service learns
 * the user from the OAuth state) is named by the service in its answer instead. The gateway
 * stamps those families for that user and strips the headers; it forwards no client header in
 * the internal namespace (x-jobmatch-*), so only a service can set them.
 */
export const H_INVALIDATE_USER = 'x-jobmatch-invalidate-user';
export const H_INVALIDATE_FAMILIES = 'x-jobmatch-invalidate-families';

const FAMILY = /^[a-z][a-z0-9-]{0,39}$/;
const MAX_FAMILIES = 10;

export interface Invalidation {
  userId: string;
  families: string[];
}

/** Marks `response` as having changed `families` of `userId`'s data (response headers must be mutable). */
export function invalidates(response: Response, userId: string, families: string[]): Response {
  const valid = families.filter((f) => FAMILY.test(f)).slice(0, MAX_FAMILIES);
  if (valid.length === 0 || userId === '') return response;
  response.headers.set(H_INVALIDATE_USER, userId);
  response.headers.set(H_INVALIDATE_FAMILIES, valid.join(','));
  return response;
}

/** Reads and removes the invalidation a service named; null when there is none (or it is malformed). */
export function takeInvalidation(headers: Headers): Invalidation | null {
  const userId = headers.get(H_INVALIDATE_USER);
  const list = headers.get(H_INVALIDATE_FAMILIES);
  headers.delete(H_INVALIDATE_USER);
  headers.delete(H_INVALIDATE_FAMILIES);
  if (!userId || userId.length > 128 || !list) return null;
  const families = list
    .split(',')
    .map((f) => f.trim())
    .filter((f) => FAMILY.test(f))
    .slice(0, MAX_FAMILIES);
  return families.length > 0 ? { userId, families } : null;
}

/**
 * The internal API version: the contract between the gateway and the services (signed
 * identity headers, envelope, route shapes). Bump it when a change is not additive. Teams
 * deploy their Workers independently, so for a while a service may run one version ahead of
 * or behind the gateway: every service answer carries its version in API_VERSION_HEADER (and
 * /health reports it), and the gateway logs the skew and keeps serving.
 */
export const INTERNAL_API_VERSION = 1;
export const API_VERSION_HEADER = 'x-jobmatch-api-version';

/** The version a response announces, or null when it announces none (or garbage). */
export function announcedApiVersion(headers: Headers): number | null {
  const raw = headers.get(API_VERSION_HEADER);
  if (raw === null || !/^\d{1,6}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * API_CACHE (gateway only): JWKS documents, per-user cached GET responses and the per-user,
 * per-resource-family generation stamps that make older responses unreachable after a write.
 */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

/**
 * The keys of a JWKS: objects with a string `kty`, every other member kept as stored (jose
 * checks each key when it imports it). Custom checks rather than `v.array(v.looseObject({ kty }))`
 * and `v.array(v.string())`, which accept the same values but weigh ≈ 1.4 KiB of the gateway
 * bundle's 60 KiB budget (v.looseObject ≈ 1 KiB, v.array ≈ 0.4 KiB).
 */
const jwks = v.custom<({ kty: string } & Record<string, unknown>)[]>(
  (value) =>
    Array.isArray(value) &&
    value.every((key) => typeof key === 'object' && key !== null && typeof (key as { kty?: unknown }).kty === 'string'),
  'Invalid JWKS keys: expected an array of objects with a string kty',
);
const strings = v.custom<string[]>(
  (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  'Invalid value: expected an array of strings',
);

export const jwksDocument = defineKvEntry({
  namespace: 'API_CACHE',
  key: (jwksUrl: string) => `jwks:${jwksUrl}`,
  schema: v.object({
    keys: jwks,
    fetchedAt: v.number(),
  }),
  // Long enough to serve as the stale-if-error copy (the gateway's JWKS_MAX_STALE_MS).
  ttlSeconds: 6 * 60 * 60,
});

export const RESPONSE_TTL_SECONDS = 5 * 60;

/**
 * A cached GET response of one user; `requestHash` covers method, path and full query. Only 200
 * answers are stored (response-cache.ts) and a hit answers 200, so the entry holds no status
 * (an older entry's `status` field is stripped on read).
 */
export const cachedResponse = defineKvEntry({
  namespace: 'API_CACHE',
  key: ({ userId, requestHash }: { userId: string; requestHash: string }) => `resp:${userId}:${requestHash}`,
  schema: v.object({
    userId: v.string(),
    path: v.string(),
    contentType: v.string(),
    body: v.string(),
    /** When the request that produced it was forwarded (ms); valid only if newer than every family stamp. */
    requestedAt: v.number(),
    families: strings,
  }),
  ttlSeconds: RESPONSE_TTL_SECONDS,
});

/**
 * The time (ms) of the user's latest successful write to a resource family. Lives as long
 * as the responses it can invalidate (plus a margin); absent means "no write in that time".
 */
export const familyWriteStamp = defineKvEntry({
  namespace: 'API_CACHE',
  key: ({ userId, family }: { userId: string; family: string }) => `gen:${userId}:${family}`,
  schema: v.object({ writtenAt: v.number() }),
  ttlSeconds: RESPONSE_TTL_SECONDS + 60,
});

/**
 * API_CACHE (gateway only): JWKS documents, per-user cached GET responses and the per-user,
 * per-resource-family generation stamps that make older responses unreachable after a write.
 */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

export const jwksDocument = defineKvEntry({
  namespace: 'API_CACHE',
  key: (jwksUrl: string) => `jwks:${jwksUrl}`,
  schema: v.object({
    keys: v.array(v.looseObject({ kty: v.string() })),
    fetchedAt: v.number(),
  }),
  // Long enough to serve as the stale-if-error copy (the gateway's JWKS_MAX_STALE_MS).
  ttlSeconds: 6 * 60 * 60,
});

export const RESPONSE_TTL_SECONDS = 5 * 60;

/** A cached GET response of one user; `requestHash` covers method, path and full query. */
export const cachedResponse = defineKvEntry({
  namespace: 'API_CACHE',
  key: ({ userId, requestHash }: { userId: string; requestHash: string }) => `resp:${userId}:${requestHash}`,
  schema: v.object({
    userId: v.string(),
    path: v.string(),
    status: v.literal(200),
    contentType: v.string(),
    body: v.string(),
    /** When the request that produced it was forwarded (ms); valid only if newer than every family stamp. */
    requestedAt: v.number(),
    families: v.array(v.string()),
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

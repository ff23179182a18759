/** API_CACHE (gateway): cached JWKS documents so a cold isolate does not refetch them. */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

export const jwksDocument = defineKvEntry({
  namespace: 'API_CACHE',
  key: (jwksUrl: string) => `jwks:${jwksUrl}`,
  schema: v.object({
    keys: v.array(v.looseObject({ kty: v.string() })),
    fetchedAt: v.number(),
  }),
  ttlSeconds: 60 * 60,
});

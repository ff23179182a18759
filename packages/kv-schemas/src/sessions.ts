/**
 * SESSIONS (written by core, read by the gateway): the fast-path state of a login session,
 * keyed by the access token's `session_id` claim. D1 `sessions` holds the audit record.
 * Written once when a session is first seen and once when it is revoked — never per request.
 */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

/** A session's lifetime without activity (activity slides it). */
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** How long a revocation is remembered (KV marker and D1 session_revocations): its tokens stay refused. */
export const REVOCATION_TTL_SECONDS = 365 * 24 * 60 * 60;

export const sessionState = defineKvEntry({
  namespace: 'SESSIONS',
  key: (sessionId: string) => `session:${sessionId}`,
  schema: v.object({
    userId: v.string(),
    // Custom checks rather than `v.picklist` / `v.nullable(v.string())`: the same values,
    // ≈ 0.55 KiB less of the gateway bundle's 60 KiB budget.
    status: v.custom<'active' | 'revoked'>(
      (value) => value === 'active' || value === 'revoked',
      'Invalid status: expected "active" or "revoked"',
    ),
    createdAt: v.string(),
    revokedAt: v.custom<string | null>(
      (value) => value === null || typeof value === 'string',
      'Invalid revokedAt: expected a string or null',
    ),
  }),
  ttlSeconds: SESSION_TTL_SECONDS,
});
export type SessionState = v.InferOutput<typeof sessionState.schema>;

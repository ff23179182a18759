/**
 * Idempotency-Key handling for side-effecting POSTs (D1 `idempotency_keys`, migration 0007).
 * D1 gives an atomic claim (INSERT … ON CONFLICT DO NOTHING) that KV cannot: two concurrent
 * requests with one key never both run the work. Keys are per user and per route (scope).
 *
 *   const outcome = await idempotency.claim(db, { userId, scope, key, fingerprint });
 *   'claimed'  → do the work, then complete() with the answer (or release() when it failed);
 *   'replay'   → answer outcome.status / outcome.body again, do nothing else;
 *   'pending'  → the first request is still running: 409 (retry later);
 *   'mismatch' → the key was used with another body: 422.
 */
import { newId, nowIso, type Row } from './sql';
import { NOT_MOVING } from './user-moves';

/** How long a completed key is remembered (retries come within minutes; a day is generous). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A 'pending' claim older than this is treated as abandoned (the Worker died mid-request). */
export const PENDING_TIMEOUT_MS = 5 * 60 * 1000;

export interface IdempotencyClaim {
  userId: string;
  scope: string;
  key: string;
  /** Hex SHA-256 of the request body (see fingerprintOf). */
  fingerprint: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'pending' }
  | { kind: 'mismatch' };

export async function fingerprintOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function claim(db: D1Database, c: IdempotencyClaim, now = Date.now()): Promise<ClaimOutcome> {
  const created = new Date(now).toISOString();
  const expires = new Date(now + IDEMPOTENCY_TTL_MS).toISOString();
  const staleBefore = new Date(now - PENDING_TIMEOUT_MS).toISOString();
  // An expired record, or a pending one whose request died, may be claimed again.
  await db
    .prepare(
      `DELETE FROM idempotency_keys WHERE user_id = ?1 AND scope = ?2 AND idempotency_key = ?3
         AND (expires_at <= ?4 OR (status = 'pending' AND created_at <= ?5))`,
    )
    .bind(c.userId, c.scope, c.key, created, staleBefore)
    .run();
  const inserted = await db
    .prepare(
      `INSERT INTO idempotency_keys (id, user_id, scope, idempotency_key, fingerprint, status, created_at, expires_at)
       VALUES (?7, ?1, ?2, ?3, ?4, 'pending', ?5, ?6)
       ON CONFLICT (user_id, scope, idempotency_key) DO NOTHING`,
    )
    .bind(c.userId, c.scope, c.key, c.fingerprint, created, expires, newId())
    .run();
  if (inserted.meta.changes === 1) return { kind: 'claimed' };

  const row = await db
    .prepare(
      `SELECT fingerprint, status, response_status, response_body FROM idempotency_keys
       WHERE user_id = ?1 AND scope = ?2 AND idempotency_key = ?3`,
    )
    .bind(c.userId, c.scope, c.key)
    .first<Row>();
  if (!row) return claim(db, c, now); // released between our insert and read: try once more
  if (row.fingerprint !== c.fingerprint) return { kind: 'mismatch' };
  if (row.status !== 'done') return { kind: 'pending' };
  return { kind: 'replay', status: Number(row.response_status), body: String(row.response_body ?? '') };
}

/** Stores the answer the first request got; later claims replay it. */
export async function complete(db: D1Database, c: IdempotencyClaim, status: number, body: string): Promise<void> {
  await db
    .prepare(
      `UPDATE idempotency_keys SET status = 'done', response_status = ?4, response_body = ?5
       WHERE user_id = ?1 AND scope = ?2 AND idempotency_key = ?3`,
    )
    .bind(c.userId, c.scope, c.key, status, body)
    .run();
}

/** Forgets a claim whose work failed before any side effect, so the client can retry. */
export async function release(db: D1Database, c: IdempotencyClaim): Promise<void> {
  await db
    .prepare(`DELETE FROM idempotency_keys WHERE user_id = ?1 AND scope = ?2 AND idempotency_key = ?3 AND status = 'pending'`)
    .bind(c.userId, c.scope, c.key)
    .run();
}

/**
 * Nightly cleanup: deletes up to `batchSize` expired records (all of them without a size).
 * A bounded sub-query, so one statement never holds D1 for long; the cron repeats it.
 */
export async function purgeExpired(db: D1Database, now = nowIso(), batchSize?: number): Promise<number> {
  const result =
    batchSize === undefined
      ? await db.prepare(`DELETE FROM idempotency_keys WHERE expires_at <= ?1 AND ${NOT_MOVING}`).bind(now).run()
      : await db
          .prepare(
            `DELETE FROM idempotency_keys WHERE id IN (SELECT id FROM idempotency_keys WHERE expires_at <= ?1 AND ${NOT_MOVING} LIMIT ?2)`,
          )
          .bind(now, batchSize)
          .run();
  return result.meta.changes;
}

/** The D1 store for shared-middleware's runIdempotent (structurally its IdempotencyStore). */
export function d1Store(db: D1Database) {
  return {
    claim: (ref: IdempotencyClaim) => claim(db, ref),
    complete: (ref: IdempotencyClaim, status: number, body: string) => complete(db, ref, status, body),
    release: (ref: IdempotencyClaim) => release(db, ref),
    fingerprintOf,
  };
}

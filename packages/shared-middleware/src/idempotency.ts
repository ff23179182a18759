/**
 * `Idempotency-Key` for side-effecting POSTs (application generation, email sends): a retried
 * request with the same key gets the first answer again and runs no second side effect.
 * Storage is injected (packages/db `idempotency` over D1, whose INSERT … ON CONFLICT makes the
 * claim atomic), so this stays free of SQL.
 */
import { ApiError, JSON_CONTENT_TYPE } from './errors';

export interface IdempotencyKeyRef {
  userId: string;
  scope: string;
  key: string;
  fingerprint: string;
}

export interface IdempotencyStore {
  claim(
    ref: IdempotencyKeyRef,
  ): Promise<{ kind: 'claimed' } | { kind: 'replay'; status: number; body: string } | { kind: 'pending' } | { kind: 'mismatch' }>;
  complete(ref: IdempotencyKeyRef, status: number, body: string): Promise<void>;
  release(ref: IdempotencyKeyRef): Promise<void>;
  fingerprintOf(body: string): Promise<string>;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const REPLAY_HEADER = 'Idempotent-Replayed';

/** The request's Idempotency-Key, or null when absent; 400 when malformed. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('Idempotency-Key');
  if (key === null) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 visible ASCII characters');
  }
  return key;
}

/**
 * Runs `work` at most once per (user, scope, key). Without a key it just runs. `work` answers
 * a status and a JSON-serialisable body; a thrown error releases the key (nothing was done, the
 * client may retry with the same key).
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: { key: string | null; userId: string; scope: string; rawBody: string },
  work: () => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  if (request.key === null) {
    const result = await work();
    return jsonAnswer(result.status, JSON.stringify(result.body), false);
  }
  const ref: IdempotencyKeyRef = {
    userId: request.userId,
    scope: request.scope,
    key: request.key,
    fingerprint: await store.fingerprintOf(request.rawBody),
  };
  const outcome = await store.claim(ref);
  if (outcome.kind === 'replay') return jsonAnswer(outcome.status, outcome.body, true);
  if (outcome.kind === 'pending') {
    throw new ApiError(
      409,
      'IDEMPOTENCY_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly',
      undefined,
      {
        'Retry-After': '2',
      },
    );
  }
  if (outcome.kind === 'mismatch') {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
  }
  let result: { status: number; body: unknown };
  try {
    result = await work();
  } catch (error) {
    await store.release(ref);
    throw error;
  }
  const text = JSON.stringify(result.body);
  await store.complete(ref, result.status, text);
  return jsonAnswer(result.status, text, false);
}

function jsonAnswer(status: number, body: string, replayed: boolean): Response {
  const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store' };
  if (replayed) headers[REPLAY_HEADER] = 'true';
  return new Response(body, { status, headers });
}

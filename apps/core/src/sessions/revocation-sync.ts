/**
 * Brings KV SESSIONS up to date with revocations recorded in D1. D1 is written first (the
 * durable record); a revocation is marked synced only once KV has it, so a failed KV write is
 * redone by the next DELETE or by the nightly cron instead of being lost.
 */
import { sessions, type Revocation } from '@jobmatch/db';
import { COALESCE_INTERVAL_MS, sessions as sessionKv } from '@jobmatch/kv-schemas';
import { logEvent } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

async function putRevoked(env: CoreEnv, r: Revocation): Promise<void> {
  await sessionKv.sessionState.put(
    env.SESSIONS,
    r.id,
    { userId: r.user_id, status: 'revoked', createdAt: r.revoked_at, revokedAt: r.revoked_at },
    { ttlSeconds: sessionKv.REVOCATION_TTL_SECONDS },
  );
}

/**
 * Writes each revocation to KV (distinct keys, in parallel) and marks them synced in `db`, the
 * shard they were read from; returns the ids that still failed.
 */
export async function syncRevocations(env: CoreEnv, db: D1Database, revocations: Revocation[]): Promise<string[]> {
  const attempt = async (list: Revocation[]) => {
    const results = await Promise.allSettled(list.map((r) => putRevoked(env, r)));
    return list.filter((_, i) => results[i]!.status === 'rejected');
  };
  let failed = await attempt(revocations);
  if (failed.length > 0) {
    // KV refuses a second write to a key within a second (e.g. registered a moment ago): wait it out once.
    await new Promise((resolve) => setTimeout(resolve, COALESCE_INTERVAL_MS));
    failed = await attempt(failed);
  }
  const failedIds = new Set(failed.map((r) => r.id));
  await sessions.markRevocationsSynced(
    db,
    revocations.filter((r) => !failedIds.has(r.id)).map((r) => r.id),
  );
  if (failed.length > 0) logEvent('error', 'session_revocation_kv_failed', { sessionIds: [...failedIds] });
  return [...failedIds];
}

/**
 * Brings KV SESSIONS up to date with revocations recorded in D1. D1 is written first (the
 * durable record); a revocation is marked synced only once KV has it, so a failed KV write is
 * redone by the next DELETE or by the 10-minute cron (REVOCATION_SYNC_CRON) instead of being lost.
 * Meanwhile the gateway enforces such a revocation anyway: core answers its activity touch with
 * 409 SESSION_REVOKED from D1.
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

/** The cron tick that only re-syncs revocations (wrangler.jsonc `triggers.crons`; the daily tick runs everything). */
export const REVOCATION_SYNC_CRON = '*/10 * * * *';
const RESYNC_BATCH = 50;
const RESYNC_MAX_BATCHES = 10;

/** One shard's re-sync pass (bounded: at most RESYNC_MAX_BATCHES × RESYNC_BATCH); throws if KV refused any. */
export async function resyncUnsyncedRevocations(env: CoreEnv, db: D1Database, shard: number): Promise<number> {
  let synced = 0;
  for (let i = 0; i < RESYNC_MAX_BATCHES; i++) {
    const pending = await sessions.unsyncedRevocations(db, RESYNC_BATCH);
    const failed = await syncRevocations(env, db, pending);
    if (failed.length > 0) throw new Error(`${failed.length} revocations could not be written to KV`);
    synced += pending.length;
    if (pending.length < RESYNC_BATCH) break;
  }
  logEvent('info', 'revocation_resync', { service: 'core', shard, synced });
  return synced;
}

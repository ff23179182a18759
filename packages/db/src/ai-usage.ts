/**
 * SQL for ai_usage_counters (ai Worker, migration 0008): measured calls, tokens, latency and
 * cache hits per user, UTC day, subject and task. Written only in coalesced batches of deltas
 * (see apps/ai/src/metrics), never once per request.
 */
import { newId, nowIso, type D1Reader, type Row } from './sql';
import { movingUsersStatement, notMoving } from './user-moves';

export interface UsageDelta {
  userId: string;
  day: string;
  /** `provider:model` for model calls, `cache:<name>` for cache lookups. */
  subject: string;
  task: string;
  calls: number;
  failures: number;
  promptTokens: number;
  completionTokens: number;
  latencyMsTotal: number;
  hits: number;
  misses: number;
  savedUsdMicros: number;
}

export type UsageTotals = Omit<UsageDelta, 'userId' | 'day'>;

/**
 * Adds the deltas in one D1 batch (one transaction). A delta for a user without a row is
 * dropped (the SELECT … FROM users finds nothing), so one missing user never fails the batch.
 * A delta of a user being moved off this shard (`user_moves`) is not written and is answered
 * instead, for the caller to keep until the user's shard has switched (the fence would
 * otherwise abort the whole batch).
 */
export async function addUsageDeltas(db: D1Database, deltas: UsageDelta[]): Promise<UsageDelta[]> {
  if (deltas.length === 0) return [];
  const now = nowIso();
  const [moving] = await db.batch<{ user_id: string }>([
    movingUsersStatement(
      db,
      deltas.map((d) => d.userId),
    ),
    ...deltas.map((d) =>
      db
        .prepare(
          `INSERT INTO ai_usage_counters (id, user_id, day, subject, task, calls, failures, prompt_tokens, completion_tokens,
             latency_ms_total, hits, misses, saved_usd_micros, updated_at)
           SELECT ?14, id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13 FROM users WHERE id = ?1 AND ${notMoving('id')}
           ON CONFLICT (user_id, day, subject, task) DO UPDATE SET
             calls = calls + excluded.calls, failures = failures + excluded.failures,
             prompt_tokens = prompt_tokens + excluded.prompt_tokens,
             completion_tokens = completion_tokens + excluded.completion_tokens,
             latency_ms_total = latency_ms_total + excluded.latency_ms_total,
             hits = hits + excluded.hits, misses = misses + excluded.misses,
             saved_usd_micros = saved_usd_micros + excluded.saved_usd_micros, updated_at = excluded.updated_at`,
        )
        .bind(
          d.userId,
          d.day,
          d.subject,
          d.task,
          d.calls,
          d.failures,
          d.promptTokens,
          d.completionTokens,
          d.latencyMsTotal,
          d.hits,
          d.misses,
          d.savedUsdMicros,
          now,
          newId(),
        ),
    ),
  ]);
  const skipped = new Set(moving!.results.map((r) => r.user_id));
  return deltas.filter((d) => skipped.has(d.userId));
}

/** The user's totals per subject and task since `sinceDay` (inclusive, YYYY-MM-DD). */
export async function usageTotals(db: D1Reader, userId: string, sinceDay: string): Promise<UsageTotals[]> {
  const { results } = await db
    .prepare(
      `SELECT subject, task, sum(calls) AS calls, sum(failures) AS failures, sum(prompt_tokens) AS prompt_tokens,
         sum(completion_tokens) AS completion_tokens, sum(latency_ms_total) AS latency_ms_total,
         sum(hits) AS hits, sum(misses) AS misses, sum(saved_usd_micros) AS saved_usd_micros
       FROM ai_usage_counters WHERE user_id = ?1 AND day >= ?2 GROUP BY subject, task ORDER BY subject, task`,
    )
    .bind(userId, sinceDay)
    .all<Row>();
  return results.map((r) => ({
    subject: String(r.subject),
    task: String(r.task),
    calls: Number(r.calls ?? 0),
    failures: Number(r.failures ?? 0),
    promptTokens: Number(r.prompt_tokens ?? 0),
    completionTokens: Number(r.completion_tokens ?? 0),
    latencyMsTotal: Number(r.latency_ms_total ?? 0),
    hits: Number(r.hits ?? 0),
    misses: Number(r.misses ?? 0),
    savedUsdMicros: Number(r.saved_usd_micros ?? 0),
  }));
}

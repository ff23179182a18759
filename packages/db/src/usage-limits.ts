/**
 * SQL for usage_limits: one counter per user and kind (emails, ai_generations, …) for the
 * current calendar period (UTC day or month). Reads roll an expired period lazily, so
 * correctness never depends on the cron; the cron (rollExpiredPeriods) keeps rows tidy.
 */
import { ensureUserStatement, type UserIdentity } from './users';
import { newId, type Row } from './sql';
import { NOT_MOVING } from './user-moves';

export type UsagePeriod = 'day' | 'month';

export interface Usage {
  kind: string;
  period: UsagePeriod;
  period_start: string;
  period_end: string;
  used: number;
  limit: number;
  remaining: number;
}

/** The calendar period (UTC) containing `now`: [start, end). */
export function periodBounds(period: UsagePeriod, now: Date): { start: string; end: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const start = period === 'day' ? new Date(Date.UTC(y, m, now.getUTCDate())) : new Date(Date.UTC(y, m, 1));
  const end = period === 'day' ? new Date(Date.UTC(y, m, now.getUTCDate() + 1)) : new Date(Date.UTC(y, m + 1, 1));
  return { start: start.toISOString(), end: end.toISOString() };
}

// The same bounds in SQL (strftime accepts the ISO 'Z' form); used by the bulk roll.
const SQL_PERIOD_START = `CASE period WHEN 'day' THEN strftime('%Y-%m-%dT00:00:00.000Z', ?1)
  ELSE strftime('%Y-%m-01T00:00:00.000Z', ?1) END`;
const SQL_PERIOD_END = `CASE period WHEN 'day' THEN strftime('%Y-%m-%dT00:00:00.000Z', ?1, '+1 day')
  ELSE strftime('%Y-%m-%dT00:00:00.000Z', ?1, 'start of month', '+1 month') END`;

function rowToUsage(row: Row): Usage {
  const used = Number(row.used);
  const limit = Number(row.limit_value);
  return {
    kind: String(row.kind),
    period: String(row.period) as UsagePeriod,
    period_start: String(row.period_start),
    period_end: String(row.period_end),
    used,
    limit,
    remaining: Math.max(0, limit - used),
  };
}

const USAGE_COLUMNS = 'kind, period, period_start, period_end, used, limit_value';

export interface UsagePolicy {
  kind: string;
  period: UsagePeriod;
  limit: number;
}

/** Provisions the counter for the current period, rolling it if its period has ended. */
function currentPeriodStatements(db: D1Database, user: UserIdentity, policy: UsagePolicy, now: Date): D1PreparedStatement[] {
  const { start, end } = periodBounds(policy.period, now);
  const at = now.toISOString();
  return [
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO usage_limits (id, user_id, kind, period, period_start, period_end, used, limit_value, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?8)
         ON CONFLICT (user_id, kind) DO UPDATE SET
           used = CASE WHEN usage_limits.period_end <= ?8 THEN 0 ELSE usage_limits.used END,
           period_start = CASE WHEN usage_limits.period_end <= ?8 THEN excluded.period_start ELSE usage_limits.period_start END,
           period_end = CASE WHEN usage_limits.period_end <= ?8 THEN excluded.period_end ELSE usage_limits.period_end END,
           period = excluded.period, limit_value = excluded.limit_value, updated_at = excluded.updated_at`,
      )
      .bind(newId(), user.userId, policy.kind, policy.period, start, end, policy.limit, at),
  ];
}

/** The user's usage of `kind` in the current period (created at zero on first read). */
export async function getUsage(db: D1Database, user: UserIdentity, policy: UsagePolicy, now = new Date()): Promise<Usage> {
  const results = await db.batch([
    ...currentPeriodStatements(db, user, policy, now),
    db.prepare(`SELECT ${USAGE_COLUMNS} FROM usage_limits WHERE user_id = ?1 AND kind = ?2`).bind(user.userId, policy.kind),
  ]);
  return rowToUsage((results[2]!.results as Row[])[0]!);
}

/**
 * Atomically adds `amount` when it stays within the limit. Returns the new usage, or null
 * when the limit would be exceeded (nothing is counted then).
 */
export async function consumeUsage(
  db: D1Database,
  user: UserIdentity,
  policy: UsagePolicy,
  amount = 1,
  now = new Date(),
): Promise<Usage | null> {
  const results = await db.batch([
    ...currentPeriodStatements(db, user, policy, now),
    db
      .prepare(
        `UPDATE usage_limits SET used = used + ?3, updated_at = ?4
         WHERE user_id = ?1 AND kind = ?2 AND used + ?3 <= limit_value RETURNING ${USAGE_COLUMNS}`,
      )
      .bind(user.userId, policy.kind, amount, now.toISOString()),
  ]);
  const row = (results[2]?.results as Row[] | undefined)?.[0];
  return row ? rowToUsage(row) : null;
}

/** Gives back `amount` (e.g. the provider refused the email after it was counted). */
export async function releaseUsage(db: D1Database, userId: string, kind: string, amount = 1, now = new Date()): Promise<void> {
  await db
    .prepare('UPDATE usage_limits SET used = max(0, used - ?3), updated_at = ?4 WHERE user_id = ?1 AND kind = ?2')
    .bind(userId, kind, amount, now.toISOString())
    .run();
}

// ---- scheduled maintenance (cross-user by design) ----

/** Resets up to `batchSize` counters whose period ended by `now` to the period containing `now`. */
export async function rollExpiredPeriods(db: D1Database, now: Date, batchSize: number): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE usage_limits SET used = 0, period_start = ${SQL_PERIOD_START}, period_end = ${SQL_PERIOD_END}, updated_at = ?1
       WHERE id IN (SELECT id FROM usage_limits WHERE period_end <= ?1 AND ${NOT_MOVING} ORDER BY period_end LIMIT ?2)`,
    )
    .bind(now.toISOString(), batchSize)
    .run();
  return result.meta.changes;
}

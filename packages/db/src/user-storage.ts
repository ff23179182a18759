/**
 * The per-user storage counters (`user_storage`), their caps (`storage_quotas`) and the per-shard
 * exemptions (`storage_quota_exemptions`): all SQL of those tables. The migration that creates
 * them (0017) is `storageSchemaSql()` verbatim, so the triggers and the seeded caps come from
 * quotas.ts; packages/db/test/storage-usage.test.ts checks the file and the live schema agree.
 */
import { nowIso, type Row } from './sql';
import { STORAGE_QUOTAS, STORAGE_TABLES, type QuotaResource, type StorageTable, type StorageUsage } from './quotas';

/** The prefix of the message the cap trigger aborts with; a JSON object follows (quotaErrorDetails). */
export const QUOTA_ERROR_PREFIX = 'STORAGE_QUOTA_EXCEEDED:';

/** SQL bytes of one row (`ref` is NEW or OLD). */
export function rowBytesSql(table: StorageTable, ref: 'NEW' | 'OLD'): string {
  if (table.table === 'files') return `${ref}.size`;
  return table.byteColumns.map((c) => `coalesce(length(CAST(${ref}.${c} AS BLOB)), 0)`).join(' + ');
}

/** SQL bytes of a row in a query over the table itself (no NEW/OLD). */
const columnBytesSql = (table: StorageTable) => rowBytesSql(table, 'NEW').replaceAll('NEW.', '');

/** What the storage quota counts of one row of `table`, as SQL over that table (e.g. the jobs page cut). */
export function storedBytesSql(table: string): string {
  const counted = STORAGE_TABLES.find((s) => s.table === table);
  if (!counted) throw new Error(`${table} is not a capped table (quotas.ts STORAGE_TABLES)`);
  return columnBytesSql(counted);
}

const rowsOf = (table: StorageTable) => (table.countsRows ? 1 : 0);

function addSql(table: StorageTable, ref: 'NEW' | 'OLD', sign: 1 | -1, bytes = rowBytesSql(table, ref)): string {
  if (sign === 1) {
    // Upsert: the first row of a resource creates the counter. The BEFORE INSERT cap trigger sees
    // the increase alone, the UPDATE one the new total.
    return `INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, '${table.resource}', ${rowsOf(table)}, ${bytes})
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;`;
  }
  // A plain UPDATE, never an insert: a user being deleted cascades their counters away first, and
  // an insert referencing them would break the foreign key.
  return `UPDATE user_storage SET row_count = row_count - ${rowsOf(table)}, byte_count = byte_count - (${bytes})
    WHERE user_id = OLD.user_id AND resource = '${table.resource}';`;
}

function tableTriggers(table: StorageTable): string {
  const name = (op: string) => `user_storage_${table.table}_${op}`;
  const delta = `(${rowBytesSql(table, 'NEW')}) - (${rowBytesSql(table, 'OLD')})`;
  return `CREATE TRIGGER IF NOT EXISTS ${name('insert')} AFTER INSERT ON ${table.table} BEGIN
  ${addSql(table, 'NEW', 1)}
END;
CREATE TRIGGER IF NOT EXISTS ${name('delete')} AFTER DELETE ON ${table.table} BEGIN
  ${addSql(table, 'OLD', -1)}
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS ${name('update')} AFTER UPDATE ON ${table.table}
WHEN OLD.user_id IS NEW.user_id AND ${delta} <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + ${delta} WHERE user_id = NEW.user_id AND resource = '${table.resource}';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS ${name('owner')} AFTER UPDATE OF user_id ON ${table.table}
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  ${addSql(table, 'OLD', -1)}
  ${addSql(table, 'NEW', 1)}
END;`;
}

function backfillSql(resource: QuotaResource): string {
  const parts = STORAGE_TABLES.filter((s) => s.resource === resource).map(
    (s) =>
      `SELECT user_id, ${s.countsRows ? 'count(*)' : '0'} AS n, coalesce(sum(${columnBytesSql(s)}), 0) AS b FROM ${s.table} GROUP BY user_id`,
  );
  // Exact values, not increments: re-running the file sets the same numbers (no increase, no abort).
  return `INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, '${resource}', sum(n), sum(b) FROM (
  ${parts.join('\n  UNION ALL ')}
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;`;
}

const capMessage = (used: string) =>
  `'${QUOTA_ERROR_PREFIX}' || json_object('resource', q.resource, 'limit', json_object('rows', q.max_rows, 'bytes', q.max_bytes), 'used', ${used})`;

/** Migration 0017, generated (scripts: `node packages/db/scripts/storage-migration.mjs`). */
export function storageSchemaSql(): string {
  const seeds = Object.entries(STORAGE_QUOTAS)
    .map(([resource, cap]) => `  ('${resource}', ${cap.rows}, ${cap.bytes})`)
    .join(',\n');
  const exempt = `NOT EXISTS (SELECT 1 FROM storage_quota_exemptions e WHERE e.user_id = NEW.user_id)`;
  return `-- Per-user storage counters and caps (security issue 14, item 4). GENERATED from
-- packages/db/src/quotas.ts by storageSchemaSql() in packages/db/src/user-storage.ts; do not edit by hand.
-- Triggers on each capped table keep user_storage exact; the cap triggers on user_storage abort the
-- statement whose increase passes a cap. Re-runnable: every statement is IF NOT EXISTS or an upsert.

CREATE TABLE IF NOT EXISTS storage_quotas (
  resource  TEXT PRIMARY KEY,
  max_rows  INTEGER NOT NULL CHECK (max_rows >= 0),
  max_bytes INTEGER NOT NULL CHECK (max_bytes >= 0)
);
INSERT INTO storage_quotas (resource, max_rows, max_bytes) VALUES
${seeds}
ON CONFLICT (resource) DO UPDATE SET max_rows = excluded.max_rows, max_bytes = excluded.max_bytes;

-- Users whose writes on this shard skip the caps: the shard move tool, while it copies a user
-- (who may be over a lowered cap) into this shard. No foreign key: written before the user's row.
CREATE TABLE IF NOT EXISTS storage_quota_exemptions (
  user_id    TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS user_storage (
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  resource TEXT NOT NULL,
  row_count  INTEGER NOT NULL DEFAULT 0,
  byte_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, resource)
) WITHOUT ROWID;

${Object.keys(STORAGE_QUOTAS)
  .map((r) => backfillSql(r as QuotaResource))
  .join('\n\n')}

${STORAGE_TABLES.map(tableTriggers).join('\n\n')}

-- Only increases past a cap are refused, so a user over a lowered cap can still delete and shrink.
CREATE TRIGGER IF NOT EXISTS user_storage_cap_insert BEFORE INSERT ON user_storage
WHEN ${exempt} AND EXISTS (SELECT 1 FROM storage_quotas q WHERE q.resource = NEW.resource
                           AND ((NEW.row_count > 0 AND NEW.row_count > q.max_rows) OR (NEW.byte_count > 0 AND NEW.byte_count > q.max_bytes)))
BEGIN
  SELECT RAISE(ABORT, (SELECT ${capMessage("json_object('rows', 0, 'bytes', 0)")} FROM storage_quotas q WHERE q.resource = NEW.resource));
END;
CREATE TRIGGER IF NOT EXISTS user_storage_cap_update BEFORE UPDATE ON user_storage
WHEN ${exempt} AND EXISTS (SELECT 1 FROM storage_quotas q WHERE q.resource = NEW.resource
                           AND ((NEW.row_count > OLD.row_count AND NEW.row_count > q.max_rows) OR (NEW.byte_count > OLD.byte_count AND NEW.byte_count > q.max_bytes)))
BEGIN
  SELECT RAISE(ABORT, (SELECT ${capMessage("json_object('rows', OLD.row_count, 'bytes', OLD.byte_count)")} FROM storage_quotas q WHERE q.resource = NEW.resource));
END;
`;
}

/** One O(1) read: the user's counters (resources without rows are absent). */
export async function usageOf(db: D1Database, userId: string): Promise<Partial<Record<QuotaResource, StorageUsage>>> {
  const { results } = await db
    .prepare('SELECT resource, row_count, byte_count FROM user_storage WHERE user_id = ?1')
    .bind(userId)
    .all<Row>();
  return Object.fromEntries(results.map((r) => [String(r.resource), { rows: Number(r.row_count), bytes: Number(r.byte_count) }]));
}

/** What the counters should be, recounted from the rows (tests and audits; O(user's rows)). */
export async function recount(db: D1Database, userId: string): Promise<Partial<Record<QuotaResource, StorageUsage>>> {
  // One statement per table in one batch: D1 caps the terms of a compound SELECT.
  const results = await db.batch<Row>(
    STORAGE_TABLES.map((s) =>
      db
        .prepare(
          `SELECT ${s.countsRows ? 'count(*)' : '0'} AS n, coalesce(sum(${columnBytesSql(s)}), 0) AS b FROM ${s.table} WHERE user_id = ?1`,
        )
        .bind(userId),
    ),
  );
  const usage: Partial<Record<QuotaResource, StorageUsage>> = {};
  STORAGE_TABLES.forEach((s, i) => {
    const row = results[i]!.results[0]!;
    const total = usage[s.resource] ?? { rows: 0, bytes: 0 };
    usage[s.resource] = total;
    total.rows += Number(row.n);
    total.bytes += Number(row.b);
  });
  for (const [resource, u] of Object.entries(usage)) if (!u.rows && !u.bytes) delete usage[resource as QuotaResource];
  return usage;
}

/** The caps as the shard enforces them (they must equal STORAGE_QUOTAS). */
export async function enforcedCaps(db: D1Database): Promise<Record<string, StorageUsage>> {
  const { results } = await db.prepare('SELECT resource, max_rows, max_bytes FROM storage_quotas ORDER BY resource').all<Row>();
  return Object.fromEntries(results.map((r) => [String(r.resource), { rows: Number(r.max_rows), bytes: Number(r.max_bytes) }]));
}

/**
 * Runs `body` with `resource`'s caps on this shard set to `cap` (a field left out keeps
 * STORAGE_QUOTAS), then sets them back to STORAGE_QUOTAS: what a migration changing a cap does,
 * for tests and drills. Live shards change caps by migration (docs/ARCHITECTURE.md "Storage quotas").
 */
export async function withCaps<T>(db: D1Database, resource: QuotaResource, cap: Partial<StorageUsage>, body: () => Promise<T>): Promise<T> {
  const set = (c: StorageUsage) =>
    db.prepare('UPDATE storage_quotas SET max_rows = ?2, max_bytes = ?3 WHERE resource = ?1').bind(resource, c.rows, c.bytes).run();
  await set({ ...STORAGE_QUOTAS[resource], ...cap });
  try {
    return await body();
  } finally {
    await set(STORAGE_QUOTAS[resource]);
  }
}

/** The shard move's derived-table rows of a user: non-zero counters in a stable order (?1 = user id). */
export const USER_STORAGE_ROWS_SQL = `SELECT resource, row_count, byte_count FROM user_storage
  WHERE user_id = ?1 AND (row_count <> 0 OR byte_count <> 0) ORDER BY resource`;

/** Lets the user's writes on this shard past the caps (the move tool's copy), until `unexemptStatement`. */
export const exemptStatement = (db: D1Database, userId: string, reason: string) =>
  db
    .prepare(
      `INSERT INTO storage_quota_exemptions (user_id, reason, created_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`,
    )
    .bind(userId, reason, nowIso());

export const unexemptStatement = (db: D1Database, userId: string) =>
  db.prepare('DELETE FROM storage_quota_exemptions WHERE user_id = ?1').bind(userId);

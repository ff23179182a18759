/** One user's rows of the classified tables: read, fingerprint, write, delete. */
import type { Row } from '../sql';
import type { DerivedTable, UserTable } from './tables';

export interface TableSummary {
  table: string;
  count: number;
  /** Hex SHA-256 over the rows in primary-key order, columns by name. */
  checksum: string;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Column order may differ between shards (a table rebuilt differently); names do not. */
const canonical = (row: Row) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  );

export async function summarize(table: string, rows: Row[]): Promise<TableSummary> {
  return { table, count: rows.length, checksum: await sha256Hex(rows.map(canonical).join('\n')) };
}

function userRowsStatement(db: D1Database, table: UserTable, userId: string): D1PreparedStatement {
  const columns = table.columns.map((c) => `"${c}"`).join(', ');
  const order = table.primaryKey.map((c) => `"${c}"`).join(', ');
  return db.prepare(`SELECT ${columns} FROM "${table.name}" WHERE "${table.userColumn}" = ?1 ORDER BY ${order}`).bind(userId);
}

/** The user's rows of each table (one D1 round trip), in primary-key order. */
export async function readUserRows(db: D1Database, tables: UserTable[], userId: string): Promise<Row[][]> {
  return (await db.batch<Row>(tables.map((t) => userRowsStatement(db, t, userId)))).map((r) => r.results);
}

export async function readDerivedRows(db: D1Database, tables: DerivedTable[], userId: string): Promise<Row[][]> {
  if (tables.length === 0) return [];
  return (await db.batch<Row>(tables.map((t) => db.prepare(t.rowsSql).bind(userId)))).map((r) => r.results);
}

/** One INSERT per row: the widest table stays far below D1's 100 bound parameters. */
export function insertStatements(db: D1Database, table: UserTable, rows: Row[]): D1PreparedStatement[] {
  const columns = table.columns.map((c) => `"${c}"`).join(', ');
  const placeholders = table.columns.map((_, i) => `?${i + 1}`).join(', ');
  const sql = `INSERT INTO "${table.name}" (${columns}) VALUES (${placeholders})`;
  return rows.map((row) => db.prepare(sql).bind(...table.columns.map((c) => row[c] ?? null)));
}

/** Deletes the user's rows, children first (tables are given parents first). */
export function deleteStatements(db: D1Database, tables: UserTable[], userId: string): D1PreparedStatement[] {
  return [...tables].reverse().map((t) => db.prepare(`DELETE FROM "${t.name}" WHERE "${t.userColumn}" = ?1`).bind(userId));
}

/** Runs statements in D1 batches (each batch is one transaction) of `size`. */
export async function runInBatches(db: D1Database, statements: D1PreparedStatement[], size: number): Promise<void> {
  for (let i = 0; i < statements.length; i += size) await db.batch(statements.slice(i, i + size));
}

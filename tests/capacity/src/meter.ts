/**
 * A metering D1 binding: wraps a real D1Database and sums what D1 itself reports in `meta` for
 * every statement the service code runs (rows_read, rows_written, size_after), so the figures
 * are D1's own accounting, not estimates. `first()` is served through `all()` (first() returns
 * no meta); `raw()` and `exec()` return none either and are counted as unmetered, so a
 * measurement that missed statements says so.
 *
 * Size: statements run one after another within a measured call, so the growth a statement
 * causes is its size_after minus the size after the previous one; it is credited to the table
 * the statement writes (its indexes, and for `jobs` the FTS rows its triggers add, included).
 */

/** Which env bindings are D1 databases to meter: the one place binding names are handled (DB today, DB_0 … DB_{n-1} with shards). */
export const METERED_D1_BINDING = /^DB(_\d+)?$/;

export interface StatementRecord {
  table: string;
  rowsRead: number;
  rowsWritten: number;
  sizeAfter: number;
  growth: number;
}

export interface MeterReport {
  queries: number;
  /** Statements that write (INSERT, UPDATE, DELETE, REPLACE): each takes the database's one writer. */
  writeQueries: number;
  rowsRead: number;
  rowsWritten: number;
  unmetered: number;
  sizeBefore: number;
  sizeAfter: number;
  /** Bytes of database growth per written table (negative when a statement freed pages). */
  growthByTable: Record<string, number>;
  rowsWrittenByTable: Record<string, number>;
}

interface D1MetaLike {
  rows_read?: number;
  rows_written?: number;
  size_after?: number;
}

const WRITE_TARGET =
  /^\s*(?:WITH\b[\s\S]*?\)\s*)?(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`[]?(\w+)/i;

/** The table a statement writes, or `(read)`. */
export function writtenTable(sql: string): string {
  return WRITE_TARGET.exec(sql.replace(/^\s*--.*$/gm, ''))?.[1]?.toLowerCase() ?? '(read)';
}

export class Meter {
  private statements: StatementRecord[] = [];
  private unmetered = 0;
  private lastSize: number;

  constructor(private readonly sizeBefore: number) {
    this.lastSize = sizeBefore;
  }

  record(sql: string, meta: D1MetaLike | undefined): void {
    const sizeAfter = meta?.size_after ?? this.lastSize;
    this.statements.push({
      table: writtenTable(sql),
      rowsRead: meta?.rows_read ?? 0,
      rowsWritten: meta?.rows_written ?? 0,
      sizeAfter,
      growth: sizeAfter - this.lastSize,
    });
    this.lastSize = sizeAfter;
  }

  recordUnmetered(): void {
    this.unmetered += 1;
  }

  report(): MeterReport {
    const growthByTable: Record<string, number> = {};
    const rowsWrittenByTable: Record<string, number> = {};
    let rowsRead = 0;
    let rowsWritten = 0;
    let writeQueries = 0;
    for (const s of this.statements) {
      rowsRead += s.rowsRead;
      rowsWritten += s.rowsWritten;
      if (s.table === '(read)') continue;
      writeQueries += 1;
      growthByTable[s.table] = (growthByTable[s.table] ?? 0) + s.growth;
      rowsWrittenByTable[s.table] = (rowsWrittenByTable[s.table] ?? 0) + s.rowsWritten;
    }
    return {
      queries: this.statements.length,
      writeQueries,
      rowsRead,
      rowsWritten,
      unmetered: this.unmetered,
      sizeBefore: this.sizeBefore,
      sizeAfter: this.lastSize,
      growthByTable,
      rowsWrittenByTable,
    };
  }
}

/** The database's current size as D1 reports it (a trivial unmetered read). */
export async function databaseSize(db: D1Database): Promise<number> {
  const { meta } = await db.prepare('SELECT 1').run();
  return (meta as D1MetaLike).size_after ?? 0;
}

const INNER = Symbol('inner statement');
const TEXT = Symbol('statement sql');
type MeteredStatement = D1PreparedStatement & { [INNER]: D1PreparedStatement; [TEXT]: string };

function meterStatement(inner: D1PreparedStatement, sql: string, meter: Meter): MeteredStatement {
  const metered = {
    [INNER]: inner,
    [TEXT]: sql,
    bind: (...values: unknown[]) => meterStatement(inner.bind(...values), sql, meter),
    async run() {
      const result = await inner.run();
      meter.record(sql, result.meta as D1MetaLike);
      return result;
    },
    async all() {
      const result = await inner.all();
      meter.record(sql, result.meta as D1MetaLike);
      return result;
    },
    async first(column?: string) {
      const result = await inner.all<Record<string, unknown>>();
      meter.record(sql, result.meta as D1MetaLike);
      const row = result.results[0];
      if (row === undefined) return null;
      return column === undefined ? row : (row[column] ?? null);
    },
    raw(options?: { columnNames?: boolean }) {
      meter.recordUnmetered();
      return inner.raw(options as { columnNames: true });
    },
  };
  return metered as unknown as MeteredStatement;
}

/** A D1Database (or a Sessions API session) whose statements are metered. */
function meterDatabase<T extends D1Database | D1DatabaseSession>(db: T, meter: Meter): T {
  const surface = {
    prepare: (sql: string) => meterStatement(db.prepare(sql), sql, meter),
    async batch(statements: D1PreparedStatement[]) {
      // Statements prepared on this metered binding carry their inner statement and SQL text.
      const results = await db.batch(statements.map((s) => (s as MeteredStatement)[INNER] ?? s));
      results.forEach((result, i) => {
        meter.record((statements[i] as MeteredStatement)[TEXT] ?? '', result.meta as D1MetaLike);
      });
      return results;
    },
  } as Record<string, unknown>;
  if ('exec' in db) {
    surface.exec = (sql: string) => {
      meter.recordUnmetered();
      return (db as D1Database).exec(sql);
    };
    surface.dump = () => (db as D1Database).dump();
    surface.withSession = (constraint?: string) => meterDatabase((db as D1Database).withSession(constraint), meter);
  }
  if ('getBookmark' in db) surface.getBookmark = () => (db as D1DatabaseSession).getBookmark();
  return surface as unknown as T;
}

/** `env` with every D1 binding named by METERED_D1_BINDING metered into `meter`. */
export function meteredEnv<E extends object>(env: E, meter: Meter): E {
  const out = { ...env } as Record<string, unknown>;
  for (const [name, value] of Object.entries(env)) {
    if (METERED_D1_BINDING.test(name)) out[name] = meterDatabase(value as D1Database, meter);
  }
  return out as E;
}

/** The metered env's first D1 binding (the one the synthetic SQL writes to). */
export function firstD1(env: object): D1Database {
  const name = Object.keys(env).find((n) => METERED_D1_BINDING.test(n));
  if (!name) throw new Error(`no D1 binding matching ${METERED_D1_BINDING} in the harness env`);
  return (env as Record<string, D1Database>)[name] as D1Database;
}

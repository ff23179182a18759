/**
 * Which tables hold a user's rows, read from the live schema (not a hand-kept list), so a table
 * added by a later migration is moved without anyone remembering to list it:
 *
 * - user-scoped: `users` (keyed by `id`) and every table with a `user_id` column. Copied in
 *   foreign-key order (parents first), deleted in reverse.
 * - derived: filled by triggers of a user-scoped table (the jobs FTS index, the storage
 *   counters): not copied, but
 *   counted and checksummed, so a copy that lost them fails verification.
 * - not user-scoped: listed below with the reason.
 *
 * Any other table makes the tool refuse to move anyone until it is classified here (a child
 * table without `user_id` would otherwise be left behind). packages/db/test/shard-move.test.ts
 * checks the classification and that every user-scoped table has its move-fence triggers.
 */
import type { Row } from '../sql';
import { USER_STORAGE_ROWS_SQL } from '../user-storage';

export interface UserTable {
  name: string;
  /** The column holding the user's id: `id` for users, `user_id` elsewhere. */
  userColumn: 'id' | 'user_id';
  /** All columns, in schema order. */
  columns: string[];
  /** Primary-key columns (the checksum's row order). */
  primaryKey: string[];
}

export interface DerivedTable {
  name: string;
  /** The user-scoped table whose triggers fill it. */
  parent: string;
  /** A user's rows, ?1 = user id, in a stable order (for the checksum). */
  rowsSql: string;
}

export const DERIVED_TABLES: readonly DerivedTable[] = [
  {
    name: 'jobs_fts',
    parent: 'jobs',
    // External-content index (migration 0014): its text is the jobs row's, so what is checked
    // is membership — each of the user's jobs found under the user's owner token.
    rowsSql: `SELECT j.id, j.title FROM jobs j
              WHERE j.user_id = ?1 AND j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ('owner : u' || hex(?1)))
              ORDER BY j.id`,
  },
  {
    // The storage quota counters (migration 0017): the target's triggers recount them from the
    // copied rows, so copying them too would double them; verify compares source and target.
    name: 'user_storage',
    parent: 'users',
    rowsSql: USER_STORAGE_ROWS_SQL,
  },
];

/** Tables that hold no user's rows, and why. */
export const NOT_USER_SCOPED: Readonly<Record<string, string>> = {
  d1_migrations: "D1's migration ledger (per database)",
  shard_directory: 'user → shard; authoritative in DB_0 only, switched by the move, never copied',
  session_owners: 'global session-id claims (who owns which id); DB_0 only, whatever shard the user is on: never copied',
  user_moves: 'the move fence itself, per shard',
  storage_quotas: 'the storage caps, the same on every shard (seeded by migration 0017)',
  storage_quota_exemptions: "per-shard cap bypass; the move tool's own, set on the target only while it copies",
};

const FTS_SHADOWS = ['data', 'idx', 'content', 'docsize', 'config'];

/** SQLite's, D1's and FTS5's own tables (the shadow tables of a derived FTS table). */
function isInternal(name: string): boolean {
  if (name.startsWith('sqlite_') || name.startsWith('_cf_')) return true;
  return DERIVED_TABLES.some((d) => FTS_SHADOWS.some((suffix) => name === `${d.name}_${suffix}`));
}

export interface Classification {
  /** Parents first. */
  userTables: UserTable[];
  derived: DerivedTable[];
  /** Tables nobody classified: the tool refuses to run while this is not empty. */
  unclassified: string[];
}

/**
 * Two D1 round trips however many tables there are: the names, then one batch of
 * pragma_table_info / pragma_foreign_key_list per table (D1 refuses them joined to sqlite_master).
 */
export async function classifyTables(db: D1Database): Promise<Classification> {
  const { results: tables } = await db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all<Row>();
  const names = tables.map((t) => String(t.name)).filter((name) => !isInternal(name) && !(name in NOT_USER_SCOPED));
  const pragmas = await db.batch<Row>(
    names.flatMap((name) => [
      db.prepare('SELECT name AS col, pk FROM pragma_table_info(?1) ORDER BY cid').bind(name),
      db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?1)').bind(name),
    ]),
  );
  const columnsOf = new Map(names.map((name, i) => [name, pragmas[2 * i]!.results.map((r) => ({ col: String(r.col), pk: Number(r.pk) }))]));
  const parents = new Map(names.map((name, i) => [name, new Set(pragmas[2 * i + 1]!.results.map((r) => String(r.parent)))]));
  const userTables: UserTable[] = [];
  const derived: DerivedTable[] = [];
  const unclassified: string[] = [];
  for (const name of names) {
    const known = DERIVED_TABLES.find((d) => d.name === name);
    if (known) {
      derived.push(known);
      continue;
    }
    const info = columnsOf.get(name) ?? [];
    const columns = info.map((c) => c.col);
    const userColumn = name === 'users' ? 'id' : columns.includes('user_id') ? 'user_id' : null;
    if (!userColumn) {
      unclassified.push(name);
      continue;
    }
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.col);
    userTables.push({ name, userColumn, columns, primaryKey: primaryKey.length ? primaryKey : ['rowid'] });
  }
  return { userTables: parentsFirst(userTables, parents), derived, unclassified };
}

/** Topological order over the foreign keys between user-scoped tables (ties by name). */
function parentsFirst(tables: UserTable[], parentsOf: Map<string, Set<string>>): UserTable[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = (t: UserTable) => [...(parentsOf.get(t.name) ?? [])].filter((p) => p !== t.name && names.has(p));
  const ordered: UserTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t.name) && parents(t).every((p) => placed.has(p)));
    if (!next) throw new Error(`Foreign-key cycle among ${tables.filter((t) => !placed.has(t.name)).map((t) => t.name)}`);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** The move-fence triggers a user-scoped table must have on the source (migration 0013). */
export const fenceTriggersOf = (table: string) => ['insert', 'update', 'delete'].map((op) => `user_moves_fence_${table}_${op}`);

export async function missingFenceTriggers(db: D1Database, tables: UserTable[]): Promise<string[]> {
  const { results } = await db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all<{ name: string }>();
  const present = new Set(results.map((r) => r.name));
  return tables.flatMap((t) => fenceTriggersOf(t.name)).filter((name) => !present.has(name));
}

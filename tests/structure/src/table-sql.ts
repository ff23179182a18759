/**
 * One place per table's SQL: a table listed here is read and written only by its module in
 * packages/db/src (other code calls that module's functions). Source files only; tests and the
 * benchmark may inspect rows with their own SELECTs.
 */
import type { SourceFile } from './import-graph';

export const TABLE_OWNERS: Record<string, string> = {
  shard_directory: 'packages/db/src/shard-directory.ts',
};

export interface TableSqlViolation {
  path: string;
  line: number;
  table: string;
  text: string;
}

// The benchmark, like a test, checks where its user's rows landed before it measures.
const isSource = (path: string) => !/(^|\/)test\//.test(path) && !path.startsWith('bench/');

export function checkTableSql(files: readonly SourceFile[]): TableSqlViolation[] {
  const violations: TableSqlViolation[] = [];
  for (const [table, owner] of Object.entries(TABLE_OWNERS)) {
    const statement = new RegExp(`\\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\\s+${table}\\b`, 'i');
    for (const file of files) {
      if (file.path === owner || !isSource(file.path)) continue;
      file.text.split('\n').forEach((text, i) => {
        if (statement.test(text)) violations.push({ path: file.path, line: i + 1, table, text: text.trim() });
      });
    }
  }
  return violations;
}

/** A table's SQL lives in its one module (src/table-sql.ts): the real tree, and hand-made files. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSources, readWorkspaces } from '../src/import-graph';
import { checkTableSql, TABLE_OWNERS } from '../src/table-sql';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('table SQL', () => {
  it('for shard_directory is only in packages/db/src/shard-directory.ts (the accessor and the move tool call it)', () => {
    const files = readSources(ROOT, readWorkspaces(ROOT));
    for (const owner of Object.values(TABLE_OWNERS)) expect(files.some((f) => f.path === owner)).toBe(true);
    expect(files.some((f) => f.path.startsWith('packages/db/src/shard-move/'))).toBe(true);
    expect(checkTableSql(files).map((v) => `${v.path}:${v.line}: ${v.text}`)).toEqual([]);
  });

  it('flags a statement on the table outside its module, and nothing else', () => {
    const file = (path: string, text: string) => ({ path, text });
    const violations = checkTableSql([
      file('packages/db/src/shard-move/directory.ts', "db.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1')"),
      file('packages/db/src/shards.ts', '`INSERT OR IGNORE INTO shard_directory (user_id) VALUES (?1)`'),
      file('packages/db/src/shard-directory.ts', "db.prepare('UPDATE shard_directory SET shard = ?2')"),
      file('packages/db/test/shards.test.ts', "db.prepare('SELECT shard FROM shard_directory')"),
      file('packages/db/src/tables.ts', "shard_directory: 'user → shard, in DB_0'"),
    ]);
    expect(violations.map((v) => v.path)).toEqual(['packages/db/src/shard-move/directory.ts', 'packages/db/src/shards.ts']);
  });
});

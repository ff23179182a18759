/**
 * The D1 rule: only the shard accessor (packages/db/src/shards.ts) reads a D1 shard binding
 * (`DB`, `DB_0`, `DB_1`, …). Everything else asks it for a user's database (`userDb`) or for
 * every shard (`shardDbs`, `forEachShard`), so no code can bypass the user → shard directory.
 * Giving an env a binding (`{ DB_0: db }` in a test or config) is not reading one.
 */
import type { SourceFile } from './import-graph';

/** Where reading a shard binding directly is the point. */
export const D1_BINDING_READERS: Record<string, string> = {
  'packages/db/src/shards.ts': 'the accessor itself',
  'packages/test-support/src/node.mjs': 'reads the database id from the Miniflare options of core’s config',
  'scripts/shard-move.mjs': 'the operator move tool: hands the source, target and directory shards to shard-move',
  'tests/capacity/test/meter.test.ts': 'checks that the capacity meter wraps every shard binding',
  'bench/ai.mjs': 'a bare measuring Worker of its own (vector column layout), not one of the project’s Workers',
};
/** packages/db's own tests drive the accessor and the table modules over raw DB_0 … DB_2. */
const READER_DIRS = ['packages/db/test/', 'tests/structure/']; // and this rule's own source and fixtures

// `.DB` / `.DB_3` property reads and `env['DB_3']` element reads (not `['DB']` array literals).
const READ = /\.DB(?:_\d+)?\b|(?<=[\w\])])\[\s*['"`]DB(?:_\d+)?['"`]\s*\]/;

export interface D1Violation {
  path: string;
  line: number;
  text: string;
}

export function checkD1Bindings(files: readonly SourceFile[]): D1Violation[] {
  const violations: D1Violation[] = [];
  for (const file of files) {
    if (file.path in D1_BINDING_READERS || READER_DIRS.some((dir) => file.path.startsWith(dir))) continue;
    file.text.split('\n').forEach((text, i) => {
      if (text.match(READ)) violations.push({ path: file.path, line: i + 1, text: text.trim() });
    });
  }
  return violations;
}

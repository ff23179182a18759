/** Nothing but the shard accessor reads a D1 binding (src/d1-bindings.ts): the real tree, and hand-made files. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkD1Bindings } from '../src/d1-bindings';
import { readSources, readWorkspaces } from '../src/import-graph';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('D1 bindings', () => {
  it('are read only by packages/db/src/shards.ts in the repository', () => {
    const files = readSources(ROOT, readWorkspaces(ROOT));
    expect(files.some((f) => f.path === 'packages/db/src/shards.ts')).toBe(true);
    expect(files.some((f) => f.path.startsWith('apps/core/src/routes/'))).toBe(true);
    expect(checkD1Bindings(files).map((v) => `${v.path}:${v.line}: ${v.text}`)).toEqual([]);
  });

  it('flags every way of reading one outside the accessor, and nothing else', () => {
    const file = (path: string, text: string) => ({ path, text });
    const violations = checkD1Bindings([
      file('apps/core/src/a.ts', 'await jobs.listJobs(env.DB, userId, q);'),
      file('apps/ai/src/b.ts', 'flush(this.env.DB_0);'),
      file('apps/integrations/test/c.ts', "const db = env['DB_1'];"),
      file('apps/core/test/d.ts', 'const res = await call(path, { envOverrides: { DB_0: failingDb } });\nenv.EMPTY_DB; env.TEST_DB;'),
      file('packages/db/src/shards.ts', 'return env.DB_0;'),
      file('packages/db/test/shards.test.ts', 'userDb({ DB_0: env.DB_0 }, u);'),
    ]);
    expect(violations.map((v) => v.path)).toEqual(['apps/core/src/a.ts', 'apps/ai/src/b.ts', 'apps/integrations/test/c.ts']);
  });
});

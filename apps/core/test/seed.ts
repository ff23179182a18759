/** The demo seeds (packages/db/seed, applied by `npm run dev`) as statements a test can run. */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';

export const DEMO_USER = '00000000-0000-4000-8000-000000000001';

/** Splits a seed file into statements (they end with `;` at the end of a line). */
export const statements = (sql: string) =>
  sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);

/** Runs the given seed files in order, `times` times (they must be idempotent). */
export async function applySeeds(files: string[], times = 1): Promise<void> {
  for (let run = 0; run < times; run++) {
    for (const sql of files.flatMap(statements)) await soleShardDb(env).prepare(sql).run();
  }
}

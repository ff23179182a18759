#!/usr/bin/env node
/**
 * Writes migrations/0017_storage_usage.sql from storageSchemaSql() (src/user-storage.ts), so the
 * caps and triggers in D1 come from src/quotas.ts. `--check` exits 1 when the file differs
 * (`--file <path>` checks or writes another file; tests/structure runs the check, and
 * test/storage-usage.test.ts compares the live schema).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// esbuild comes with wrangler (a dev dependency of this package): no extra install.
const esbuild = createRequire(createRequire(join(root, 'package.json')).resolve('wrangler'))('esbuild');
const out = join(root, 'node_modules', '.cache', 'user-storage.mjs');
await esbuild.build({
  entryPoints: [join(root, 'src/user-storage.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  outfile: out,
  logLevel: 'error',
});
const { storageSchemaSql } = await import(pathToFileURL(out).href);
const fileArg = process.argv.indexOf('--file');
const file = fileArg > 0 ? process.argv[fileArg + 1] : join(root, 'migrations', '0017_storage_usage.sql');
const sql = storageSchemaSql();
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== sql) {
    console.error(`${file} is stale: run node packages/db/scripts/storage-migration.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(file, sql);
  console.log(`wrote ${file}`);
}

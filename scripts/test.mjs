#!/usr/bin/env node
/**
 * npm test: lint (scripts/lint.mjs), then typecheck and test every workspace through turbo, then print the one summary
 * line CI reads ("N passed, N failed, N skipped"), summed from each workspace's vitest
 * JSON report. Fails when anything failed or when no test ran at all.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertInstalled, run } from './env.mjs';

await assertInstalled();
const workspaces = ['apps', 'packages', 'tests'].flatMap((group) =>
  readdirSync(join(ROOT, group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(ROOT, group, d.name)),
);
const withTests = workspaces.filter((dir) => {
  const pkg = join(dir, 'package.json');
  return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).scripts?.test;
});
for (const dir of withTests) rmSync(join(dir, 'reports'), { recursive: true, force: true });

const started = Date.now();
const lintCode = await run('node', [join(ROOT, 'scripts', 'lint.mjs')]);
const turboCode = await run('turbo', ['run', 'typecheck', 'test', '--concurrency=2', '--continue', ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of withTests) {
  const report = join(dir, 'reports', 'vitest.json');
  if (!existsSync(report)) {
    missing.push(dir.slice(ROOT.length + 1));
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(
  `\nTest reports: ${withTests.length - missing.length}/${withTests.length} workspaces, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (missing.length) console.log(`No report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (lintCode !== 0) console.log('Lint failed (npm run lint)');
const ok = lintCode === 0 && turboCode === 0 && failed === 0 && passed > 0 && missing.length === 0;
process.exit(ok ? 0 : 1);

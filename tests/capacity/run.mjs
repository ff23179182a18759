#!/usr/bin/env node
/**
 * npm run capacity: measures bytes per user and D1 work per request on the real service code
 * (lib/harness-stack.mjs) and writes docs/CAPACITY.md with the capacity model (lib/report.mjs).
 *
 *   npm run capacity                          # full run (a few minutes), rewrites docs/CAPACITY.md
 *   npm run capacity -- --smoke --out FILE    # tiny workload, what the test command runs
 *   npm run capacity -- --copies 20           # demo-seed copies to average over (default 40)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../packages/test-support/src/node.mjs';
import { buildHarness, startHarness } from './lib/harness-stack.mjs';
import { renderReport } from './lib/report.mjs';
import { measureRoutes } from './lib/routes.mjs';
import { FULL, SMOKE, buildHeavyUser, measureDemoUser } from './lib/users.mjs';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    copies: { type: 'string' },
  },
});
const smoke = args.smoke;
const out = args.out ?? join(REPO_ROOT, 'docs/CAPACITY.md');
const copies = Number(args.copies ?? (smoke ? 2 : 40));
const counts = smoke ? SMOKE : FULL;
const started = Date.now();
const log = (line) => console.log(`[capacity ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);

/** HEAD, marked when the measured tree differs from it (the generated file itself aside). */
function commitOfTree() {
  const git = (...a) => execFileSync('git', a, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--short=12', 'HEAD');
  const dirty = git('status', '--porcelain', '--', '.', ':!docs/CAPACITY.md') !== '';
  return dirty ? `${sha} + uncommitted changes` : sha;
}

const commit = commitOfTree();
log('bundling the harness (core, ai, integrations service code) …');
buildHarness();
const h = await startHarness();
try {
  log(`demo user: ${copies} copies of the seed …`);
  const demo = await measureDemoUser(h, copies);
  log('heavy user through the routes …');
  const heavy = await buildHeavyUser(h, counts, log);
  log('D1 work per route, demo user …');
  const demoUserId = demo.lastUserId;
  const routesDemo = await measureRoutes(h, demoUserId);
  log('D1 work per route, heavy user …');
  const routesHeavy = await measureRoutes(h, heavy.userId);
  const report = renderReport({
    commit,
    date: new Date().toISOString().slice(0, 10),
    smoke,
    demo,
    heavy,
    heavyCounts: counts,
    routesDemo,
    routesHeavy,
  });
  writeFileSync(out, `${report}\n`);
  log(`wrote ${out}`);
} finally {
  await h.stop();
}

#!/usr/bin/env node
/**
 * A Worker's generated `Env` types (run in apps/<worker>, through its `types` / `typecheck` scripts):
 *   node ../../scripts/env-types.mjs           writes worker-configuration.d.ts from wrangler.jsonc
 *   node ../../scripts/env-types.mjs --check   fails when that file differs from what the config gives
 *
 * Why not `wrangler types --check`: it always reads the folder's .dev.vars, which `npm run dev`
 * writes, so the same config would "drift" on a developer's machine and not in CI. Here wrangler
 * reads an empty env file instead, and the header names the command that regenerates the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, QUIET_ENV } from './env.mjs';

const TARGET = 'worker-configuration.d.ts';
const SCRATCH = '.worker-configuration.generated.d.ts';
const check = process.argv.includes('--check');

const emptyDir = mkdtempSync(join(tmpdir(), 'env-types-'));
const emptyEnvFile = join(emptyDir, 'empty.env');
writeFileSync(emptyEnvFile, '');
let generated;
try {
  // Written next to the target so its relative imports (./src/index) come out the same.
  execFileSync(join(BIN, 'wrangler'), ['types', SCRATCH, '--include-runtime=false', '--strict-vars=false', `--env-file=${emptyEnvFile}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...QUIET_ENV },
  });
  generated = asModule(readFileSync(SCRATCH, 'utf8').replace(/running `[^`]*`/, 'running `npm run types`'));
} finally {
  rmSync(SCRATCH, { force: true });
  rmSync(emptyDir, { recursive: true, force: true });
}

/**
 * wrangler writes the bindings into the global `Cloudflare.Env`, so two Workers' files in one
 * program (the single-Worker build compiles all four) would merge into one Env. Keep only the
 * all-environments `Env` block, as an exported interface each Worker's src/env.ts imports.
 */
function asModule(text) {
  const header = text.split('\n').slice(0, 2).join('\n');
  const block = text.match(/\n\tinterface Env \{\n([\s\S]*?)\n\t\}\n/);
  if (!block) throw new Error('wrangler types printed no Env interface');
  const body = block[1].replace(/^\t/gm, '');
  return `${header}\n// The bindings and vars of wrangler.jsonc in every environment (one missing somewhere is optional).\nexport interface WorkerBindings {\n${body}\n}\n`;
}

if (!check) {
  writeFileSync(TARGET, generated);
  process.exit(0);
}
let current = '';
try {
  current = readFileSync(TARGET, 'utf8');
} catch {
  // missing counts as drifted
}
if (current !== generated) {
  console.error(`${process.cwd()}/${TARGET} does not match wrangler.jsonc: run \`npm run types\` and commit the result.`);
  process.exit(1);
}

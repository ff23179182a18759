#!/usr/bin/env node
/**
 * npm run deploy -- <worker> <staging|production> [--dry-run]
 *
 * Deploys ONE Worker to one environment through turbo (`--filter @jobmatch/<worker>`), i.e.
 * that app's own `deploy:<env>` script (`wrangler deploy --env <env>`), so a team ships its
 * Worker without touching the others. `--dry-run` bundles and prints the bindings exactly as
 * the deploy would, without an account (wrangler `--dry-run --outdir <tmp>`).
 * Real deploys need CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID with a multi-account token).
 * Order across teams: callees (core, ai, integrations) before the gateway.
 */
import { mkdtempSync, readdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, assertInstalled, run } from './env.mjs';

const WORKERS = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'wrangler.jsonc')));
const ENVS = ['staging', 'production'];
const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
const [worker, env] = positionals;
if (!worker || !WORKERS.includes(worker) || !env || !ENVS.includes(env) || positionals.length > 2) {
  console.error(`usage: npm run deploy -- <${WORKERS.join('|')}> <${ENVS.join('|')}> [--dry-run]`);
  process.exit(2);
}

await assertInstalled();
const dryRun = values['dry-run'];
const outdir = dryRun ? mkdtempSync(join(tmpdir(), `deploy-${worker}-${env}-`)) : undefined;
const args = ['run', `deploy:${env}`, `--filter=@jobmatch/${worker}`, '--output-logs=full', '--log-prefix=none'];
if (dryRun) args.push('--', '--dry-run', '--outdir', outdir);
console.log(`${dryRun ? 'Dry run: ' : ''}deploying ${worker} to ${env} (turbo ${args.join(' ')})`);
const code = await run('turbo', args);
if (dryRun && code === 0) {
  const bundle = join(outdir, 'index.js');
  if (existsSync(bundle)) console.log(`bundle: ${bundle} (${(statSync(bundle).size / 1024).toFixed(1)} KiB, not uploaded)`);
  if (process.env.KEEP_DRY_RUN_OUTPUT !== '1') rmSync(outdir, { recursive: true, force: true });
}
process.exit(code);

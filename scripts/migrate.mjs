#!/usr/bin/env node
/**
 * npm run migrate [-- --remote] [--env staging|production] [--config apps/core/wrangler.jsonc] [--persist-to dir]
 * Applies packages/db/migrations to every D1 shard (each DB_<i> binding of the config's
 * environment), one `wrangler d1 migrations apply` per shard. Local by default (into
 * .wrangler/state, where `npm run dev` keeps its state). A failing shard is reported and the
 * others still run; the exit code is non-zero if any failed. Re-running applies only what is new.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BIN, ROOT, childEnv } from './env.mjs';
import { readConfig, shardBindings } from './lib/shards.mjs';

const { values } = parseArgs({
  options: {
    remote: { type: 'boolean', default: false },
    env: { type: 'string' },
    config: { type: 'string', default: join(ROOT, 'apps', 'core', 'wrangler.jsonc') },
    'persist-to': { type: 'string', default: join(ROOT, '.wrangler', 'state') },
  },
});
const configPath = resolve(values.config);
const shards = shardBindings(readConfig(configPath), values.env);
if (shards.length === 0) {
  console.error(`no D1 shard bindings (DB_0 …) in ${configPath}${values.env ? ` env ${values.env}` : ''}`);
  process.exit(1);
}
const where = values.remote ? ['--remote'] : ['--local', '--persist-to', resolve(values['persist-to'])];
const failed = [];
for (const { binding, database_name } of shards) {
  const args = ['d1', 'migrations', 'apply', binding, ...where, '-c', configPath, ...(values.env ? ['--env', values.env] : [])];
  const result = spawnSync(join(BIN, 'wrangler'), args, { cwd: ROOT, env: childEnv({ CI: 'true' }), encoding: 'utf8' });
  const ok = result.status === 0;
  if (!ok) failed.push(binding);
  const applied = Number(/About to apply (\d+) migration/.exec(result.stdout)?.[1] ?? 0);
  console.log(`migrate ${binding} (${database_name}): ${ok ? `ok, ${applied} applied` : 'FAILED'}`);
  if (!ok) console.error(`${result.stdout}${result.stderr}`.trim());
}
process.exit(failed.length ? 1 : 0);

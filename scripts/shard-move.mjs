#!/usr/bin/env node
/**
 * npm run shard:move -- --user <id> --from <n> --to <m> [--remote] [--env <name>] [--cache-ttl-ms <ms>] [--state <dir>]
 *
 * Moves one user's rows from shard n to shard m (packages/db/src/shard-move: fence, copy, verify,
 * switch the directory, wait out the shard cache, purge). Safe to rerun: after a crash or a
 * refused verification, run the same command again and it finishes the move. Prints each step
 * and the verified per-table counts.
 *
 * The D1 bindings come from core's wrangler config (shard n = binding DB_n); the directory is
 * shard 0's. Locally they are the dev stack's
 * databases under .wrangler/state (npm run dev). With --remote the same bindings of the
 * deployed databases are used (wrangler remote bindings: needs `wrangler login`).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { experimental_readRawConfig, getPlatformProxy } from 'wrangler';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    remote: { type: 'boolean', default: false },
    env: { type: 'string' },
    config: { type: 'string', default: join(ROOT, 'apps', 'core', 'wrangler.jsonc') },
    // Default and lower bound come from the move tool (twice / at least SHARD_CACHE_TTL_MS of packages/db/src/shards.ts).
    'cache-ttl-ms': { type: 'string' },
    state: { type: 'string', default: join(ROOT, '.wrangler', 'state') },
  },
});
const shard = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a shard number (0, 1, …)`);
  return n;
};
if (!values.user) throw new Error('--user <id> is required');
const [from, to] = [shard('from'), shard('to')];
const cacheTtlMs = values['cache-ttl-ms'] === undefined ? undefined : Number(values['cache-ttl-ms']);

/** The move tool is TypeScript (it runs in Workers too): transpile its few files for Node. */
function loadMoveTool() {
  const src = join(ROOT, 'packages', 'db', 'src');
  const out = join(tmpdir(), `shard-move-${process.pid}`);
  const files = [
    'sql.ts',
    'user-moves.ts',
    'shards.ts',
    'shard-directory.ts',
    ...readdirSync(join(src, 'shard-move')).map((f) => join('shard-move', f)),
  ];
  for (const file of files) {
    const { outputText } = ts.transpileModule(readFileSync(join(src, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    // Node's ESM loader wants file extensions: './tables' → './tables.js', '../user-moves' → '../user-moves.js'.
    const code = outputText.replace(/from '(\.{1,2}\/[^']+)'/g, (_, spec) => {
      const target = resolve(dirname(join(src, file)), spec);
      const isDir = statSync(target, { throwIfNoEntry: false })?.isDirectory();
      return `from '${isDir ? `${spec}/index.js` : `${spec}.js`}'`;
    });
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), code);
  }
  return { out, module: import(pathToFileURL(join(out, 'shard-move', 'index.js')).href) };
}

/** A copy of the config whose D1 bindings are remote (wrangler remote bindings). */
function remoteConfig() {
  const { rawConfig } = experimental_readRawConfig({ config: values.config });
  const scope = values.env ? rawConfig.env?.[values.env] : rawConfig;
  if (!scope?.d1_databases) throw new Error(`No d1_databases in ${relative(ROOT, values.config)}${values.env ? ` env ${values.env}` : ''}`);
  const config = {
    name: `${rawConfig.name}-shard-move`,
    compatibility_date: rawConfig.compatibility_date,
    d1_databases: scope.d1_databases.map((d) => ({ ...d, remote: true })),
  };
  const path = join(tmpdir(), `shard-move-${process.pid}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const tool = loadMoveTool();
const configPath = values.remote ? remoteConfig() : values.config;
const proxy = await getPlatformProxy({
  configPath,
  ...(values.remote ? {} : { environment: values.env, persist: { path: join(resolve(values.state), 'v3') }, remoteBindings: false }),
});
try {
  const { moveUser } = await tool.module;
  const binding = (n) => {
    const db = proxy.env[`DB_${n}`];
    if (!db) throw new Error(`No D1 binding DB_${n} in ${relative(ROOT, values.config)}`);
    return db;
  };
  console.log(`Moving ${values.user} from shard ${from} to shard ${to} (${values.remote ? 'remote' : `local, ${values.state}`}) …`);
  const report = await moveUser({
    userId: values.user,
    source: { db: binding(from), shard: from },
    target: { db: binding(to), shard: to },
    directory: binding(0),
    cacheTtlMs,
    log: (line) => console.log(`  ${line}`),
  });
  if (report.steps.length === 0) console.log('Nothing to do: the user already lives on the target.');
  const filled = report.tables.filter((t) => t.count > 0);
  for (const t of filled) console.log(`  verified ${t.table}: ${t.count} rows, sha256 ${t.checksum.slice(0, 12)}…`);
  if (report.tables.length) console.log(`  (${report.tables.length - filled.length} more tables verified empty)`);
  console.log('Done.');
} catch (error) {
  console.error(
    `Move stopped: ${error instanceof Error ? error.message : error}\n(A rerun of the same command resumes an interrupted move.)`,
  );
  process.exitCode = 1;
} finally {
  await proxy.dispose();
  rmSync(tool.out, { recursive: true, force: true });
  if (values.remote) rmSync(configPath, { force: true });
}

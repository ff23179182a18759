#!/usr/bin/env node
/**
 * The single-Worker build (apps/single) against the split build (gateway → core over a
 * Service Binding): bundle size, and throughput on the built bundles in a standalone
 * Miniflare, for two requests of one authenticated user:
 *   - `GET /api/jobs`            a list the gateway's API cache answers after the first call;
 *   - `GET /api/jobs/<unknown>`  a 404 from core, never cached: every request makes the hop
 *                                (a Service Binding call in the split build, a function call in
 *                                the single one) plus a D1 lookup.
 *
 *   node bench/single.mjs [--duration 10] [--connections 8] [--no-build] [--record]
 *
 * `--record` writes bench/SINGLE.md. Load generator: wrk when installed, else a fetch loop.
 * Same machine, same Miniflare, same rate-limit override as bench/run.mjs (a lifted ceiling).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { builtWorker, generateDevKeys } from '../packages/test-support/src/node.mjs';
import { migrate, persistOptions, startStack } from '../packages/test-support/src/stack.mjs';
import { mintToken } from '../packages/test-support/src/tokens.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    'no-build': { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const quiet = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
};
const RATE_LIMIT_POLICIES = JSON.stringify({ default: { limit: 1_000_000_000, windowSeconds: 900 } });
const MISSING_JOB = '10000000-0000-4000-8000-0000000fffff';

if (!args['no-build']) {
  console.log('building the Worker bundles …');
  execFileSync(process.execPath, [join(ROOT, 'scripts/turbo.mjs'), 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...quiet },
  });
}

// 1. Bundle sizes (what wrangler uploads: dist/index.js, raw and gzip).
const size = (app) => {
  const file = join(ROOT, 'apps', app, 'dist', 'index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build first`);
  const bytes = readFileSync(file);
  return { app, raw: bytes.length, gzip: gzipSync(bytes).length };
};
const split = ['gateway', 'core', 'ai', 'integrations'].map(size);
const single = size('single');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// 2. Throughput.
const hasWrk = () => spawnSync('wrk', ['--version']).error === undefined;
function parseWrk(out) {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const toMs = (v, unit) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
  const pct = (p) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? toMs(m[1], m[2]) : NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const total = Number(/(\d+) requests in/.exec(out)?.[1]);
  return { rps, p50: pct(50), p99: pct(99), total, non2xx };
}
function runWrk(url, token) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t2', `-c${connections}`, `-d${duration}s`, '--latency', '-H', `Authorization: Bearer ${token}`, url]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(parseWrk(out)) : reject(new Error(`wrk exited ${code}: ${out}`))));
  });
}
async function runFetchLoop(url, token) {
  const latencies = [];
  let non2xx = 0;
  const end = Date.now() + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status >= 300) non2xx++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  return { rps: latencies.length / duration, p50: at(0.5), p99: at(0.99), total: latencies.length, non2xx };
}
const load = hasWrk() ? runWrk : runFetchLoop;

async function measure(label, base, token) {
  // Warm up: isolates, JWKS/token memo, the API cache entry for the list.
  for (let i = 0; i < 20; i++) {
    await (await fetch(`${base}/api/jobs`, { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer();
    await (await fetch(`${base}/api/jobs/${MISSING_JOB}`, { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer();
  }
  const list = await load(`${base}/api/jobs`, token);
  const miss = await load(`${base}/api/jobs/${MISSING_JOB}`, token);
  console.log(
    `${label}: list ${list.rps.toFixed(0)} req/s (p50 ${list.p50.toFixed(2)} ms), 404 via core ${miss.rps.toFixed(0)} req/s (p50 ${miss.p50.toFixed(2)} ms)`,
  );
  return { list, miss };
}

async function seed(base, token) {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${base}/api/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `Bench job ${i}`, company: 'Bench', requiredSkills: ['TypeScript'] }),
    });
    if (res.status !== 201) throw new Error(`seed: ${res.status} ${await res.text()}`);
  }
}

const devKeys = await generateDevKeys();
const token = await mintToken(devKeys.privateJwk, { sub: `bench-${crypto.randomUUID()}` });

console.log(`split build (gateway → core over a Service Binding), ${connections} connections × ${duration} s per request kind …`);
// Workers' log lines are drained, not printed (printing them would be the bottleneck of both).
const discard = (stdout, stderr) => {
  stdout.resume();
  stderr.resume();
};
const splitStack = await startStack({ devKeys, gatewayBindings: { RATE_LIMIT_POLICIES }, miniflare: { handleRuntimeStdio: discard } });
let splitResult;
try {
  await seed(splitStack.url, token);
  splitResult = await measure('split ', splitStack.url, token);
} finally {
  await splitStack.stop();
}

console.log('single build (apps/single: one Worker, in-process services) …');
const stateDir = mkdtempSync(join(os.tmpdir(), 'jobmatch-single-bench-'));
let singleResult;
try {
  migrate(stateDir);
  const v3 = join(stateDir, 'v3');
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    ...persistOptions(v3),
    handleRuntimeStdio: discard,
    workers: [builtWorker('single', { DEV_JWT_PUBLIC_JWK: JSON.stringify(devKeys.publicJwk), RATE_LIMIT_POLICIES })],
  });
  const base = (await mf.ready).toString().replace(/\/$/, '');
  try {
    await seed(base, token);
    singleResult = await measure('single', base, token);
  } finally {
    await mf.dispose();
  }
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}

// 3. Report.
const sum = (k) => split.reduce((n, s) => n + s[k], 0);
const ratio = (a, b) => {
  const change = (a / b) * 100 - 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(0)}%`;
};
const row = (name, r) => `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.total} | ${r.non2xx} |`;
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${hasWrk() ? 'wrk' : 'fetch loop'}, ${connections} connections, ${duration} s each`;
const report = `# Single-Worker build vs split build

Recorded by \`node bench/single.mjs --record\` (${new Date().toISOString().slice(0, 10)}; ${machine}).
Built bundles (\`wrangler deploy --dry-run --outdir dist\`) in one standalone Miniflare, one user, the
rate-limit ceiling lifted as in \`bench/run.mjs\`. Local figures compare the two builds on the same
machine; they are not production latencies. Both builds run back to back in one invocation; on a
shared machine the spread between runs is large, so compare the rows of one run, not across runs.

## Bundle size (dist/index.js)

| build | raw | gzip |
|---|---|---|
${split.map((s) => `| split: ${s.app} | ${kib(s.raw)} | ${kib(s.gzip)} |`).join('\n')}
| **split total (4 Workers)** | **${kib(sum('raw'))}** | **${kib(sum('gzip'))}** |
| **single (1 Worker)** | **${kib(single.raw)}** | **${kib(single.gzip)}** |

The single bundle is one copy of the shared packages instead of four (${ratio(single.raw, sum('raw'))} raw vs the split total),
and larger than any one split Worker (every service's code is in it).

## Throughput

| build · request | req/s | p50 ms | p99 ms | requests | non-2xx |
|---|---|---|---|---|---|
${row('split · GET /api/jobs (API cache hit)', splitResult.list)}
${row('single · GET /api/jobs (API cache hit)', singleResult.list)}
${row('split · GET /api/jobs/:id → 404 from core', splitResult.miss)}
${row('single · GET /api/jobs/:id → 404 from core', singleResult.miss)}

Single vs split: cached list ${ratio(singleResult.list.rps, splitResult.list.rps)} req/s, through-core 404 ${ratio(singleResult.miss.rps, splitResult.miss.rps)} req/s
(the 404 rows are all non-2xx by design: they measure the hop into core and its D1 lookup).
`;
console.log(`\n${report}`);
if (args.record) {
  writeFileSync(join(ROOT, 'bench', 'SINGLE.md'), report);
  console.log('wrote bench/SINGLE.md');
}

/**
 * The benchmark's stack and load generator, shared by run.mjs (the figures) and profile.mjs
 * (the CPU profile): the built bundles in one standalone Miniflare, each Worker on its own
 * loopback socket, plus
 * - `bench-trivial` (answers "ok") and `bench-hop` (→ Service Binding → bench-trivial): the bare hop;
 * - `bench-floor` → `bench-floor-service`: the hop plus only what the contract forces on every
 *   request (sign and verify the identity, one log line per Worker): the ceiling for the gateway;
 * - `jobmatch-gateway-metered`: the same gateway bundle whose KV bindings go through
 *   kv-meter.worker.mjs (counts every KV call). Only the KV-count run uses it, so the timed
 *   scenarios never pay the meter's extra RPC hop;
 * - `jobmatch-core-2-shards`: the same core bundle bound to two D1 shards (DB_0, which it shares
 *   with the stack, + its own DB_1, new users placed on DB_1 by SHARDS_OPEN), so a user's request
 *   there pays the real shard directory lookup (packages/db/src/shards.ts) that one shard skips;
 * - `jobmatch-core-1-shard`: its one-shard twin (same bundle, its own fresh DB_0 seeded with the
 *   same user and rows as the two-shard core's DB_1): the baseline the lookup is judged against;
 * - `bench-shard-lookup`: the shard accessor alone on the same two shards (bench/shard-lookup.worker.mjs),
 *   to time one directory lookup with a cold and a warm isolate cache;
 * - a Supabase-like issuer on loopback (Node): tokens are verified against its remote JWKS the
 *   way production verifies Supabase tokens, and every JWKS fetch is counted.
 * Workers log as deployed (one JSON line per request); the harness drains the lines.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../packages/test-support/src/stack.mjs';
import { MIGRATIONS_DIR, builtWorker, generateDevKeys } from '../packages/test-support/src/node.mjs';
import { TEST_SIGNING_SECRET } from '../packages/test-support/src/constants.mjs';
import { mintToken } from '../packages/test-support/src/tokens.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, '..');
export const KV_BINDINGS = ['SESSIONS', 'RATE_LIMITS', 'API_CACHE'];
const AUTOCANNON = 'autocannon@9.0.0';
const COMPAT_DATE = '2026-04-20';
// The ws client Miniflare itself depends on (no extra dependency).
const WebSocket = createRequire(createRequire(join(ROOT, 'package.json')).resolve('miniflare'))('ws');
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One user at steady load: lift the per-user default limit so every request is a real data
// request (the limiter still counts each one in the KV tier; only the ceiling is raised).
export const RATE_LIMIT_POLICIES = JSON.stringify({ default: { limit: 1_000_000_000, windowSeconds: 900 } });

/** The two-shard core's own second database (DB_0 is the stack's), and the one-shard twin's only one. */
const SHARD_1_ID = '00000000-0000-4000-8000-00000000be01';
const TWIN_DB_ID = '00000000-0000-4000-8000-00000000be00';
export const TWO_SHARD_CORE = 'jobmatch-core-2-shards';
export const ONE_SHARD_CORE = 'jobmatch-core-1-shard';

/** Applies the D1 migrations to a bench-only database (`binding` = `id`), into the stack's state folder. */
function migrateBenchDb(stateDir, binding, id) {
  const config = join(stateDir, `bench-${id}.wrangler.json`);
  writeFileSync(
    config,
    JSON.stringify({
      name: `bench-${id}`,
      compatibility_date: COMPAT_DATE,
      d1_databases: [{ binding, database_name: `bench-${id}`, database_id: id, migrations_dir: MIGRATIONS_DIR }],
    }),
  );
  execFileSync(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', binding, '--local', '--persist-to', stateDir, '-c', config],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        CI: 'true',
      },
      stdio: 'pipe',
    },
  );
}

/** A Supabase-like issuer: GET /auth/v1/.well-known/jwks.json, counted. */
async function startIssuer(publicJwk) {
  let jwksFetches = 0;
  const server = createServer((req, res) => {
    if (req.url === '/auth/v1/.well-known/jwks.json') {
      jwksFetches += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}`;
  return {
    issuer: `${base}/auth/v1`,
    jwksUrl: `${base}/auth/v1/.well-known/jwks.json`,
    jwksFetches: () => jwksFetches,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * @param {{ inspectorPort?: number, inspect?: string[] }} [o] `inspect`: Worker names to expose
 *   on the inspector (ws://127.0.0.1:{inspectorPort}/{name}).
 */
export async function startBenchStack(o = {}) {
  const devKeys = await generateDevKeys();
  const issuer = await startIssuer({ ...devKeys.publicJwk });
  const auth = { AUTH_ISSUER: issuer.issuer, AUTH_JWKS_URL: issuer.jwksUrl, RATE_LIMIT_POLICIES };
  const inspect = new Set(o.inspect ?? []);
  const withInspector = (w) => (inspect.has(w.name) ? { ...w, unsafeInspectorProxy: true } : w);

  const metered = builtWorker('gateway', { DEV_JWT_PUBLIC_JWK: JSON.stringify(devKeys.publicJwk), ...auth });
  const kvNamespaces = { ...metered.kvNamespaces };
  const meteredKv = {};
  for (const name of KV_BINDINGS) {
    delete kvNamespaces[name];
    meteredKv[name] = { name: 'kv-meter', entrypoint: name };
  }
  const gatewayKvIds = Object.fromEntries(KV_BINDINGS.map((name) => [name, metered.kvNamespaces[name]]));
  const stateDir = mkdtempSync(join(tmpdir(), 'jobmatch-bench-'));
  migrateBenchDb(stateDir, 'DB_1', SHARD_1_ID);
  migrateBenchDb(stateDir, 'DB_0', TWIN_DB_ID);
  const core = builtWorker('core');
  const twoShardCore = {
    ...core,
    name: TWO_SHARD_CORE,
    d1Databases: { ...core.d1Databases, DB_1: SHARD_1_ID },
    bindings: { ...core.bindings, SHARDS_OPEN: '1' },
  };
  // The one-shard twin: the same bundle, configured and seeded like the two-shard core's user
  // data (a fresh database, the same user and rows), so the pair differs only by the lookup.
  const oneShardCore = { ...core, name: ONE_SHARD_CORE, d1Databases: { DB_0: TWIN_DB_ID } };

  const shardLookup = {
    name: 'bench-shard-lookup',
    modules: [{ type: 'ESModule', path: join(BENCH_DIR, 'shard-lookup.worker.mjs'), contents: await bundle('shard-lookup.worker.mjs') }],
    compatibilityDate: COMPAT_DATE,
    d1Databases: twoShardCore.d1Databases,
  };

  const stack = await startStack({
    stateDir,
    devKeys,
    directSockets: true,
    gatewayBindings: auth,
    gatewayOptions: withInspector,
    serviceOptions: withInspector,
    miniflare: {
      handleRuntimeStdio: (stdout, stderr) => {
        stdout.resume();
        // workerd's own error lines (an uncaught exception in a Worker: `error: Uncaught exception: …`, answered
        // with a plain-text 500) go to stderr; the soak keeps them to name a 5xx's cause.
        if (o.onRuntimeStderr) stderr.on('data', (chunk) => o.onRuntimeStderr(String(chunk)));
        else stderr.resume();
      },
      ...(o.inspectorPort ? { inspectorPort: o.inspectorPort } : {}),
    },
    extraWorkers: [
      { ...metered, name: 'jobmatch-gateway-metered', kvNamespaces, serviceBindings: { ...metered.serviceBindings, ...meteredKv } },
      {
        name: 'kv-meter',
        modules: true,
        modulesRoot: BENCH_DIR,
        scriptPath: join(BENCH_DIR, 'kv-meter.worker.mjs'),
        compatibilityDate: COMPAT_DATE,
        // The gateway's own namespace ids, so both gateways see the same data.
        kvNamespaces: gatewayKvIds,
      },
      twoShardCore,
      oneShardCore,
      shardLookup,
      trivialWorker('bench-trivial', 'trivial.worker.mjs'),
      { ...trivialWorker('bench-hop', 'hop.worker.mjs'), serviceBindings: { TRIVIAL: 'bench-trivial' } },
      { ...trivialWorker('bench-floor-service', 'floor-service.worker.mjs'), bindings: { SECRET: TEST_SIGNING_SECRET } },
      {
        ...trivialWorker('bench-floor', 'floor-caller.worker.mjs'),
        bindings: { SECRET: TEST_SIGNING_SECRET },
        serviceBindings: { SERVICE: 'bench-floor-service' },
      },
    ].map(withInspector),
  });
  const urls = {};
  for (const name of [
    'jobmatch-gateway',
    'jobmatch-gateway-metered',
    'jobmatch-core',
    TWO_SHARD_CORE,
    ONE_SHARD_CORE,
    'bench-shard-lookup',
    'bench-trivial',
    'bench-hop',
    'bench-floor',
  ]) {
    urls[name] = await stack.directUrl(name);
  }
  const meter = await stack.mf.getWorker('kv-meter');
  return {
    ...stack,
    urls,
    issuer,
    /** @returns {Promise<Record<string, {reads: number, writes: number, deletes: number, lists: number}>>} */
    kvStats: async () => (await meter.fetch('http://meter/stats')).json(),
    resetKv: () => meter.fetch('http://meter/reset', { method: 'POST' }),
    token: (sub) => mintToken(devKeys.privateJwk, { sub, sessionId: `bench-session-${sub}`, issuer: issuer.issuer }),
    /** Which shard the directory (DB_0) names for a user, and their job rows on each shard and on the one-shard twin. */
    async shardOf(userId) {
      const db0 = await stack.mf.getD1Database('DB_0', TWO_SHARD_CORE);
      const db1 = await stack.mf.getD1Database('DB_1', TWO_SHARD_CORE);
      const row = await db0.prepare('SELECT shard FROM shard_directory WHERE user_id = ?1').bind(userId).first();
      const twin = await stack.mf.getD1Database('DB_0', ONE_SHARD_CORE);
      const count = async (db) => (await db.prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(userId).first()).n;
      return { shard: row?.shard ?? null, jobsOn0: await count(db0), jobsOn1: await count(db1), jobsOnTwin: await count(twin) };
    },
    async stop() {
      await stack.stop();
      await issuer.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU seconds (user + system) used so far by the workerd processes this Node process started:
 * every Worker of the stack runs in one of them. Per request, it is the cost a scenario puts on
 * the machine, far less disturbed by other load than req/s is (Linux /proc only; null elsewhere).
 */
export function workerdCpuSeconds() {
  try {
    const ticks = 100; // USER_HZ on Linux
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      if (name !== 'workerd' || Number(fields[1]) !== process.pid) continue; // fields[1] = ppid
      total += (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
    }
    return total;
  } catch {
    return null;
  }
}

/** One bench Worker and what it imports from the repository, as one ES module (esbuild, via wrangler's copy). */
async function bundle(file) {
  const esbuild = createRequire(createRequire(join(ROOT, 'package.json')).resolve('wrangler/package.json'))('esbuild');
  const out = await esbuild.build({ entryPoints: [join(BENCH_DIR, file)], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  return out.outputFiles[0].text;
}

export function trivialWorker(name, file) {
  return { name, modules: true, modulesRoot: BENCH_DIR, scriptPath: join(BENCH_DIR, file), compatibilityDate: COMPAT_DATE };
}

/**
 * Creates `count` jobs (8 at a time) at `baseUrl` (the gateway, or a service directly):
 * `auth` is the user's token, or `(method, url, body) => headers` (e.g. signedCoreHeaders).
 */
export async function seedJobs(baseUrl, auth, count) {
  const url = `${baseUrl}/api/jobs`;
  const headersFor = typeof auth === 'function' ? (body) => auth('POST', url, body) : () => ({ Authorization: `Bearer ${auth}` });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const body = {
        title: `Engineer ${i + 1}`,
        company: `Company ${i % 5}`,
        location: 'Remote',
        requiredSkills: ['TypeScript', 'SQL'],
        description: 'Build and run the edge backend. '.repeat(4),
      };
      const json = JSON.stringify(body);
      const headers = { ...headersFor(json), 'content-type': 'application/json' };
      const res = await fetch(url, { method: 'POST', headers, body: json });
      if (res.status !== 201) throw new Error(`seeding job ${i + 1}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * The headers the gateway would forward to a service for `method url` (signed identity, v3:
 * service host, path+query, Content-Type, read-consistency hint and the body's SHA-256), valid for 30 s (the services'
 * SIGNATURE_MAX_AGE_MS): sign right before each timed run. The canonical string mirrors
 * packages/shared-middleware/src/identity.ts; a drift shows as the service answering 401 to the
 * sample request every scenario checks first.
 * @param {{ userId: string, email?: string, sessionId?: string, requestId?: string }} identity
 * @param {string} method
 * @param {string} url the full URL the request goes to
 * @param {string | null} [body] a JSON body (sent as application/json), or none
 */
export function signedCoreHeaders(identity, method, url, body = null) {
  const timestamp = String(Date.now());
  const requestId = identity.requestId ?? randomUUID();
  const u = new URL(url);
  const contentType = body === null ? '' : 'application/json';
  const bodySha256 = createHash('sha256')
    .update(body ?? '')
    .digest('hex');
  const canonical = [
    'v3',
    timestamp,
    method.toUpperCase(),
    u.host,
    u.pathname + u.search,
    contentType,
    '', // read-consistency hint: none (the service reads the primary)
    bodySha256,
    requestId,
    identity.userId,
    identity.email ?? '',
    identity.sessionId ?? '',
    '', // client IP
    '', // country
  ].join('\n');
  const headers = {
    'x-jobmatch-user-id': identity.userId,
    'x-request-id': requestId,
    'x-jobmatch-timestamp': timestamp,
    'x-jobmatch-body-sha256': bodySha256,
    'x-jobmatch-signature': createHmac('sha256', TEST_SIGNING_SECRET).update(canonical).digest('hex'),
  };
  if (contentType) headers['content-type'] = contentType;
  if (identity.email) headers['x-jobmatch-user-email'] = identity.email;
  if (identity.sessionId) headers['x-jobmatch-session-id'] = identity.sessionId;
  return headers;
}

export function hasWrk() {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

let luaDir;
/**
 * Runs wrk (or autocannon) as a child process — never synchronously: Miniflare's runtime I/O
 * goes through this Node process. Returns requests, statuses outside `expect`, socket errors,
 * req/s, p50 and p99 (ms).
 * @param {{ url: string, headers?: Record<string, string>, method?: string, seconds: number, connections: number, tool?: string }} o
 */
export async function load(o) {
  const headerArgs = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const method = o.method ?? 'GET';
  if (o.tool === 'wrk' || ((o.tool ?? 'auto') === 'auto' && hasWrk())) {
    const script = [];
    if (method !== 'GET') {
      luaDir ??= mkdtempSync(join(tmpdir(), 'jobmatch-bench-'));
      const file = join(luaDir, `${method}.lua`);
      writeFileSync(file, `wrk.method = "${method}"\n`);
      script.push('-s', file);
    }
    // One wrk thread: on a 2-core machine the second core belongs to workerd.
    // --timeout 10s: a slow response is measured (it shows in p99) instead of being dropped.
    const out = await output('wrk', [
      '-t1',
      `-c${o.connections}`,
      `-d${o.seconds}s`,
      '--timeout',
      '10s',
      '--latency',
      ...script,
      ...headerArgs,
      o.url,
    ]);
    return parseWrk(out);
  }
  const out = await output('npx', [
    '-y',
    AUTOCANNON,
    '-j',
    '-m',
    method,
    '-c',
    String(o.connections),
    '-d',
    String(o.seconds),
    ...headerArgs,
    o.url,
  ]);
  const r = JSON.parse(out);
  return {
    tool: AUTOCANNON,
    requests: r.requests.total,
    non2xx: r.non2xx,
    socketErrors: r.errors + r.timeouts,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  };
}

function output(cmd, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

function parseWrk(out) {
  const ms = (value, unit) => Number(value) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit];
  const latency = (pct) => {
    const m = new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`wrk output without a ${pct}% latency:\n${out}`);
    return ms(m[1], m[2]);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const version = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.split(' [')[0] ?? 'wrk';
  return {
    tool: version,
    requests: Number(/(\d+) requests in/.exec(out)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
    reqPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50Ms: latency(50),
    p99Ms: latency(99),
  };
}

/**
 * A Chrome DevTools protocol client for one Worker's inspector (`startBenchStack({ inspectorPort, inspect })`).
 * @param {string} url ws://127.0.0.1:{inspectorPort}/{worker name}
 */
export function connectInspector(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let next = 1;
    const pending = new Map();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      const p = msg.id && pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
      else p.resolve(msg.result);
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((res, rej) => {
            const id = next++;
            pending.set(id, { resolve: res, reject: rej });
            ws.send(JSON.stringify({ id, method, params }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

/** A free loopback TCP port. */
export function freePort() {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {any} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** The commit a run measured (short hash; flagged when apps, packages or bench had uncommitted changes). */
export function gitCommit() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'apps', 'packages', 'bench'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  return r.status === 0 ? `${r.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown';
}

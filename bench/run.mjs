#!/usr/bin/env node
/**
 * npm run bench: every scenario of issue 11's table, interleaved over rounds in one process on
 * the built bundles (bench/harness.mjs), then KV calls and JWKS fetches per request, a scaling
 * curve (connections; jobs per user) and a cold start per Worker. Prints req/s, p50/p99 and the
 * ratios the targets are stated in; ratios from interleaved rounds are what holds on a shared
 * machine, absolute req/s is not.
 *
 *   npm run bench                        # build, run, print
 *   npm run bench -- --record            # … and rewrite bench/RESULTS.md with this run
 *   npm run bench -- --duration 5 --rounds 5 --connections 8 --no-build
 *   npm run bench -- --smoke             # 1-second runs, one round (what the e2e test runs)
 *   npm run bench -- --only core-jobs-1-shard,core-jobs-2-shards   # just these scenarios and their ratios
 *   npm run bench -- --tool autocannon   # force the fallback load generator
 *
 * Load generator: wrk if installed (`apt-get install -y wrk`), else autocannon via npx.
 * CPU profile of a scenario: bench/profile.mjs (see bench/PROFILING.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR,
  KV_BINDINGS,
  ROOT,
  ONE_SHARD_CORE,
  TWO_SHARD_CORE,
  gitCommit,
  load,
  seedJobs,
  signedCoreHeaders,
  sleep,
  startBenchStack,
  workerdCpuSeconds,
} from './harness.mjs';
import { bundleSizes, coldStarts } from './cold-start.mjs';
import { SCENARIOS as ALL_SCENARIOS, TARGETS as ALL_TARGETS, coldLookupCost } from './scenarios.mjs';

const KEPT_NOTES = '## Notes (kept when re-recording)';
const f0 = (n) => Math.round(n).toLocaleString('en-US');
const f2 = (n) => n.toFixed(2);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
    'no-build': { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    tool: { type: 'string', default: 'auto' }, // auto | wrk | autocannon
    only: { type: 'string' }, // comma-separated scenario ids: only those, their ratios, nothing else
  },
});
const only = args.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !ALL_SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) throw new Error(`--only: no scenario ${unknown.join(', ')} (known: ${ALL_SCENARIOS.map((s) => s.id).join(', ')})`);
if (only && args.record) throw new Error('--record writes the full run; it cannot be combined with --only');
const SCENARIOS = only ? ALL_SCENARIOS.filter((s) => only.includes(s.id)) : ALL_SCENARIOS;
// With --only: the ratio targets whose scenarios all ran (no KV, scaling, cold-start or size figures).
const TARGETS = only ? ALL_TARGETS.filter((t) => t.perRate && t.needs.every((id) => only.includes(id))) : ALL_TARGETS;
const smoke = args.smoke;
const duration = smoke ? 1 : Number(args.duration);
const rounds = smoke ? 1 : Number(args.rounds);
const connections = Number(args.connections);
const scaleConnections = smoke ? [1] : [1, 4, 8, 16];
const scaleJobs = smoke ? [10] : [10, 100, 1000];
const MAIN_JOBS = 20;
// Signed core-direct headers are valid for 30 s (SIGNATURE_MAX_AGE_MS): keep each run shorter.
if (!(duration > 0 && duration <= 25)) throw new Error('--duration must be 1..25 seconds');
const quiet = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
};

if (!args['no-build']) {
  console.log('building the Worker bundles …');
  execFileSync(process.execPath, [join(ROOT, 'scripts/turbo.mjs'), 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...quiet },
  });
}
const loadBefore = os.loadavg();
const stack = await startBenchStack();
let failed = false;
try {
  const gateway = stack.urls['jobmatch-gateway'];
  const stamp = Date.now().toString(36);
  const users = {};
  const userFor = async (name, jobs) => {
    const userId = `bench-${name}-${stamp}`;
    const token = await stack.token(userId);
    await seedJobs(gateway, token, jobs);
    users[name] = { userId, token, email: `${userId}@example.test`, sessionId: `bench-session-${userId}`, jobs };
    return users[name];
  };
  console.log(`seeding ${MAIN_JOBS} jobs for the main user${only ? '' : `, ${scaleJobs.join(' / ')} for the scaling users`} …`);
  const main = await userFor('main', MAIN_JOBS);
  if (!only) for (const n of scaleJobs) await userFor(`jobs${n}`, n);
  // The two-shard user: created through the two-shard core (SHARDS_OPEN=1 places them on DB_1),
  // then checked to be there, so core-jobs-2-shards really takes the directory lookup path.
  const shard1Id = `bench-shard1-${stamp}`;
  const shard1 = { userId: shard1Id, email: `${shard1Id}@example.test`, sessionId: `bench-session-${shard1Id}`, jobs: MAIN_JOBS };
  const shard1Identity = { userId: shard1.userId, email: shard1.email, sessionId: shard1.sessionId };
  // The same user and rows go into the one-shard twin, the lookup's baseline.
  for (const core of [TWO_SHARD_CORE, ONE_SHARD_CORE]) {
    await seedJobs(stack.urls[core], (method, url, body) => signedCoreHeaders(shard1Identity, method, url, body), MAIN_JOBS);
  }
  const placed = await stack.shardOf(shard1.userId);
  if (placed.shard !== 1 || placed.jobsOn1 !== MAIN_JOBS || placed.jobsOn0 !== 0 || placed.jobsOnTwin !== MAIN_JOBS) {
    throw new Error(`the two-shard user is not on DB_1 alone: ${JSON.stringify(placed)}`);
  }
  users.shard1 = shard1;
  const userOf = (scenario) => users[scenario.user ?? 'main'];
  const ctx = { urls: stack.urls, signedCoreHeaders };

  /** One timed run of a scenario, after checking a sample answer is what the scenario claims. */
  const measure = async (scenario, user, conns) => {
    const req = scenario.request(ctx, user);
    const send = () => fetch(req.url, { method: req.method ?? 'GET', headers: req.headers });
    if (scenario.xCache === 'HIT') await (await send()).arrayBuffer(); // the first one fills the cache
    const sample = await send();
    await sample.arrayBuffer();
    const cache = sample.headers.get('X-Cache');
    if (sample.status !== scenario.status || (scenario.xCache && cache !== scenario.xCache)) {
      throw new Error(
        `${scenario.id}: sample answered ${sample.status} X-Cache ${cache}, expected ${scenario.status} ${scenario.xCache ?? ''}`,
      );
    }
    const fresh = scenario.request(ctx, user); // re-signed right before the run
    const cpuBefore = workerdCpuSeconds();
    const r = await load({ ...fresh, seconds: duration, connections: conns, tool: args.tool });
    const cpuAfter = workerdCpuSeconds();
    r.cpuUs = cpuBefore === null || cpuAfter === null ? NaN : ((cpuAfter - cpuBefore) * 1e6) / r.requests;
    const wrong = scenario.status < 300 ? r.non2xx : r.requests - r.non2xx;
    if (wrong > 0 || r.socketErrors > 0) {
      console.error(`FAIL ${scenario.id}: ${wrong} answers other than ${scenario.status}, ${r.socketErrors} socket errors`);
      failed = true;
    }
    return r;
  };

  // Warm every isolate and cache entry once, then the interleaved rounds.
  if (!smoke) for (const s of SCENARIOS) await load({ ...s.request(ctx, userOf(s)), seconds: 1, connections, tool: args.tool });
  // The metered twin is a second isolate: its first request seeds its JWKS (from KV, not the issuer).
  const meteredProbe = await fetch(`${stack.urls['jobmatch-gateway-metered']}/api/jobs`, {
    headers: { Authorization: `Bearer ${main.token}` },
  });
  if (meteredProbe.status !== 200) throw new Error(`metered gateway answered ${meteredProbe.status}`);
  await meteredProbe.arrayBuffer();
  const coldJwksFetches = stack.issuer.jwksFetches();
  const jwksBefore = stack.issuer.jwksFetches();
  let gatewayRequests = 0;
  const runs = Object.fromEntries(SCENARIOS.map((s) => [s.id, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no scenario always runs first or after the same neighbour.
    const order = SCENARIOS.map((_, i) => SCENARIOS[(i + round) % SCENARIOS.length]);
    for (const s of order) {
      const r = await measure(s, userOf(s), connections);
      runs[s.id].push(r);
      if (s.viaGateway) gatewayRequests += r.requests;
      console.log(
        `round ${round + 1}/${rounds}  ${s.id.padEnd(18)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  workerd CPU ${r.cpuUs.toFixed(0)} µs/req`,
      );
    }
  }
  const table = SCENARIOS.map((s) => ({ ...s, ...medians(runs[s.id]) }));
  const rate = Object.fromEntries(table.map((t) => [t.id, t.reqPerSec]));
  // The same ratios from workerd's CPU time per request (1 / CPU: requests per CPU-second).
  const cpuRate = Object.fromEntries(table.map((t) => [t.id, 1e6 / t.cpuUs]));
  if (only) {
    const targets = TARGETS.map((t) => {
      const figure = t.value({ rate });
      return { ...t, figure, byCpu: t.value({ rate: cpuRate }), pass: t.pass(figure) };
    });
    console.log(`\n${scenarioTable(table)}`);
    if (targets.length > 0) console.log(`\n${targetTable(targets)}`);
    const cold = coldLookupCost(table);
    if (cold) console.log(`\n${cold}`);
    for (const t of targets) if (!t.pass && !smoke) failed = true;
  } else {
    // The full run: KV calls per request, scaling, cold starts, every target.
    // KV calls per request at steady load, on the metered twin of the gateway (cache-hit path and
    // the uncached D1 route together, as a client mixes them).
    await sleep(1500); // let earlier write-behind land before counting
    await stack.resetKv();
    const meteredUrl = stack.urls['jobmatch-gateway-metered'];
    const auth = { Authorization: `Bearer ${main.token}` };
    const [hitLoad, existsLoad] = await Promise.all([
      load({
        url: `${meteredUrl}/api/jobs`,
        headers: auth,
        seconds: duration * 2,
        connections: Math.max(1, connections / 2),
        tool: args.tool,
      }),
      load({
        url: `${meteredUrl}/api/users/${main.userId}/exists`,
        headers: auth,
        seconds: duration * 2,
        connections: Math.max(1, connections / 2),
        tool: args.tool,
      }),
    ]);
    await sleep(1500); // trailing write-behind belongs to the measured requests
    const kv = await stack.kvStats();
    const kvRequests = hitLoad.requests + existsLoad.requests;
    gatewayRequests += kvRequests;
    const sum = (field) => KV_BINDINGS.reduce((n, name) => n + kv[name][field], 0);
    const kvFigures = {
      requests: kvRequests,
      readsPerRequest: sum('reads') / kvRequests,
      writesPerRequest: (sum('writes') + sum('deletes')) / kvRequests,
      kv,
    };
    const jwksPerRequest = (stack.issuer.jwksFetches() - jwksBefore) / gatewayRequests;

    // Scaling: connections (cache hit vs core direct), then jobs per user (hit, miss, core direct).
    const byId = Object.fromEntries(SCENARIOS.map((s) => [s.id, s]));
    const scaling = [];
    for (const c of scaleConnections) {
      for (const id of ['gateway-jobs-hit', 'core-jobs'])
        scaling.push({ axis: 'connections', value: c, id, jobs: MAIN_JOBS, ...(await measure(byId[id], main, c)) });
    }
    for (const n of scaleJobs) {
      for (const id of ['gateway-jobs-hit', 'gateway-jobs-miss', 'core-jobs'])
        scaling.push({ axis: 'jobs', value: n, id, jobs: n, ...(await measure(byId[id], users[`jobs${n}`], connections)) });
    }
    await stack.stop().catch(() => {});
    stack.stop = async () => {};

    console.log('cold starts …');
    const cold = await coldStarts(smoke ? 1 : 3);
    const sizes = await bundleSizes();

    const targets = TARGETS.map((t) => {
      const value = t.value({ rate, kv: kvFigures, jwksPerRequest, sizes });
      const byCpu = t.perRate ? t.value({ rate: cpuRate }) : undefined;
      return { ...t, figure: value, byCpu, pass: t.pass(value) };
    });
    const report = {
      coldJwksFetches,
      table,
      rate,
      kvFigures,
      jwksPerRequest,
      scaling,
      cold,
      sizes,
      targets,
      loadBefore,
      commit: gitCommit(),
      tool: table[0]?.tool ?? '',
    };
    console.log(`\n${markdownTables(report)}`);
    for (const t of targets) if (!t.pass && !smoke) failed = true;
    if (args.record) {
      const file = join(BENCH_DIR, 'RESULTS.md');
      // Hand-written notes below KEPT_NOTES survive re-recording.
      const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const kept = previous.includes(KEPT_NOTES) ? previous.slice(previous.indexOf(KEPT_NOTES)) : '';
      writeFileSync(file, resultsMarkdown(report) + (kept ? `\n${kept}` : ''));
      console.log('wrote bench/RESULTS.md');
    }
  }
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await stack.stop().catch(() => {});
}
process.exit(failed ? 1 : 0);

function medians(list) {
  const med = (f) => {
    const v = list.map(f).sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  return {
    reqPerSec: med((r) => r.reqPerSec),
    cpuUs: med((r) => r.cpuUs),
    p50Ms: med((r) => r.p50Ms),
    p99Ms: med((r) => r.p99Ms),
    requests: list.reduce((n, r) => n + r.requests, 0),
    tool: list[0]?.tool,
  };
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function scenarioTable(table) {
  const hop = table.find((x) => x.id === 'hop');
  const toHop = (t, v) => (t.id === 'trivial' || !hop ? '–' : f2(v));
  return [
    '| scenario | req/s | p50 ms | p99 ms | ratio to the bare hop | workerd CPU µs / request | CPU ratio to the hop |',
    '|---|---|---|---|---|---|---|',
    ...table.map(
      (t) =>
        `| ${t.label} | ${f0(t.reqPerSec)} | ${f2(t.p50Ms)} | ${f2(t.p99Ms)} | ${toHop(t, t.reqPerSec / hop?.reqPerSec)} | ${f0(t.cpuUs)} | ${toHop(t, hop?.cpuUs / t.cpuUs)} |`,
    ),
  ].join('\n');
}

function targetTable(targets) {
  return [
    '| target | figure (req/s) | same ratio from CPU µs / request | goal | |',
    '|---|---|---|---|---|',
    ...targets.map(
      (t) =>
        `| ${t.label} | ${t.format(t.figure)} | ${t.byCpu === undefined ? '–' : t.format(t.byCpu)} | ${t.goal} | ${t.pass ? 'PASS' : 'FAIL'} |`,
    ),
  ].join('\n');
}

function markdownTables(r) {
  const lines = [
    scenarioTable(r.table),
    '',
    targetTable(r.targets),
    '',
    coldLookupCost(r.table) ?? '',
    '',
    `JWKS fetches: ${r.coldJwksFetches} while two cold gateway isolates started (the second seeds from KV), then ${r.jwksPerRequest} per request warm.`,
    '',
    `KV per request at steady load (${f0(r.kvFigures.requests)} requests on the metered gateway): ${r.kvFigures.readsPerRequest.toFixed(4)} reads, ${r.kvFigures.writesPerRequest.toFixed(5)} writes — ` +
      KV_BINDINGS.map((n) => `${n} ${JSON.stringify(r.kvFigures.kv[n])}`).join('; '),
    '',
    '| scaling | scenario | req/s | p50 ms | p99 ms | workerd CPU µs / request |',
    '|---|---|---|---|---|---|',
    ...r.scaling.map(
      (s) =>
        `| ${s.axis === 'connections' ? `${s.value} connections (${s.jobs} jobs)` : `${f0(s.value)} jobs per user (${connections} connections)`} | ${s.id} | ${f0(s.reqPerSec)} | ${f2(s.p50Ms)} | ${f2(s.p99Ms)} | ${f0(s.cpuUs)} |`,
    ),
    '',
    '| Worker | bundle | minified | gzip (minified) | ready, median ms | first request ms | second request ms |',
    '|---|---|---|---|---|---|---|',
    ...r.cold.map((c) => {
      const s = r.sizes[c.worker];
      return `| ${c.worker} | ${s ? kib(s.raw) : '–'} | ${s ? kib(s.minified) : '–'} | ${s ? kib(s.gzip) : '–'} | ${f0(c.readyMs)} | ${f2(c.firstMs)} | ${f2(c.secondMs)} |`;
    }),
  ];
  return lines.join('\n');
}

function resultsMarkdown(r) {
  return `# Benchmark results

One \`npm run bench\` run: the built bundles (what \`wrangler deploy\` ships) in one standalone Miniflare,
each Worker on its own loopback socket, every scenario interleaved over ${rounds} rounds of ${duration} s
(medians), ${connections} connections, one wrk thread. Workers run as deployed: every log line, the
identity signature and its verification, the JWT check (remote JWKS of a Supabase-like issuer on
loopback), the session check, the KV rate limiter and the API cache are on. Only the per-user
default rate limit is raised (\`RATE_LIMIT_POLICIES\`) so every request is an admitted data request.

- Command: \`npm run bench -- --record\` (= \`node bench/run.mjs --duration ${duration} --rounds ${rounds} --connections ${connections} --record\`)
- Load: ${r.tool}
- Machine: ${machine()}
- Date: ${new Date().toISOString()}; commit ${r.commit}; load average (1, 5, 15 min) just before
  the run: ${r.loadBefore.map((n) => n.toFixed(2)).join(', ')}
- Scenarios: bench/scenarios.mjs; how to profile one: bench/PROFILING.md

## Figures

${markdownTables(r)}

Cold start: a fresh Miniflare with the Worker alone (its bindings local, its Service Bindings
pointing at the trivial Worker), \`ready\` = process start to the runtime accepting requests
(workerd parses and compiles the bundle before that), then \`GET /health\` twice.
`;
}

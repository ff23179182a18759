#!/usr/bin/env node
/**
 * npm run soak: a bounded soak on loopback (issue 14 §2) through the built bundles in one
 * standalone Miniflare (bench/harness.mjs). For `--seconds`, `--connections` closed-loop
 * clients send mixed authenticated traffic (reads and writes of jobs, skills, profile and
 * applications through core, ai and integrations routes) as many users; meanwhile a few
 * users send more `POST /api/applications/generate` requests than the strict tier
 * (Durable Object) admits. Then every acknowledged write is read back. Violations:
 * - any 5xx, network error, or a status the operation does not document (listed);
 * - a strict-tier user admitted more or fewer than its limit (limit+extra sent);
 * - an acknowledged write not readable afterwards (created job/skill/application missing,
 *   the last acknowledged profile or job edit not what is read, a deleted job still there);
 * - memory growing with the requests served after the warm-up quarter: the Workers' JS heaps
 *   after a forced GC, and workerd's RSS (bounds and why: bench/soak-memory.mjs, SOAK.md).
 * A request that got no HTTP answer at all (connection closed or reset: the load generator's
 * side of the socket) is listed apart from the server's answers, with its cause, and is a
 * violation too; 5xx answers are counted separately.
 * Prints a summary and exits 1 on any violation. Not part of `npm test` (a 3-second smoke
 * run is: tests/e2e/test/soak-smoke.test.ts).
 *
 *   npm run soak                                  # build, 60 s, print the summary
 *   npm run soak -- --seconds 10 --no-build       # shorter, on the bundles already built
 *   npm run soak -- --connections 16 --users-per-connection 3 --strict-users 3
 *   npm run soak -- --no-heap  # without the Workers' JS heaps (no inspector, no forced GC)
 *   npm run soak -- --mix reads   # GETs only (seeded data), --mix health: GET /health only
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, freePort, gitCommit, sleep, startBenchStack } from './harness.mjs';
import { HEAP_WORKERS, heapsAfterGc, memoryReport, workerdMemory } from './soak-memory.mjs';

const STRICT_ROUTE = 'POST /api/applications/generate';
const STRICT_LIMIT = 20; // apps/gateway/src/rate-limit/policies.ts 'applications-generate' (per hour)
const STRICT_EXTRA = 6;
/**
 * workerd closes a keep-alive connection after 5 s idle and announces no Keep-Alive timeout;
 * undici's default is to keep an idle socket 4 s, so on a loaded machine a request could be
 * written to a socket the server had just closed ("other side closed"). 1 s leaves the margin.
 */
const undici = createRequire(createRequire(join(ROOT, 'package.json')).resolve('miniflare'))('undici');
const dispatcher = new undici.Agent({ keepAliveTimeout: 1000, keepAliveMaxTimeout: 1000 });

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '12' },
    'users-per-connection': { type: 'string', default: '3' },
    'strict-users': { type: 'string', default: '3' },
    mix: { type: 'string', default: 'full' },
    'no-build': { type: 'boolean', default: false },
    'no-heap': { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const usersPerConnection = Number(args['users-per-connection']);
const strictUsers = Number(args['strict-users']);
const measureHeap = !args['no-heap'];
if (!(seconds >= 1 && seconds <= 3000)) throw new Error('--seconds must be 1..3000');
if (!(connections >= 1 && usersPerConnection >= 1 && strictUsers >= 0)) throw new Error('bad options');
if (!['full', 'reads', 'health'].includes(args.mix)) throw new Error('--mix must be full, reads or health');

if (!args['no-build']) {
  console.log('building the Worker bundles …');
  execFileSync(process.execPath, [join(ROOT, 'scripts/turbo.mjs'), 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', TURBO_TELEMETRY_DISABLED: '1' },
  });
}

const statusCounts = new Map();
const violations = [];
const violation = (text) => {
  if (violations.length < 200) violations.push(text);
  else violations[199] = `… and more (${text})`;
};
let requests = 0;
/** Requests that got no HTTP answer, by cause (undici's error code and message). */
const networkErrors = new Map();

/** One request through the gateway; counts it; a status outside `expect` is a violation. */
async function call(gateway, user, method, path, { json, expect = [200] } = {}) {
  const headers = { Authorization: `Bearer ${user.token}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  requests += 1;
  let res;
  try {
    res = await undici.fetch(`${gateway}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      dispatcher,
    });
  } catch (error) {
    const cause = `${error?.cause?.code ?? error?.code ?? 'unknown'}: ${error?.cause?.message ?? error?.message ?? error}`;
    networkErrors.set(cause, (networkErrors.get(cause) ?? 0) + 1);
    violation(`${method} ${path}: no HTTP answer (${cause})`);
    return { status: 0, body: null };
  }
  const text = await res.text();
  statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
  if (!expect.includes(res.status)) violation(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (res.status < 300 && text) violation(`${method} ${path}: ${res.status} body is not JSON`);
  }
  return { status: res.status, body };
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** Creates a job and records it on the user (the full mix's write, and the reads mix's seed). */
async function createJob(g, u) {
  const title = `Soak job ${u.seq++}`;
  const r = await call(g, u, 'POST', '/api/jobs', {
    json: { title, company: 'Soak Co', location: 'Remote', requiredSkills: ['TypeScript'] },
    expect: [201],
  });
  if (r.status === 201) u.jobs.set(r.body.id, title);
}

async function addSkill(g, u) {
  const name = `Skill ${u.seq++}`;
  const r = await call(g, u, 'POST', '/api/skills', { json: { name }, expect: [201] });
  if (r.status === 201) u.skills.add(name);
}

/** The traffic mix: [weight, operation, 'read' for the GETs]. Each operation records what it acknowledged on the user. */
const OPERATIONS = [
  [22, (g, u) => call(g, u, 'GET', '/api/jobs?limit=20'), 'read'],
  [
    10,
    async (g, u) => {
      const id = pick([...u.jobs.keys()]);
      if (id) await call(g, u, 'GET', `/api/jobs/${id}`);
    },
    'read',
  ],
  [12, createJob],
  [
    6,
    async (g, u) => {
      const id = pick([...u.jobs.keys()]);
      if (!id) return;
      const title = `Soak job ${u.seq++} (edited)`;
      const r = await call(g, u, 'PATCH', `/api/jobs/${id}`, { json: { title } });
      if (r.status === 200) u.jobs.set(id, title);
    },
  ],
  [
    3,
    async (g, u) => {
      const id = pick([...u.jobs.keys()]);
      if (!id) return;
      const r = await call(g, u, 'DELETE', `/api/jobs/${id}`, { expect: [204] });
      if (r.status === 204) {
        u.jobs.delete(id);
        u.deletedJobs.push(id);
      }
    },
  ],
  [8, (g, u) => call(g, u, 'GET', '/api/skills'), 'read'],
  [6, addSkill],
  [8, (g, u) => call(g, u, 'GET', '/api/profile'), 'read'],
  [
    5,
    async (g, u) => {
      const firstName = `Soak${u.seq++}`;
      const r = await call(g, u, 'PATCH', '/api/profile', { json: { first_name: firstName } });
      if (r.status === 200) u.firstName = firstName;
    },
  ],
  [5, (g, u) => call(g, u, 'GET', '/api/applications'), 'read'],
  [
    4,
    async (g, u) => {
      const r = await call(g, u, 'POST', '/api/applications', {
        json: {
          jobTitle: `Soak ${u.seq++}`,
          company: 'Soak Co',
          selectedVariantId: 'v',
          variants: [
            { id: 'v', name: 'v', coverLetter: 'Hi', aiRationale: [], resume: { summary: 'S', experience: [], skills: [], education: [] } },
          ],
        },
        expect: [201],
      });
      if (r.status === 201) u.applications.push(r.body.id);
    },
  ],
  [4, (g, u) => call(g, u, 'GET', '/api/emails/remaining'), 'read'],
  [4, (g, u) => call(g, u, 'GET', '/api/analytics/cache'), 'read'],
];
/** --mix reads: the GETs of the full mix only (users are seeded with jobs and skills first); --mix health: GET /health. */
const MIXES = {
  full: OPERATIONS,
  reads: OPERATIONS.filter(([, , kind]) => kind === 'read'),
  health: [[1, (g, u) => call(g, u, 'GET', '/health')]],
};
const mix = MIXES[args.mix];
const totalWeight = mix.reduce((n, [w]) => n + w, 0);
function randomOperation() {
  let r = Math.random() * totalWeight;
  for (const [w, op] of mix) {
    r -= w;
    if (r < 0) return op;
  }
  return OPERATIONS[0][1];
}

/** Reads back everything the run acknowledged. */
async function verifyUser(g, u) {
  let checked = 0;
  for (const [id, title] of u.jobs) {
    const r = await call(g, u, 'GET', `/api/jobs/${id}`);
    checked += 1;
    if (r.status === 200 && r.body?.title !== title) violation(`job ${id}: read "${r.body?.title}", acknowledged "${title}"`);
  }
  for (const id of u.deletedJobs) {
    await call(g, u, 'GET', `/api/jobs/${id}`, { expect: [404] });
    checked += 1;
  }
  const skills = await call(g, u, 'GET', '/api/skills');
  const names = new Set((skills.body?.skills ?? []).map((s) => s.name));
  for (const name of u.skills) {
    checked += 1;
    if (!names.has(name)) violation(`skill "${name}" of ${u.userId} acknowledged but not listed`);
  }
  for (const id of u.applications) {
    await call(g, u, 'GET', `/api/applications/${id}`);
    checked += 1;
  }
  if (u.firstName !== null) {
    const profile = await call(g, u, 'GET', '/api/profile');
    checked += 1;
    if (profile.body?.profile?.first_name !== u.firstName)
      violation(`profile of ${u.userId}: read "${profile.body?.profile?.first_name}", acknowledged "${u.firstName}"`);
  }
  return checked;
}

const inspectorPort = measureHeap ? await freePort() : undefined;

const loadBefore = os.loadavg();
/** workerd's stderr (its own errors: an uncaught exception in a Worker is answered 500 "Internal Server Error"). */
const runtimeErrors = { count: 0, first: [] };
const onRuntimeStderr = (text) => {
  for (const line of text.split('\n').filter((l) => /error/i.test(l))) {
    runtimeErrors.count += 1;
    if (runtimeErrors.first.length < 5) runtimeErrors.first.push(line.slice(0, 400));
  }
};
const stack = await startBenchStack({ onRuntimeStderr, ...(measureHeap ? { inspectorPort, inspect: HEAP_WORKERS } : {}) });
let exitCode = 1;
try {
  const gateway = stack.urls['jobmatch-gateway'];
  const stamp = Date.now().toString(36);
  const newUser = async (name) => {
    const userId = `soak-${name}-${stamp}`;
    return {
      userId,
      token: await stack.token(userId),
      seq: 0,
      jobs: new Map(),
      deletedJobs: [],
      skills: new Set(),
      applications: [],
      firstName: null,
    };
  };
  const groups = [];
  for (let c = 0; c < connections; c++) {
    const group = [];
    for (let i = 0; i < usersPerConnection; i++) group.push(await newUser(`c${c}u${i}`));
    groups.push(group);
  }
  // Strict-tier users: a profile and a job to generate from.
  const strict = [];
  for (let i = 0; i < strictUsers; i++) {
    const u = await newUser(`strict${i}`);
    await call(gateway, u, 'PATCH', '/api/profile', { json: { first_name: 'Ada', current_title: 'Engineer' } });
    await call(gateway, u, 'POST', '/api/skills', { json: { name: 'TypeScript' }, expect: [201] });
    const job = await call(gateway, u, 'POST', '/api/jobs', {
      json: { title: 'Backend', company: 'Edge', requiredSkills: ['TypeScript'] },
      expect: [201],
    });
    strict.push({ user: u, jobId: job.body?.id, admitted: 0, limited: 0 });
  }
  if (args.mix === 'reads') {
    // Something to read: jobs and skills, acknowledged like the full mix's writes.
    for (const u of groups.flat()) for (const op of [createJob, createJob, createJob, addSkill, addSkill]) await op(gateway, u);
  }
  const seeded = requests;

  const samples = [];
  const startedAt = Date.now();
  const endAt = startedAt + seconds * 1000;
  const warmUntil = (seconds * 1000) / 4;
  const sample = () => samples.push({ t: Date.now() - startedAt, requests, ...(workerdMemory() ?? { rss: null }) });
  const sampler = setInterval(sample, 1000);
  sample();
  // The heaps after a forced GC at the end of the warm-up quarter (the GC pauses each Worker briefly).
  const heapAtWarm = measureHeap
    ? sleep(warmUntil).then(async () => {
        const at = requests;
        return { requests: at, used: await heapsAfterGc(inspectorPort) };
      })
    : null;
  heapAtWarm?.catch(() => {}); // awaited after the load; no unhandled rejection meanwhile

  // Closed-loop clients: each owns its users, so a user's operations are sequential and
  // "the last acknowledged edit" is well defined.
  const clients = groups.map(async (group) => {
    while (Date.now() < endAt) await randomOperation()(gateway, pick(group));
  });
  // Strict tier: each strict user's limit+extra generates, in concurrent bursts spread over the run.
  const strictRuns = strict.map(async (s) => {
    const total = STRICT_LIMIT + STRICT_EXTRA;
    const bursts = Math.min(total, Math.max(1, Math.floor(seconds / 2)));
    let sent = 0;
    for (let b = 0; b < bursts; b++) {
      const n = Math.ceil((total - sent) / (bursts - b));
      const answers = await Promise.all(
        Array.from({ length: n }, () =>
          call(gateway, s.user, 'POST', '/api/applications/generate', { json: { jobId: s.jobId }, expect: [201, 429] }),
        ),
      );
      sent += n;
      for (const a of answers) {
        if (a.status === 429) s.limited += 1;
        else if (a.status === 201) s.admitted += 1;
      }
      const next = startedAt + ((b + 1) * seconds * 1000) / bursts;
      await sleep(Math.max(0, next - Date.now()));
    }
  });
  await Promise.all([...clients, ...strictRuns]);
  const loadRequests = requests - seeded;
  const loadSeconds = (Date.now() - startedAt) / 1000;
  clearInterval(sampler);
  sample();
  const heaps = measureHeap ? { warm: await heapAtWarm, end: { requests, used: await heapsAfterGc(inspectorPort) } } : null;
  const afterGc = measureHeap ? workerdMemory() : null; // what the forced GC of the four Workers gave back
  let checkedWrites = 0;
  for (const group of groups) for (const u of group) checkedWrites += await verifyUser(gateway, u);
  for (const s of strict) {
    if (s.admitted !== STRICT_LIMIT)
      violation(
        `strict tier: ${s.user.userId} had ${s.admitted} of ${STRICT_LIMIT + STRICT_EXTRA} generates admitted, limit ${STRICT_LIMIT}`,
      );
    const apps = await call(gateway, s.user, 'GET', '/api/applications?limit=100');
    if (apps.body?.total !== s.admitted)
      violation(`strict tier: ${s.user.userId} has ${apps.body?.total} applications, ${s.admitted} admitted`);
  }

  const memory = memoryReport({ samples, heaps, warmUntil, afterGc });
  for (const v of memory.violations) violation(v);
  const fiveXx = [...statusCounts].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const statuses = [...statusCounts].sort(([a], [b]) => a - b).map(([s, c]) => `${s} ${c.toLocaleString('en-US')}`);
  const lines = [
    '',
    '## Soak summary',
    '',
    `- command: node bench/soak.mjs ${process.argv.slice(2).join(' ')}`.trimEnd(),
    `- commit ${gitCommit()}; ${new Date().toISOString()}; load average before ${loadBefore.map((n) => n.toFixed(2)).join(', ')}, after ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
    `- ${seconds} s, mix ${args.mix}, ${connections} connections, ${connections * usersPerConnection} users + ${strictUsers} strict-tier users`,
    `- requests: ${requests.toLocaleString('en-US')} in all; ${loadRequests.toLocaleString('en-US')} during the load (${(loadRequests / loadSeconds).toFixed(0)} req/s), the rest seeding and read-back`,
    `- statuses: ${statuses.join(', ')}; 5xx ${fiveXx}`,
    `- requests without an HTTP answer (load generator's socket): ${[...networkErrors.values()].reduce((n, c) => n + c, 0)}${[...networkErrors].map(([cause, n]) => `; ${n} × ${cause}`).join('')}`,
    `- workerd error lines on stderr: ${runtimeErrors.count}${runtimeErrors.first.map((l) => `\n  - ${l}`).join('')}`,
    `- acknowledged writes read back: ${checkedWrites.toLocaleString('en-US')}`,
    `- strict tier (${STRICT_ROUTE}, ${STRICT_LIMIT}/h, Durable Object): ${strict.map((s) => `${s.admitted} admitted + ${s.limited} × 429`).join('; ') || 'not run'}`,
    ...memory.lines.map((line) => `- ${line}`),
    `- violations: ${violations.length}`,
    ...violations.slice(0, 30).map((v) => `  - ${v}`),
  ];
  console.log(lines.join('\n'));
  exitCode = violations.length === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  await stack.stop().catch(() => {});
}
process.exit(exitCode);

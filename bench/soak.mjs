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
 * - workerd memory not stable: RSS is sampled every second; the largest sample in the last
 *   quarter of the run may exceed the largest in the second quarter by at most
 *   --rss-growth (default 25 %) plus 32 MiB (the first quarter is warm-up).
 * Prints a summary and exits 1 on any violation. Not part of `npm test` (a 3-second smoke
 * run is: tests/e2e/test/soak-smoke.test.ts).
 *
 *   npm run soak                                  # build, 60 s, print the summary
 *   npm run soak -- --seconds 10 --no-build       # shorter, on the bundles already built
 *   npm run soak -- --connections 16 --users-per-connection 3 --strict-users 3
 *   npm run soak -- --heap     # also each service's V8 heap (inspector), before and after the load
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, connectInspector, freePort, gitCommit, sleep, startBenchStack } from './harness.mjs';

const STRICT_ROUTE = 'POST /api/applications/generate';
const STRICT_LIMIT = 20; // apps/gateway/src/rate-limit/policies.ts 'applications-generate' (per hour)
const STRICT_EXTRA = 6;
const RSS_SLACK_BYTES = 32 * 2 ** 20;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '12' },
    'users-per-connection': { type: 'string', default: '3' },
    'strict-users': { type: 'string', default: '3' },
    'rss-growth': { type: 'string', default: '0.25' },
    'no-build': { type: 'boolean', default: false },
    heap: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const usersPerConnection = Number(args['users-per-connection']);
const strictUsers = Number(args['strict-users']);
const rssGrowth = Number(args['rss-growth']);
if (!(seconds >= 1 && seconds <= 3000)) throw new Error('--seconds must be 1..3000');
if (!(connections >= 1 && usersPerConnection >= 1 && strictUsers >= 0 && rssGrowth >= 0)) throw new Error('bad options');

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
let networkErrors = 0;

/** One request through the gateway; counts it; a status outside `expect` is a violation. */
async function call(gateway, user, method, path, { json, expect = [200] } = {}) {
  const headers = { Authorization: `Bearer ${user.token}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  requests += 1;
  let res;
  try {
    res = await fetch(`${gateway}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  } catch (error) {
    networkErrors += 1;
    violation(`${method} ${path}: network error ${error}${error?.cause ? ` (${error.cause})` : ''}`);
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

/** workerd processes started by this Node process: total RSS in bytes (Linux /proc; null elsewhere). */
function workerdRss() {
  try {
    let total = 0;
    let found = false;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let status;
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        continue;
      }
      if (!/^Name:\s+workerd$/m.test(status) || Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1]) !== process.pid) continue;
      total += Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
      found = true;
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** The traffic mix: [weight, operation]. Each operation records what it acknowledged on the user. */
const OPERATIONS = [
  [22, (g, u) => call(g, u, 'GET', '/api/jobs?limit=20')],
  [
    10,
    async (g, u) => {
      const id = pick([...u.jobs.keys()]);
      if (id) await call(g, u, 'GET', `/api/jobs/${id}`);
    },
  ],
  [
    12,
    async (g, u) => {
      const title = `Soak job ${u.seq++}`;
      const r = await call(g, u, 'POST', '/api/jobs', {
        json: { title, company: 'Soak Co', location: 'Remote', requiredSkills: ['TypeScript'] },
        expect: [201],
      });
      if (r.status === 201) u.jobs.set(r.body.id, title);
    },
  ],
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
  [8, (g, u) => call(g, u, 'GET', '/api/skills')],
  [
    6,
    async (g, u) => {
      const name = `Skill ${u.seq++}`;
      const r = await call(g, u, 'POST', '/api/skills', { json: { name }, expect: [201] });
      if (r.status === 201) u.skills.add(name);
    },
  ],
  [8, (g, u) => call(g, u, 'GET', '/api/profile')],
  [
    5,
    async (g, u) => {
      const firstName = `Soak${u.seq++}`;
      const r = await call(g, u, 'PATCH', '/api/profile', { json: { first_name: firstName } });
      if (r.status === 200) u.firstName = firstName;
    },
  ],
  [5, (g, u) => call(g, u, 'GET', '/api/applications')],
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
  [4, (g, u) => call(g, u, 'GET', '/api/emails/remaining')],
  [4, (g, u) => call(g, u, 'GET', '/api/analytics/cache')],
];
const totalWeight = OPERATIONS.reduce((n, [w]) => n + w, 0);
function randomOperation() {
  let r = Math.random() * totalWeight;
  for (const [w, op] of OPERATIONS) {
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

const HEAP_WORKERS = ['jobmatch-gateway', 'jobmatch-core', 'jobmatch-ai', 'jobmatch-integrations'];
const inspectorPort = args.heap ? await freePort() : undefined;

/**
 * Each service's V8 heap (bytes in use, and reserved) through its inspector. No forced GC:
 * workerd's inspector never answers HeapProfiler.collectGarbage, so "in use" includes garbage.
 */
async function heapUsage() {
  const out = {};
  for (const name of HEAP_WORKERS) {
    const inspector = await connectInspector(`ws://127.0.0.1:${inspectorPort}/${name}`);
    const { usedSize, totalSize } = await inspector.send('Runtime.getHeapUsage');
    out[name] = { usedSize, totalSize };
    inspector.close();
  }
  return out;
}

const loadBefore = os.loadavg();
const stack = await startBenchStack(args.heap ? { inspectorPort, inspect: HEAP_WORKERS } : {});
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
  const seeded = requests;
  const heapBefore = args.heap ? await heapUsage() : null;

  const samples = [];
  const startedAt = Date.now();
  const endAt = startedAt + seconds * 1000;
  const sampler = setInterval(() => samples.push({ t: Date.now() - startedAt, rss: workerdRss() }), 1000);
  samples.push({ t: 0, rss: workerdRss() });

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
  samples.push({ t: Date.now() - startedAt, rss: workerdRss() });

  const heapAfter = args.heap ? await heapUsage() : null;
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

  // Memory: warm-up is the first quarter; the last quarter may not outgrow the second.
  const rss = samples.map((s) => s.rss).filter((n) => typeof n === 'number');
  const quarter = (q) => samples.filter((s) => s.rss !== null && s.t >= (q * seconds * 1000) / 4 && s.t <= ((q + 1) * seconds * 1000) / 4);
  const maxOf = (list) => Math.max(...list.map((s) => s.rss));
  let rssLine = 'workerd RSS: not measurable here (no /proc)';
  if (rss.length > 0) {
    const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    rssLine = `workerd RSS: start ${mib(rss[0])}, end ${mib(rss.at(-1))}, max ${mib(Math.max(...rss))} (${rss.length} samples)`;
    const quarters = [0, 1, 2, 3].map(quarter);
    if (quarters.every((q) => q.length > 0)) rssLine += `; max by quarter ${quarters.map((q) => mib(maxOf(q))).join(' / ')}`;
    const second = quarter(1);
    const last = quarter(3);
    if (second.length > 0 && last.length > 0) {
      const bound = maxOf(second) * (1 + rssGrowth) + RSS_SLACK_BYTES;
      rssLine += `; bound for the last quarter ${mib(bound)} (second-quarter max ${mib(maxOf(second))} × ${1 + rssGrowth} + 32 MiB), last-quarter max ${mib(maxOf(last))}`;
      if (maxOf(last) > bound) violation(`memory: last-quarter RSS max ${mib(maxOf(last))} above the bound ${mib(bound)}`);
    } else rssLine += '; run too short for the growth check';
  }

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
    `- ${seconds} s, ${connections} connections, ${connections * usersPerConnection} users + ${strictUsers} strict-tier users`,
    `- requests: ${requests.toLocaleString('en-US')} in all; ${loadRequests.toLocaleString('en-US')} during the load (${(loadRequests / loadSeconds).toFixed(0)} req/s), the rest seeding and read-back`,
    `- statuses: ${statuses.join(', ')}; 5xx ${fiveXx}; network errors ${networkErrors}`,
    `- acknowledged writes read back: ${checkedWrites.toLocaleString('en-US')}`,
    `- strict tier (${STRICT_ROUTE}, ${STRICT_LIMIT}/h, Durable Object): ${strict.map((s) => `${s.admitted} admitted + ${s.limited} × 429`).join('; ') || 'not run'}`,
    `- ${rssLine}`,
    ...(heapBefore && heapAfter
      ? [
          `- V8 heap in use / reserved (no forced GC), before → after the load: ${HEAP_WORKERS.map((n) => {
            const m = (b) => (b / 2 ** 20).toFixed(1);
            return `${n.replace('jobmatch-', '')} ${m(heapBefore[n].usedSize)}/${m(heapBefore[n].totalSize)} → ${m(heapAfter[n].usedSize)}/${m(heapAfter[n].totalSize)} MiB`;
          }).join(', ')}`,
        ]
      : []),
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

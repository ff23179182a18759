#!/usr/bin/env node
/**
 * ai benchmark, through the gateway on the built bundles (standalone Miniflare, what
 * `wrangler deploy` ships), sequential requests (no load test: the machine is shared):
 *   1. analyze served from the cache (KV) vs a plain core read (GET /api/jobs/:id, API cache skipped);
 *   2. semantic and hybrid search over 1,000 jobs of one user (local provider): cold index build, p50/p95;
 *   3. EMBEDDINGS_CACHE hit rate over a repeated query workload (OpenAI-compatible local server);
 *   4. the D1 vector layout: base64 TEXT vs BLOB, 1,000 × 768 dims, read + decode;
 *   5. each bundle's size (raw, gzip) and the ai bundle's startup CPU (`wrangler check startup`).
 *
 *   npm run bench:ai                 # build, run, print
 *   npm run bench:ai -- --record     # … and write bench/AI-RESULTS.md
 *   npm run bench:ai -- --no-build --jobs 1000 --samples 100
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { startStack } from '../packages/test-support/src/stack.mjs';
import { mintToken } from '../packages/test-support/src/tokens.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '100' },
    queries: { type: 'string', default: '300' },
    'no-build': { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
});
const JOBS = Number(args.jobs);
const SAMPLES = Number(args.samples);
const QUERIES = Number(args.queries);
const quiet = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
};
const RATE_LIMIT_POLICIES = JSON.stringify({
  default: { limit: 1_000_000_000, windowSeconds: 900 },
  'applications-generate': { limit: 1_000_000 },
});
const drain = {
  handleRuntimeStdio: (stdout, stderr) => {
    stdout.resume();
    stderr.resume();
  },
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n) => `${n.toFixed(1)} ms`;

async function timed(fn) {
  const t = performance.now();
  const res = await fn();
  return [performance.now() - t, res];
}

async function expectOk(res, status = 200) {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${res.url} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

const TOPICS = [
  ['Backend Engineer', 'TypeScript services on Cloudflare Workers with D1 and KV', ['TypeScript', 'SQL']],
  ['Data Engineer', 'Streaming ingestion with Kafka, Spark and dbt into the warehouse', ['Python', 'Kafka']],
  ['Frontend Developer', 'React and Next.js interfaces with accessible design systems', ['React', 'CSS']],
  ['Platform Engineer', 'Kubernetes clusters, Terraform modules and CI/CD pipelines', ['Kubernetes', 'Terraform']],
  ['Mobile Engineer', 'Swift and Kotlin apps for millions of riders', ['Swift', 'Kotlin']],
  ['ML Engineer', 'Machine learning models in PyTorch, served behind APIs', ['Python', 'Machine Learning']],
  ['Security Engineer', 'Application security reviews, OAuth and threat modelling', ['Security', 'OAuth']],
  ['Pastry Chef', 'Laminated dough, croissants and seasonal tarts', ['Baking']],
];
const QUERY_POOL = [
  'typescript workers',
  'kafka streaming',
  'react design system',
  'kubernetes terraform',
  'swift ios app',
  'pytorch models',
  'oauth security',
  'croissant bakery',
  'edge api d1',
  'dbt warehouse',
  'next.js frontend',
  'ci/cd pipelines',
  'kotlin android',
  'machine learning apis',
  'threat modelling',
  'seasonal tarts',
  'sql backend',
  'spark ingestion',
  'accessible ui',
  'helm charts',
];

async function seedJobs(url, headers, count) {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const [title, description, skills] = TOPICS[i % TOPICS.length];
      await expectOk(
        await fetch(`${url}/api/jobs`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            title: `${title} ${i}`,
            company: `Company ${i % 37}`,
            location: i % 3 ? 'Remote' : 'Berlin, Germany',
            description: `${description}. Team ${i}.`,
            requiredSkills: skills,
          }),
        }),
        201,
      );
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

async function userHeaders(stack, userId) {
  const token = await mintToken(stack.devKeys.privateJwk, { sub: userId, sessionId: `bench-${userId}` });
  return { Authorization: `Bearer ${token}` };
}

/** 1 + 2: local provider. */
async function localPhase() {
  const stack = await startStack({ gatewayBindings: { RATE_LIMIT_POLICIES }, miniflare: drain });
  try {
    const userId = `bench-ai-${Date.now().toString(36)}`;
    const headers = await userHeaders(stack, userId);
    const json = { ...headers, 'Content-Type': 'application/json' };
    await expectOk(
      await fetch(`${stack.url}/api/profile`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ current_title: 'Senior Backend Engineer', location: 'Berlin, Germany' }),
      }),
    );
    await expectOk(
      await fetch(`${stack.url}/api/skills/batch`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ skills: [{ name: 'TypeScript' }, { name: 'SQL' }, { name: 'Kubernetes' }] }),
      }),
    );
    const [seedMs] = await timed(() => seedJobs(stack.url, headers, JOBS));
    const { jobs } = await expectOk(await fetch(`${stack.url}/api/jobs?limit=1`, { headers }));
    const jobId = jobs[0].id;

    // 1. analyze from KV vs a plain core read.
    const first = await expectOk(await fetch(`${stack.url}/api/jobs/${jobId}/analyze`, { method: 'POST', headers }));
    const analyzeMs = [];
    const coreMs = [];
    const sources = new Set();
    for (let i = 0; i < SAMPLES; i++) {
      const [a, body] = await timed(async () =>
        expectOk(await fetch(`${stack.url}/api/jobs/${jobId}/analyze`, { method: 'POST', headers })),
      );
      sources.add(body.cacheSource);
      analyzeMs.push(a);
      const [c] = await timed(async () =>
        expectOk(await fetch(`${stack.url}/api/jobs/${jobId}`, { headers: { ...headers, 'Cache-Control': 'no-cache' } })),
      );
      coreMs.push(c);
    }

    // 2. search over the user's jobs.
    const [coldMs, cold] = await timed(async () =>
      expectOk(
        await fetch(`${stack.url}/api/jobs/search`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ query: 'typescript workers', searchType: 'semantic' }),
        }),
      ),
    );
    const semanticMs = [];
    const hybridMs = [];
    for (let i = 0; i < SAMPLES; i++) {
      const query = QUERY_POOL[i % QUERY_POOL.length];
      const [s] = await timed(async () =>
        expectOk(
          await fetch(`${stack.url}/api/jobs/search`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ query, searchType: 'semantic', limit: 20 }),
          }),
        ),
      );
      semanticMs.push(s);
      const [h] = await timed(async () =>
        expectOk(
          await fetch(`${stack.url}/api/jobs/search`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ query, searchType: 'hybrid', limit: 20 }),
          }),
        ),
      );
      hybridMs.push(h);
    }
    const top = await expectOk(
      await fetch(`${stack.url}/api/jobs/search`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: 'kubernetes terraform', searchType: 'hybrid', limit: 5 }),
      }),
    );
    return {
      seedMs,
      firstAnalyze: { provider: first.provider, aiModel: first.aiModel, cacheSource: first.cacheSource },
      analyzeSources: [...sources],
      analyzeP50: pct(analyzeMs, 50),
      analyzeP95: pct(analyzeMs, 95),
      coreP50: pct(coreMs, 50),
      coreP95: pct(coreMs, 95),
      coldMs,
      coldIndexed: cold.indexed,
      semanticP50: pct(semanticMs, 50),
      semanticP95: pct(semanticMs, 95),
      hybridP50: pct(hybridMs, 50),
      hybridP95: pct(hybridMs, 95),
      topTitles: top.jobs.slice(0, 3).map((j) => j.title),
    };
  } finally {
    await stack.stop();
  }
}

/** 3: embeddings through an OpenAI-compatible server on loopback; hit rate from the ai Worker's own counters. */
async function embeddingsPhase() {
  let embeddingRequests = 0;
  let embeddedInputs = 0;
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    embeddingRequests++;
    embeddedInputs += inputs.length;
    const dims = body.dimensions ?? 1536;
    const data = inputs.map((text, index) => {
      const v = new Array(dims).fill(0);
      for (const w of String(text)
        .toLowerCase()
        .match(/[a-z0-9]+/g) ?? []) {
        let h = 2166136261;
        for (const ch of w) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        v[h % dims] += 1;
      }
      const n = Math.hypot(...v) || 1;
      return { object: 'embedding', index, embedding: v.map((x) => x / n) };
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        model: body.model,
        data,
        usage: { prompt_tokens: inputs.join(' ').length / 4, total_tokens: inputs.join(' ').length / 4 },
      }),
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/v1`;
  const stack = await startStack({
    gatewayBindings: { RATE_LIMIT_POLICIES },
    serviceBindings: {
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: base,
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
      AI_USAGE_FLUSH_MS: '200',
    },
    miniflare: drain,
  });
  try {
    const userId = `bench-emb-${Date.now().toString(36)}`;
    const headers = await userHeaders(stack, userId);
    const json = { ...headers, 'Content-Type': 'application/json' };
    await seedJobs(stack.url, headers, 50);
    // A repeated workload: QUERIES searches over the 20-query pool, skewed (some queries far more often).
    for (let i = 0; i < QUERIES; i++) {
      const query = QUERY_POOL[Math.floor(QUERY_POOL.length * (((i * 7919) % 1000) / 1000) ** 2)];
      await expectOk(
        await fetch(`${stack.url}/api/jobs/search`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ query, searchType: 'semantic' }),
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    const cache = await expectOk(await fetch(`${stack.url}/api/analytics/cache`, { headers }));
    const distinct = new Set(
      Array.from({ length: QUERIES }, (_, i) => QUERY_POOL[Math.floor(QUERY_POOL.length * (((i * 7919) % 1000) / 1000) ** 2)]),
    ).size;
    return { ...cache.data.caches.embeddings_kv, distinct, embeddingRequests, embeddedInputs };
  } finally {
    await stack.stop();
    server.close();
  }
}

/** 4: the vector column layout, measured in a bare Worker on local D1. */
async function layoutPhase() {
  const mf = new Miniflare({
    modules: true,
    compatibilityDate: '2026-04-20',
    d1Databases: ['DB'],
    script: `export default { async fetch(req, env) {
      const db = env.DB, mode = new URL(req.url).searchParams.get('mode');
      if (mode === 'setup') {
        await db.exec("CREATE TABLE b (id TEXT, v BLOB); CREATE TABLE t (id TEXT, v TEXT);");
        for (let chunk = 0; chunk < 10; chunk++) {
          const s = [];
          for (let i = 0; i < 100; i++) {
            const f = new Float32Array(768).map(() => Math.random() - 0.5), bytes = new Uint8Array(f.buffer);
            let bin = ''; for (const x of bytes) bin += String.fromCharCode(x);
            s.push(db.prepare('INSERT INTO b VALUES (?1, ?2)').bind('j' + i, bytes.buffer), db.prepare('INSERT INTO t VALUES (?1, ?2)').bind('j' + i, btoa(bin)));
          }
          await db.batch(s);
        }
        return new Response('ok');
      }
      const t0 = Date.now(); let n = 0;
      for (let r = 0; r < 5; r++) {
        const { results } = await db.prepare(mode === 'blob' ? 'SELECT id, v FROM b' : 'SELECT id, v FROM t').all();
        for (const row of results) {
          let f;
          if (mode === 'blob') f = new Float32Array(new Uint8Array(row.v).buffer);
          else { const s = atob(row.v), b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); f = new Float32Array(b.buffer); }
          n += f.length;
        }
      }
      return Response.json({ msPerRead: (Date.now() - t0) / 5, floats: n / 5 });
    } }`,
  });
  try {
    await mf.dispatchFetch('http://x/?mode=setup');
    const out = { blob: [], text: [] };
    for (let round = 0; round < 3; round++)
      for (const mode of ['blob', 'text']) out[mode].push((await (await mf.dispatchFetch(`http://x/?mode=${mode}`)).json()).msPerRead);
    return { blobMs: pct(out.blob, 50), textMs: pct(out.text, 50) };
  } finally {
    await mf.dispose();
  }
}

/** 5: bundle sizes and the ai Worker's startup profile. */
function bundlePhase() {
  const sizes = {};
  for (const app of ['gateway', 'core', 'ai', 'integrations']) {
    const file = join(ROOT, 'apps', app, 'dist', 'index.js');
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    sizes[app] = { raw: statSync(file).size, gzip: gzipSync(bytes).length };
  }
  let startupCpuMs = null;
  const dir = mkdtempSync(join(tmpdir(), 'ai-startup-'));
  try {
    const outfile = join(dir, 'startup.cpuprofile');
    execFileSync(join(ROOT, 'node_modules/.bin/wrangler'), ['check', 'startup', '--outfile', outfile], {
      cwd: join(ROOT, 'apps/ai'),
      env: { ...process.env, ...quiet },
      stdio: 'pipe',
      timeout: 120_000,
    });
    const profile = JSON.parse(readFileSync(outfile, 'utf8'));
    // CPU = sampled time not spent idle (the profile's wall span also covers waiting).
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    let busyUs = 0;
    profile.samples.forEach((node, i) => {
      busyUs += idle.has(node) ? 0 : (profile.timeDeltas[i] ?? 0);
    });
    startupCpuMs = busyUs / 1000;
  } catch (error) {
    console.warn(`wrangler check startup failed: ${String(error).slice(0, 300)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { sizes, startupCpuMs };
}

if (!args['no-build']) {
  console.log('building the Worker bundles …');
  execFileSync(process.execPath, [join(ROOT, 'scripts/turbo.mjs'), 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...quiet },
  });
}
const started = new Date();
console.log(`1+2. analyze cache vs core read, search over ${JOBS} jobs …`);
const local = await localPhase();
console.log(`3. embeddings cache over ${QUERIES} searches …`);
const emb = await embeddingsPhase();
console.log('4. D1 vector layout …');
const layout = await layoutPhase();
console.log('5. bundles …');
const bundles = bundlePhase();

const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
const lines = [
  `| measure | result |`,
  `|---|---|`,
  `| analyze served from KV (\`cacheSource\` ${local.analyzeSources.join('/')}), p50 / p95 | ${ms(local.analyzeP50)} / ${ms(local.analyzeP95)} |`,
  `| plain core read \`GET /api/jobs/:id\` (API cache skipped), p50 / p95 | ${ms(local.coreP50)} / ${ms(local.coreP95)} |`,
  `| ratio analyze-from-cache / core read (p50) | ${(local.analyzeP50 / local.coreP50).toFixed(2)} |`,
  `| first search: index ${local.coldIndexed} jobs (local embeddings) + query | ${ms(local.coldMs)} |`,
  `| semantic search over ${JOBS} jobs, p50 / p95 (target p50 ≤ 100 ms) | ${ms(local.semanticP50)} / ${ms(local.semanticP95)} |`,
  `| hybrid search over ${JOBS} jobs, p50 / p95 | ${ms(local.hybridP50)} / ${ms(local.hybridP95)} |`,
  `| hybrid "kubernetes terraform", top 3 | ${local.topTitles.join('; ')} |`,
  `| EMBEDDINGS_CACHE over ${QUERIES} searches (${emb.distinct} distinct queries): hits / misses / hit rate | ${emb.hits} / ${emb.misses} / ${emb.hitRate} |`,
  `| embedding requests that reached the OpenAI-compatible server (inputs) | ${emb.embeddingRequests} (${emb.embeddedInputs}) |`,
  `| D1 vectors 1,000 × 768: read + decode, BLOB vs base64 TEXT (p50 of 3) | ${ms(layout.blobMs)} vs ${ms(layout.textMs)} |`,
  ...Object.entries(bundles.sizes).map(([app, s]) => `| bundle \`${app}\` (raw / gzip; limit 64 MiB) | ${mib(s.raw)} / ${mib(s.gzip)} |`),
  `| ai startup CPU (\`wrangler check startup\` profile; limit 1 s) | ${bundles.startupCpuMs === null ? 'not measured' : ms(bundles.startupCpuMs)} |`,
];
console.log(`\n${lines.join('\n')}\n`);
console.log(`first analysis: ${JSON.stringify(local.firstAnalyze)}; seeding ${JOBS} jobs took ${ms(local.seedMs)}`);

if (args.record) {
  const doc = `# ai benchmark (bench/ai.mjs)

Recorded ${started.toISOString()} with \`npm run bench:ai -- --record\` on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}),
Node ${process.version}, load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} at the end (the machine is shared with other work, so
absolute figures are noisy; ratios are the useful part). Through the gateway on the built bundles in a standalone
Miniflare, sequential requests, ${SAMPLES} samples per figure, local provider unless stated.

${lines.join('\n')}

- The first analysis was ${JSON.stringify(local.firstAnalyze)}; later ones are answered from KV (JOB_ANALYSIS_CACHE).
  Both paths pay the gateway (JWT, session, rate limit, signing); analyze is a POST, so it also stamps the \`jobs\`
  API-cache family and reads the profile version and the job before KV.
- Search: the first search builds the user's index (${local.coldIndexed} local embeddings written to D1); later searches re-embed
  nothing (no job changed) and rank from the per-isolate decoded index, re-read only when the index's stamp changes.
- Embeddings: ${emb.embeddingRequests} requests reached the embeddings server for ${QUERIES} searches — the index build for 50 jobs and
  one per distinct query; every repeat was an EMBEDDINGS_CACHE hit (counters from \`GET /api/analytics/cache\`).
- Vector layout: D1 returns a BLOB as an array of byte numbers; base64 TEXT decodes faster, so \`job_embeddings.vector\` is TEXT.
`;
  writeFileSync(join(BENCH_DIR, 'AI-RESULTS.md'), doc);
  console.log('wrote bench/AI-RESULTS.md');
}

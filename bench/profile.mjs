#!/usr/bin/env node
/**
 * CPU profile of one Worker under load, through workerd's V8 inspector (Chrome DevTools
 * protocol). workerd's clocks only advance on I/O, so CPU cost per stage cannot be timed from
 * inside a Worker; the sampling profiler sees it. Procedure and how to read the output:
 * bench/PROFILING.md.
 *
 *   node bench/profile.mjs                                   # gateway, scenarios gateway-trivial + gateway-jobs-hit
 *   node bench/profile.mjs --scenario core-jobs --worker jobmatch-core --seconds 10
 *
 * Writes reports/profiles/<worker>-<scenario>.cpuprofile (open it in Chrome DevTools →
 * Performance, or VS Code) and prints self time per source module and the top functions.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, connectInspector, freePort, load, seedJobs, signedCoreHeaders, startBenchStack } from './harness.mjs';
import { SCENARIOS } from './scenarios.mjs';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true, default: ['gateway-trivial', 'gateway-jobs-hit'] },
    worker: { type: 'string', default: 'jobmatch-gateway' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '8' },
    interval: { type: 'string', default: '100' }, // sampling interval, µs
    top: { type: 'string', default: '25' },
  },
});
const inspectorPort = await freePort();
const stack = await startBenchStack({ inspectorPort, inspect: [args.worker] });
try {
  const gateway = stack.urls['jobmatch-gateway'];
  const userId = `profile-${Date.now().toString(36)}`;
  const token = await stack.token(userId);
  await seedJobs(gateway, token, 20);
  const user = { userId, token, email: `${userId}@example.test`, sessionId: `bench-session-${userId}` };
  const ctx = { urls: stack.urls, signedCoreHeaders };
  const inspector = await connectInspector(`ws://127.0.0.1:${inspectorPort}/${args.worker}`);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: Number(args.interval) });
  const bundle = bundleSections(args.worker);
  for (const id of args.scenario) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`unknown scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
    await load({ ...scenario.request(ctx, user), seconds: 2, connections: Number(args.connections) }); // warm
    await inspector.send('Profiler.start');
    const r = await load({ ...scenario.request(ctx, user), seconds: Number(args.seconds), connections: Number(args.connections) });
    const { profile } = await inspector.send('Profiler.stop');
    const dir = join(ROOT, 'reports', 'profiles');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${args.worker}-${id}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(
      `\n## ${args.worker} under ${id}: ${r.requests} requests, ${r.reqPerSec.toFixed(0)} req/s (profiler attached: slower than a bench run)`,
    );
    console.log(`profile: ${file.slice(ROOT.length + 1)}`);
    summarize(profile, bundle, r.requests, Number(args.top));
  }
  inspector.close();
} finally {
  await stack.stop();
}

/** Self time per bundle section (the `// path` comments esbuild writes) and per function. */
function summarize(profile, sections, requests, top) {
  const selfUs = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const modules = new Map();
  const functions = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const place = frame.url ? sections(frame.lineNumber, frame.columnNumber) : null;
    const module = place ? place.module : `(${frame.functionName || 'native'})`;
    modules.set(module, (modules.get(module) ?? 0) + us);
    // Minified names mean little: name a function by where it starts in the source.
    const fn = place ? place.where : module;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const busy = total - (modules.get('(idle)') ?? 0);
  const row = ([name, us]) =>
    `| ${name} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} % | ${(us / requests).toFixed(1)} |`;
  const sorted = (m) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  console.log(
    `sampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s = ${(busy / requests).toFixed(0)} µs of this Worker's thread per request\n`,
  );
  console.log('| module (self time) | ms | share of busy | µs / request |\n|---|---|---|---|');
  for (const entry of sorted(modules).slice(0, top)) console.log(row(entry));
  console.log('\n| function (self time) | ms | share of busy | µs / request |\n|---|---|---|---|');
  for (const entry of sorted(functions).slice(0, top)) console.log(row(entry));
}

/**
 * Maps a position in the built bundle to its source module: through the bundle's source map
 * (dist/index.js.map, written by every build, minified or not), else through the `// path`
 * comments esbuild writes above each module of an unminified bundle.
 * @returns {(line: number, column: number) => { module: string, where: string }}
 */
function bundleSections(workerName) {
  const app = workerName.replace(/^jobmatch-/, '').replace(/-metered$/, '');
  const dist = join(ROOT, 'apps', app, 'dist');
  const short = (path) => path.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^(\.\.\/)+/, '');
  try {
    const map = new SourceMap(JSON.parse(readFileSync(join(dist, 'index.js.map'), 'utf8')));
    return (line, column) => {
      const entry = map.findEntry(line, column);
      if (!entry?.originalSource) return { module: '(bundle)', where: '(bundle)' };
      const module = short(entry.originalSource);
      return { module, where: `${module}:${entry.originalLine + 1}` };
    };
  } catch {
    // no source map: fall back to the section comments
  }
  let lines = [];
  try {
    lines = readFileSync(join(dist, 'index.js'), 'utf8').split('\n');
  } catch {
    // no bundle: everything is "(bundle)"
  }
  const starts = [];
  lines.forEach((text, i) => {
    const m = /^\/\/ (\S+\.(?:m?js|ts))$/.exec(text);
    if (m) starts.push([i, short(m[1])]);
  });
  return (line) => {
    let module = '(bundle)';
    for (const [start, name] of starts) {
      if (start > line) break;
      module = name;
    }
    return { module, where: `${module}:${line + 1}` };
  };
}

/**
 * Cold start per Worker and bundle sizes. A cold start here is a fresh Miniflare holding the
 * Worker alone (its own bindings local, its Service Bindings pointed at the trivial Worker):
 * `readyMs` is process start until the runtime accepts requests (workerd parses and compiles
 * the bundle before that), then two `GET /health` requests (first and warm).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { builtWorker } from '../packages/test-support/src/node.mjs';
import { ROOT, trivialWorker } from './harness.mjs';

export const WORKERS = ['gateway', 'core', 'ai', 'integrations'];

/** Raw, minified (esbuild, as `wrangler deploy --minify` would) and gzip sizes of each built bundle. */
export async function bundleSizes() {
  const require = createRequire(require_from_wrangler());
  const esbuild = require('esbuild');
  const sizes = {};
  for (const app of WORKERS) {
    const code = readFileSync(join(ROOT, 'apps', app, 'dist/index.js'), 'utf8');
    const minified = (await esbuild.transform(code, { minify: true, format: 'esm', loader: 'js' })).code;
    sizes[app] = { raw: Buffer.byteLength(code), minified: Buffer.byteLength(minified), gzip: gzipSync(minified).length };
  }
  return sizes;
}

function require_from_wrangler() {
  return createRequire(join(ROOT, 'package.json')).resolve('wrangler/package.json');
}

async function once(name) {
  const stub = trivialWorker('bench-stub', 'trivial.worker.mjs');
  const worker = name === 'trivial' ? trivialWorker('cold-trivial', 'trivial.worker.mjs') : builtWorker(name);
  const services = Object.fromEntries(Object.keys(worker.serviceBindings ?? {}).map((k) => [k, 'bench-stub']));
  const started = performance.now();
  const mf = new Miniflare({
    workers: [{ ...worker, serviceBindings: services, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }, stub],
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.resume();
      stderr.resume();
    },
  });
  try {
    await mf.ready;
    const readyMs = performance.now() - started;
    const url = (await mf.unsafeGetDirectURL(worker.name)).toString().replace(/\/$/, '');
    const timeGet = async () => {
      const t = performance.now();
      await (await fetch(`${url}/health`)).arrayBuffer();
      return performance.now() - t;
    };
    const firstMs = await timeGet();
    const secondMs = await timeGet();
    return { readyMs, firstMs, secondMs };
  } finally {
    await mf.dispose();
  }
}

export async function coldStarts(repeats) {
  const out = [];
  for (const name of ['trivial', ...WORKERS]) {
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await once(name));
    const med = (f) => runs.map(f).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    out.push({ worker: name, readyMs: med((r) => r.readyMs), firstMs: med((r) => r.firstMs), secondMs: med((r) => r.secondMs) });
  }
  return out;
}

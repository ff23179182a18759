/**
 * The capacity harness in a standalone Miniflare (real workerd): bundled by wrangler as a
 * deploy bundles (`wrangler deploy --dry-run`), bound like apps/single (every binding core, ai
 * and integrations declare, same resource ids), on a local D1 migrated by the real
 * `wrangler d1 migrations apply` (test-support's migrate()).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { TEST_SIGNING_SECRET } from '../../../packages/test-support/src/constants.mjs';
import { REPO_ROOT, configuredWorkerOptions } from '../../../packages/test-support/src/node.mjs';
import { migrate, persistOptions } from '../../../packages/test-support/src/stack.mjs';

export const CAPACITY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUIET = { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

/** Bundles src/harness.ts into dist/ (about as long as one Worker's build). */
export function buildHarness() {
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', 'dist'], {
    cwd: CAPACITY_DIR,
    env: { ...process.env, ...QUIET },
    stdio: 'pipe',
  });
}

export async function startHarness() {
  const stateDir = mkdtempSync(join(tmpdir(), 'jobmatch-capacity-'));
  migrate(stateDir);
  const single = configuredWorkerOptions('single');
  // The gateway's Durable Object (rate limits) is not part of the measured services.
  const { durableObjects: _gatewayOnly, ...options } = single;
  const v3 = join(stateDir, 'v3');
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    ...persistOptions(v3),
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.resume();
      stderr.resume();
    },
    workers: [
      {
        ...options,
        name: 'jobmatch-capacity-harness',
        modules: true,
        modulesRoot: join(CAPACITY_DIR, 'dist'),
        scriptPath: join(CAPACITY_DIR, 'dist', 'harness.js'),
        bindings: {
          ...options.bindings,
          INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
          LOG_LEVEL: 'error',
          // The ai usage meter flushes one batch per isolate at most every 5 s in production;
          // here it flushes within the request that counted, so its write is measured (an upper bound).
          AI_USAGE_FLUSH_MS: '10',
        },
      },
    ],
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const post = async (path, body) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`harness ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    /** One service request, signed as the gateway signs it; answers { status, body, meter }. */
    call: (spec) => post('/call', spec),
    /** SQL statements run one by one on the metered binding; answers { meter }. */
    sql: (statements) => post('/sql', { statements }),
    async stop() {
      await mf.dispose();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

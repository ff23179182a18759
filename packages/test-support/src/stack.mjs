/**
 * The four built Workers (what `wrangler deploy` ships) in one standalone Miniflare, on
 * loopback, with local KV/D1/R2 under one state folder migrated by the real
 * `wrangler d1 migrations apply`. Used by the e2e tests and the benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { REPO_ROOT, builtServices, builtWorker, generateDevKeys, wranglerConfig } from './node.mjs';

const QUIET = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/**
 * Applies the D1 migrations with wrangler itself, into `stateDir` (same layout as `wrangler dev --persist-to`).
 * @param {string} stateDir
 */
export function migrate(stateDir) {
  execFileSync(
    join(REPO_ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', 'DB_0', '--local', '--persist-to', stateDir, '-c', wranglerConfig('core')],
    { cwd: REPO_ROOT, env: { ...process.env, ...QUIET, CI: 'true' }, stdio: 'pipe' },
  );
}

/** Miniflare's persistence folders under a state folder's `v3` (the layout wrangler dev uses). */
export function persistOptions(/** @type {string} */ v3) {
  return {
    kvPersist: join(v3, 'kv'),
    d1Persist: join(v3, 'd1'),
    r2Persist: join(v3, 'r2'),
    cachePersist: join(v3, 'cache'),
    durableObjectsPersist: join(v3, 'do'),
  };
}

/**
 * @param {{ gatewayBindings?: Record<string, unknown>, serviceBindings?: Record<string, unknown>,
 *           stateDir?: string, port?: number, devKeys?: { publicJwk: object, privateJwk: object },
 *           gatewayOptions?: (options: any) => any, extraWorkers?: any[], miniflare?: Record<string, unknown>,
 *           directSockets?: boolean, serviceOptions?: (options: any) => any }} [options]
 *   `gatewayOptions` (and `serviceOptions`, for each service) rewrites the gateway's Miniflare worker options (e.g. to route its KV
 *   bindings through an instrumented Worker); `extraWorkers` are added after the services;
 *   `miniflare` adds top-level Miniflare options (e.g. `handleRuntimeStdio` to drain logs);
 *   `directSockets` gives every Worker its own loopback socket (`directUrl(name)`), so a load
 *   generator reaches it without Miniflare's entry Worker in between (as a deployed Worker is
 *   reached: straight into its fetch handler).
 */
export async function startStack(options = {}) {
  const ownState = !options.stateDir;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'jobmatch-stack-'));
  migrate(stateDir);
  const devKeys = options.devKeys ?? (await generateDevKeys());
  const gatewayBase = builtWorker('gateway', {
    DEV_JWT_PUBLIC_JWK: JSON.stringify(devKeys.publicJwk),
    ...options.gatewayBindings,
  });
  const gateway = options.gatewayOptions ? options.gatewayOptions(gatewayBase) : gatewayBase;
  const v3 = join(stateDir, 'v3');
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: options.port ?? 0,
    ...persistOptions(v3),
    workers: /** @type {any} */ (
      withDirectSockets(
        [gateway, ...builtServices(options.serviceBindings).map(options.serviceOptions ?? ((w) => w)), ...(options.extraWorkers ?? [])],
        options.directSockets,
      )
    ),
    ...options.miniflare,
  });
  const url = await mf.ready;
  return {
    mf,
    url: url.toString().replace(/\/$/, ''),
    /** @param {string} name a Worker's name (e.g. `jobmatch-core`); needs `directSockets`. */
    async directUrl(name) {
      return (await mf.unsafeGetDirectURL(name)).toString().replace(/\/$/, '');
    },
    devKeys,
    stateDir,
    async stop() {
      await mf.dispose();
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * @param {any[]} workers
 * @param {boolean | undefined} enabled
 */
function withDirectSockets(workers, enabled) {
  if (!enabled) return workers;
  return workers.map((w) => ({ ...w, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }));
}

/**
 * Node-side helpers: Miniflare worker options for the *built* service bundles (what
 * `wrangler deploy` ships), read from each Worker's own wrangler config so bindings never
 * drift from the config, and a fresh ES256 key pair for the dev issuer.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair } from 'jose';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { TEST_LOG_LEVEL, TEST_SIGNING_SECRET, SERVICES } from './constants.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'packages/db/migrations');
/** @param {string} app */
export const appDir = (app) => join(REPO_ROOT, 'apps', app);
/** @param {string} app */
export const wranglerConfig = (app) => join(appDir(app), 'wrangler.jsonc');

/** The Worker's bindings and compatibility settings as its wrangler config declares them. */
/**
 * @param {string} app
 * @returns {Record<string, any>}
 */
export function configuredWorkerOptions(app) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(wranglerConfig(app));
  return workerOptions;
}

/** Options for running an app's built bundle (dist/index.js) as a Miniflare worker. */
/**
 * @param {string} app
 * @param {Record<string, unknown>} [bindings]
 * @returns {any} Miniflare WorkerOptions
 */
export function builtWorker(app, bindings = {}) {
  const dist = join(appDir(app), 'dist');
  const scriptPath = join(dist, 'index.js');
  if (!existsSync(scriptPath)) {
    throw new Error(`${scriptPath} is missing: build it first (pnpm turbo run build)`);
  }
  const options = configuredWorkerOptions(app);
  return {
    ...options,
    name: `jobmatch-${app}`,
    modules: true,
    modulesRoot: dist,
    scriptPath,
    bindings: { ...options.bindings, INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET, LOG_LEVEL: TEST_LOG_LEVEL, ...bindings },
  };
}

/** @param {Record<string, unknown>} [bindings] */
export const builtServices = (bindings = {}) => SERVICES.map((app) => builtWorker(app, bindings));

/** The D1 database id the services share (from core's config). */
/** @returns {string} */
export function sharedD1Id() {
  return configuredWorkerOptions('core').d1Databases.DB_0.id;
}

/** @returns {Promise<{ publicJwk: import('jose').JWK, privateJwk: import('jose').JWK }>} */
export async function generateDevKeys() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  return {
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
  };
}

/** Environment every script and CI run uses: no telemetry, no network lookups by wrangler. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'node_modules', '.bin');

export const QUIET_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

export function childEnv(extra = {}) {
  return { ...process.env, ...QUIET_ENV, PATH: `${BIN}:${process.env.PATH}`, ...extra };
}

/** Runs a command with inherited stdio; resolves to its exit code. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, env: childEnv(), ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function assertInstalled() {
  return import('node:fs').then(({ existsSync }) => {
    if (!existsSync(join(BIN, 'turbo')) || !existsSync(join(BIN, 'wrangler'))) {
      console.error('Dependencies are not installed. Run: npm run setup');
      process.exit(1);
    }
  });
}

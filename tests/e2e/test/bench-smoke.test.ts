/**
 * The benchmark itself never runs in the test command (issue 11): this only proves that
 * `npm run bench` starts and finishes — a 1-second smoke run of every scenario on the built
 * bundles, which exits non-zero when any scenario answers something other than what it claims
 * to measure (a 500 never counts as a request served). Targets are not judged in a smoke run.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function runSmoke(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/run.mjs'), '--smoke', '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run bench', () => {
  it('finishes a 1-second smoke run and prints every table', { timeout: 300_000 }, async () => {
    const { code, out } = await runSmoke();
    expect(out).not.toMatch(/^FAIL /m);
    expect(code, out).toBe(0);
    for (const heading of [
      '| scenario | req/s | p50 ms | p99 ms |',
      '| target | figure (req/s) |',
      '| scaling | scenario | req/s |',
      '| Worker | bundle | minified |',
    ]) {
      expect(out).toContain(heading);
    }
    for (const row of ['| trivial Worker, no binding |', 'API-cache HIT', 'core directly', '| gateway | ']) expect(out).toContain(row);
    expect(out).toMatch(/KV per request at steady load \([\d,]+ requests on the metered gateway\): [\d.]+ reads, [\d.]+ writes/);
  });
});

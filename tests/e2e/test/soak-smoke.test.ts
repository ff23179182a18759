/**
 * The soak itself never runs in the test command (issue 14): this proves that `npm run soak`
 * starts, drives mixed traffic through the built bundles, reads every acknowledged write back,
 * checks the strict tier exactly, and exits 0 only without violations — a 3-second run with
 * few clients. The 60-second figures are in bench/SOAK.md.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function runSoak(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bench/soak.mjs'),
        '--seconds',
        '3',
        '--connections',
        '3',
        '--users-per-connection',
        '2',
        '--strict-users',
        '1',
        '--no-build',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run soak', () => {
  it('finishes a 3-second smoke run with zero violations and prints the summary', { timeout: 300_000 }, async () => {
    const { code, out } = await runSoak();
    expect(out).toContain('## Soak summary');
    expect(out).toMatch(/- violations: 0$/m);
    expect(code, out).toBe(0);
    expect(out).toMatch(/- requests: [\d,]+ in all; [\d,]+ during the load/);
    expect(out).toMatch(/5xx 0; network errors 0/);
    expect(out).toMatch(/- strict tier \(POST \/api\/applications\/generate, 20\/h, Durable Object\): 20 admitted \+ 6 × 429/);
    expect(out).toMatch(/- acknowledged writes read back: [1-9]/);
    expect(out).toMatch(/- workerd RSS: (start \d+ MiB|not measurable)/);
  });
});

/**
 * The soak itself never runs in the test command (issue 14): this proves that `npm run soak`
 * starts, drives mixed traffic through the built bundles, reads every acknowledged write back,
 * checks the strict tier exactly, measures the Workers' JS heaps after a forced GC, and exits 0
 * only without violations — a 3-second run with few clients (too short for the RSS bound, which
 * says so). The 60-second figures are in bench/SOAK.md.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryReport } from '../../../bench/soak-memory.mjs';

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
    expect(out).toMatch(/; 5xx 0$/m);
    expect(out).toMatch(/- requests without an HTTP answer \(load generator's socket\): 0$/m);
    expect(out).toMatch(/- workerd error lines on stderr: 0$/m);
    expect(out).toMatch(/- strict tier \(POST \/api\/applications\/generate, 20\/h, Durable Object\): 20 admitted \+ 6 × 429/);
    expect(out).toMatch(/- acknowledged writes read back: [1-9]/);
    expect(out).toMatch(/- workerd RSS: (start [\d.]+ MiB|not measurable)/);
    // The Workers' heaps after a forced GC (the inspector answered HeapProfiler.takeHeapSnapshot).
    expect(out).toMatch(/- JS heap growth after warm-up: [+-][\d.]+ MiB over [\d,]+ requests .*; bound [\d.]+ MiB/);
  });
});

describe('the soak memory bounds (bench/soak-memory.mjs)', () => {
  const MiB = 2 ** 20;
  const used = (gateway: number) => ({
    'jobmatch-gateway': gateway,
    'jobmatch-core': 3 * MiB,
    'jobmatch-ai': 10 * MiB,
    'jobmatch-integrations': 11 * MiB,
  });
  const heaps = (growth: number, served: number) => ({
    warm: { requests: 1000, used: used(2 * MiB) },
    end: { requests: 1000 + served, used: used(2 * MiB + growth) },
  });
  const samples = (rssGrowth: number) => [
    { t: 0, requests: 0, rss: 200 * MiB, anon: 150 * MiB, file: 50 * MiB, shmem: 0 },
    { t: 15_000, requests: 10_000, rss: 500 * MiB, anon: 450 * MiB, file: 50 * MiB, shmem: 0 },
    { t: 60_000, requests: 40_000, rss: 500 * MiB + rssGrowth, anon: 450 * MiB + rssGrowth, file: 50 * MiB, shmem: 0 },
  ];
  const report = (rssGrowth: number, heapGrowth: number) =>
    memoryReport({ samples: samples(rssGrowth), heaps: heaps(heapGrowth, 6000), warmUntil: 15_000 });

  it('passes a plateau: bounded caches filling, native growth at the measured rate', () => {
    expect(report(300 * MiB, 1.5 * MiB).violations).toEqual([]);
  });
  it('fails a 1 KiB-per-request leak in a Worker (JS heap after GC), which RSS alone would not show', () => {
    const { violations } = report(300 * MiB, 6000 * 1024);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/JS heaps grew 5\.9 MiB after warm-up, above the bound 2\.7 MiB/);
  });
  it('fails native growth above 32 KiB per request after the warm-up', () => {
    expect(report(30_000 * 40 * 1024, 0).violations).toEqual([expect.stringMatching(/workerd RSS grew .* above the bound/)]);
  });
});

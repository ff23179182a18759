/**
 * `npm run dev -- --single`: the single-Worker build (apps/single) locally, on the same
 * migrations, seed and dev token as the split stack; its log lines still name each service,
 * so `npm run logs` traces a request across gateway and core inside the one Worker.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from './support/dev-stack';

let dev: DevStack | undefined;
beforeAll(async () => {
  dev = await startDevStack(['--single']);
}, 180_000);
afterAll(async () => {
  await dev?.stop();
}, 60_000);

describe('npm run dev -- --single', () => {
  it('serves the seeded demo data through one Worker, and its logs join per service', async () => {
    expect(dev!.output()).toContain('(single Worker: apps/single)');
    expect(dev!.output()).toContain('(health: ok)');
    const health = (await (await fetch(`${dev!.url}/health`)).json()) as any;
    expect(Object.values(health.services).map((s: any) => s.status)).toEqual(['ok', 'ok', 'ok']);
    const res = await fetch(`${dev!.url}/api/jobs?limit=100`, { headers: { Authorization: `Bearer ${dev!.token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(6);
    const requestId = res.headers.get('x-request-id')!;
    const trace = () =>
      spawnSync('node', ['scripts/logs.mjs', dev!.logsDir, '--trace', requestId], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    await expect.poll(trace, { timeout: 5_000 }).toMatch(/core\s+GET \/api\/jobs\s+200/);
    expect(trace()).toMatch(/gateway\s+GET \/api\/jobs\s+200\s+\d+ ms\s+→ core \d+ ms \(200\)/);
  });
});

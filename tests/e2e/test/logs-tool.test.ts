/**
 * `npm run logs` on fixture streams of the same ten requests in the two formats ops have:
 * `wrangler tail --format json` of the gateway and of the services (pretty-printed events, the
 * Worker's line inside logs[].message, wrangler's banner lines around them) and the dev stack's
 * <state>/logs/<worker>.jsonl. The fixture: request i (minute i after 06:00) takes (i+1)·10 ms at
 * the gateway; 3 is a 404, 7 and 9 are 502 (core answered 500); 4 goes to ai.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { describe, expect, it } from 'vitest';

const FIXTURES = join(REPO_ROOT, 'tests/e2e/test/fixtures/logs');
const TAIL = ['tail-gateway.json', 'tail-services.json'].map((f) => join(FIXTURES, f));
const DEV = ['dev-gateway.jsonl', 'dev-core.jsonl', 'dev-ai.jsonl'].map((f) => join(FIXTURES, f));

function logs(args: string[], stdin?: string) {
  const r = spawnSync('node', ['scripts/logs.mjs', ...args], { cwd: REPO_ROOT, encoding: 'utf8', input: stdin });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (args: string[], stdin?: string) => {
  const r = logs([...args, '--json'], stdin);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

describe('npm run logs: per-service stats', () => {
  const expected = [
    { service: 'gateway', requests: 10, errors5xx: 2, errors4xx: 1, errorRate: 0.2, p50: 50, p95: 100, max: 100, upstreamP95: 94 },
    { service: 'core', requests: 9, errors5xx: 2, errors4xx: 1, p50: 52, p95: 92, max: 92 },
    { service: 'ai', requests: 1, errors5xx: 0, errorRate: 0, p50: 42, p95: 42 },
  ];

  it('from wrangler tail --format json of several Workers', () => {
    const { rows } = json(TAIL);
    expect(rows.map((r: { service: string }) => r.service)).toEqual(['gateway', 'core', 'ai']);
    expected.forEach((e, i) => {
      expect(rows[i]).toMatchObject(e);
    });
    expect(rows[1].errorRate).toBeCloseTo(2 / 9, 6);
  });

  it('from the dev stack files, with the same numbers', () => {
    expect(json(DEV).rows).toEqual(json(TAIL).rows);
  });

  it('from stdin (-), e.g. piped from wrangler tail', () => {
    const stdin = TAIL.map((f) => readFileSync(f, 'utf8')).join('');
    expect(json(['-'], stdin).rows).toEqual(json(TAIL).rows);
  });

  it('over a time window: --since/--until and --window', () => {
    // Minutes 5..9 (06:05:00 … 06:09:59): requests 5..9, two of them 502.
    const { rows, since, until } = json([...TAIL, '--since', '2026-12-03T06:05:00Z', '--until', '2026-12-03T06:09:59Z']);
    expect(new Date(since).toISOString()).toBe('2026-12-03T06:05:00.000Z');
    expect(new Date(until).toISOString()).toBe('2026-12-03T06:09:59.000Z');
    expect(rows[0]).toMatchObject({ service: 'gateway', requests: 5, errors5xx: 2, errorRate: 0.4, p50: 80, p95: 100 });
    expect(rows.find((r: { service: string }) => r.service === 'ai')).toBeUndefined();
    // --window 4m: the four minutes before the newest line (06:09:00.100).
    const windowed = json([...DEV, '--window', '4m']);
    expect(windowed.rows[0]).toMatchObject({ service: 'gateway', requests: 4, errors5xx: 2 });
  });

  it('prints the services side by side as a table, and by route with --by route', () => {
    const { code, out } = logs(TAIL);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[1]).toMatch(/^service\s+requests\s+errors\(5xx\)\s+error rate\s+4xx\s+p50\s+p95\s+max\s+upstream p95$/);
    expect(lines[2]).toMatch(/^gateway\s+10\s+2\s+20\.0%\s+1\s+50 ms\s+100 ms\s+100 ms\s+94 ms$/);
    expect(lines[3]).toMatch(/^core\s+9\s+2\s+22\.2%\s+1\s+52 ms\s+92 ms\s+92 ms/);
    const byRoute = json([...TAIL, '--by', 'route']).rows;
    expect(byRoute).toContainEqual(expect.objectContaining({ service: 'ai', route: 'POST /api/jobs/:id/analyze', requests: 1 }));
    expect(byRoute).toContainEqual(expect.objectContaining({ service: 'gateway', route: 'GET /api/jobs/:id', requests: 5, errors5xx: 2 }));
  });
});

describe('npm run logs --trace', () => {
  it("joins one request's lines across the gateway and the service, from tail output", () => {
    const { code, out } = logs([...TAIL, '--trace', 'req-fixture-0007']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('request req-fixture-0007  GET /api/jobs/:id → 502 in 80 ms  user user-1');
    expect(lines[1]).toMatch(/gateway\s+GET \/api\/jobs\/:id\s+502\s+80 ms\s+→ core 74 ms \(500\), gateway's own 6 ms\s+UPSTREAM_ERROR/);
    expect(lines[2]).toMatch(/gateway\s+error upstream_failed \{"service":"core","status":500,"code":"INTERNAL_ERROR"\}/);
    expect(lines[3]).toMatch(/core\s+GET \/api\/jobs\/:id\s+500\s+72 ms\s+INTERNAL_ERROR\s+Error: D1_ERROR: no such table/);
    expect(lines).toHaveLength(4);
  });

  it('is the same from the dev stack files; --trace latest picks the newest gateway request', () => {
    const fromDev = logs([...DEV, '--trace', 'req-fixture-0007']).out;
    expect(fromDev).toBe(logs([...TAIL, '--trace', 'req-fixture-0007']).out);
    expect(logs([...DEV, '--trace', 'latest']).out.split('\n')[0]).toBe(
      'request req-fixture-0009  GET /api/jobs/:id → 502 in 100 ms  user user-1',
    );
  });

  it('includes a service event logged under the same request id, and says when an id is unknown', () => {
    const trace = json([...TAIL, '--trace', 'req-fixture-0002']);
    expect(trace.map((r: { worker: string; msg: string }) => `${r.worker} ${r.msg}`)).toEqual([
      'gateway request',
      'core request',
      'core kv_corrupt_value',
    ]);
    const missing = logs([...TAIL, '--trace', 'req-nope-0000']);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('No log line has requestId req-nope-0000.');
  });
});

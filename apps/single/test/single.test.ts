/**
 * The single Worker itself: no Service Binding exists, the services answer in-process with the
 * same identity checks as over a binding, and one request still leaves one log line per
 * service joined by its request id (with the gateway's upstream timing).
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { directoryDb, shardDbs } from '@jobmatch/db';
import { API_VERSION_HEADER, INTERNAL_API_VERSION } from '@jobmatch/shared-middleware';
import { mintToken } from '@jobmatch/test-support/tokens';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatewayEnvFor } from '../src/compose';
import worker from '../src/index';

const BASE = 'https://api.jobmatch.test';
async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const tokenFor = (sub: string) => mintToken(JSON.parse(env.TEST_DEV_PRIVATE_JWK), { sub });

afterEach(() => vi.restoreAllMocks());

describe('single Worker', () => {
  it('has no Service Bindings: /health reaches all three services in-process', async () => {
    expect('CORE' in env).toBe(false);
    expect('INTEGRATIONS' in env).toBe(false);
    const res = await call('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    for (const name of ['core', 'ai', 'integrations']) {
      expect(body.services[name]).toMatchObject({ status: 'ok', version: expect.any(String), apiVersion: INTERNAL_API_VERSION });
    }
  });

  it('each in-process service still refuses an unsigned call (the identity check is not bypassed)', async () => {
    const ctx = createExecutionContext();
    const gatewayEnv = gatewayEnvFor(env, ctx);
    for (const fetcher of [gatewayEnv.CORE, gatewayEnv.AI, gatewayEnv.INTEGRATIONS]) {
      const res = await fetcher.fetch('https://svc.internal/api/jobs', { headers: { 'x-jobmatch-user-id': 'someone' } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED_INTERNAL');
      expect(res.headers.get(API_VERSION_HEADER)).toBe(String(INTERNAL_API_VERSION));
    }
    await waitOnExecutionContext(ctx);
  });

  it('a client-sent identity header does not impersonate another user', async () => {
    const alice = `alice-${crypto.randomUUID()}`;
    const bob = `bob-${crypto.randomUUID()}`;
    const asAlice = { Authorization: `Bearer ${await tokenFor(alice)}`, 'Content-Type': 'application/json' };
    expect(
      (await call('/api/jobs', { method: 'POST', headers: asAlice, body: JSON.stringify({ title: 'Only Alice', company: 'A' }) })).status,
    ).toBe(201);
    const forged = await call('/api/jobs', { headers: { Authorization: `Bearer ${await tokenFor(bob)}`, 'x-jobmatch-user-id': alice } });
    expect(forged.status).toBe(200);
    expect(((await forged.json()) as { total: number }).total).toBe(0);
    expect(forged.headers.get(API_VERSION_HEADER)).toBeNull();
  });

  it('logs one line per service for one request, joined by requestId, with upstream timing', async () => {
    const lines: any[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      if (typeof text === 'string' && text.startsWith('{')) lines.push(JSON.parse(text));
    });
    const res = await call('/api/jobs?limit=5', {
      headers: { Authorization: `Bearer ${await tokenFor(`logs-${crypto.randomUUID()}`)}`, 'X-Request-Id': 'single-trace-0001' },
    });
    expect(res.status).toBe(200);
    const mine = lines.filter((l) => l.msg === 'request' && l.requestId === 'single-trace-0001');
    const gateway = mine.find((l) => l.service === 'gateway');
    expect(gateway).toMatchObject({
      route: '/api/jobs',
      status: 200,
      upstream: 'core',
      upstreamStatus: 200,
      upstreamMs: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(mine).toContainEqual(
      expect.objectContaining({ service: 'core', route: '/api/jobs', method: 'GET', status: 200, durationMs: expect.any(Number) }),
    );
  });
});

describe('single Worker cron', () => {
  it("runs core's scheduled maintenance on the single Worker's bindings", async () => {
    const events: any[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      if (typeof text === 'string' && text.startsWith('{')) events.push(JSON.parse(text));
    });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    // One line per shard: this suite runs on two (vitest.config.ts).
    const lines = events.filter((e) => e.msg === 'maintenance');
    expect(lines.map((e) => [e.level, e.shard])).toEqual([
      ['info', 0],
      ['info', 1],
    ]);
  });
});

describe('single Worker on two D1 shards', () => {
  it('spreads new users over both shards, and each user’s rows live on their shard only', async () => {
    const shards = shardDbs(env);
    expect(shards).toHaveLength(2);
    // Fixed ids: the spread is a hash of the id, so the outcome is the same every run.
    const ids = Array.from({ length: 8 }, (_, i) => `spread-user-${i}`);
    for (const id of ids) {
      const headers = { Authorization: `Bearer ${await tokenFor(id)}`, 'Content-Type': 'application/json' };
      const res = await call('/api/jobs', { method: 'POST', headers, body: JSON.stringify({ title: `Job of ${id}`, company: 'A' }) });
      expect(res.status).toBe(201);
    }
    const placed: number[] = [];
    for (const id of ids) {
      const row = await directoryDb(env)
        .prepare('SELECT shard FROM shard_directory WHERE user_id = ?1')
        .bind(id)
        .first<{ shard: number }>();
      expect(row, `${id} has no directory row`).not.toBeNull();
      placed.push(row!.shard);
      const counts = await Promise.all(
        shards.map(({ db }) => db.prepare('SELECT count(*) AS n FROM jobs WHERE user_id = ?1').bind(id).first<number>('n')),
      );
      expect(counts).toEqual(shards.map(({ shard }) => (shard === row!.shard ? 1 : 0)));
      const listed = await call('/api/jobs', { headers: { Authorization: `Bearer ${await tokenFor(id)}` } });
      expect(((await listed.json()) as { jobs: { title: string }[] }).jobs.map((j) => j.title)).toEqual([`Job of ${id}`]);
    }
    expect(new Set(placed)).toEqual(new Set([0, 1]));
  });
});

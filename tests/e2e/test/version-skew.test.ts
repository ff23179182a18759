/**
 * Independent deploys mean a service can run one internal API version ahead of or behind the
 * gateway. The built bundles behind proxies that shift the version each service announces
 * (x-jobmatch-api-version, as a service deployed from a newer/older tree would): the gateway
 * keeps serving real data, reports the skew in /health, logs it once, and never shows the
 * internal header to the client.
 */
import type { Readable } from 'node:stream';
import { INTERNAL_API_VERSION } from '../../../packages/shared-middleware/src/api-version';
import { startStack } from '@jobmatch/test-support/stack';
import { mintToken } from '@jobmatch/test-support/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecords } from '../../../scripts/logs/records.mjs';

const SHIFTED = `export default {
  async fetch(request, env) {
    const res = await env.TARGET.fetch(request);
    const out = new Response(res.body, res);
    const announced = Number(res.headers.get('x-jobmatch-api-version'));
    out.headers.set('x-jobmatch-api-version', String(announced + Number(env.SHIFT)));
    return out;
  },
};`;
const shifted = (name: string, target: string, shift: number) => ({
  name,
  modules: true,
  script: SHIFTED,
  compatibilityDate: '2026-04-20',
  bindings: { SHIFT: String(shift) },
  serviceBindings: { TARGET: target },
});

let stack: Awaited<ReturnType<typeof startStack>>;
let output = '';
const drain = (stream: Readable) => stream.on('data', (chunk) => (output += chunk));

beforeAll(async () => {
  stack = await startStack({
    // This test reads the gateway's and core's request lines (info level); the stack logs warnings only by default.
    gatewayBindings: { LOG_LEVEL: 'info' },
    serviceBindings: { LOG_LEVEL: 'info' },
    gatewayOptions: (options) => ({
      ...options,
      serviceBindings: { ...options.serviceBindings, CORE: 'core-ahead', AI: 'ai-behind', INTEGRATIONS: 'integrations-far' },
    }),
    extraWorkers: [
      shifted('core-ahead', 'jobmatch-core', +1),
      shifted('ai-behind', 'jobmatch-ai', -1),
      shifted('integrations-far', 'jobmatch-integrations', +2),
    ],
    miniflare: {
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        drain(stdout);
        drain(stderr);
      },
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const logged = () => parseRecords(output);

describe('internal API version skew', () => {
  it('/health stays ok with a service one version ahead and one behind, and names the skew', async () => {
    const res = await fetch(`${stack.url}/health`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.apiVersion).toBe(INTERNAL_API_VERSION);
    expect(body.services.core).toMatchObject({ status: 'ok', apiVersion: INTERNAL_API_VERSION + 1, apiVersionSkew: 'tolerated' });
    expect(body.services.ai).toMatchObject({ status: 'ok', apiVersion: INTERNAL_API_VERSION - 1, apiVersionSkew: 'tolerated' });
    // Two apart is beyond what the contract promises: still served and up, reported as unsupported.
    expect(body.services.integrations).toMatchObject({ status: 'ok', apiVersion: INTERNAL_API_VERSION + 2, apiVersionSkew: 'unsupported' });
  });

  it('keeps serving real requests through the skewed service and logs the mismatch once', async () => {
    const token = await mintToken(stack.devKeys.privateJwk, { sub: `skew-${crypto.randomUUID()}` });
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${stack.url}/api/jobs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Skew Engineer', company: 'Edge' }),
    });
    expect(created.status).toBe(201);
    const listed = await fetch(`${stack.url}/api/jobs`, { headers: auth });
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { jobs: { title: string }[]; total: number };
    expect(list.jobs.map((j) => j.title)).toEqual(['Skew Engineer']);
    expect(list.total).toBe(1);
    expect(listed.headers.get('x-jobmatch-api-version')).toBeNull();
    const requestId = listed.headers.get('x-request-id')!;

    await expect.poll(() => logged().some((r) => r.requestId === requestId && r.service === 'gateway'), { timeout: 5_000 }).toBe(true);
    const records = logged();
    const skew = records.filter((r) => r.msg === 'service_api_version_skew');
    // Once per isolate per service and version, not once per request.
    expect(skew.filter((r) => r.service === 'core')).toEqual([
      expect.objectContaining({
        level: 'warn',
        serviceApiVersion: INTERNAL_API_VERSION + 1,
        gatewayApiVersion: INTERNAL_API_VERSION,
        tolerated: true,
      }),
    ]);
    expect(skew.filter((r) => r.service === 'ai')).toEqual([
      expect.objectContaining({ level: 'warn', serviceApiVersion: INTERNAL_API_VERSION - 1 }),
    ]);
    expect(skew.filter((r) => r.service === 'integrations')).toEqual([expect.objectContaining({ level: 'error', tolerated: false })]);
    // The request line names the skewed version and carries the upstream timing.
    const line = records.find((r) => r.msg === 'request' && r.service === 'gateway' && r.requestId === requestId)!;
    expect(line).toMatchObject({
      route: '/api/jobs',
      status: 200,
      upstream: 'core',
      upstreamStatus: 200,
      upstreamApiVersion: INTERNAL_API_VERSION + 1,
    });
    expect(typeof line.upstreamMs).toBe('number');
    expect(line.upstreamMs).toBeLessThanOrEqual(line.durationMs);
    // core's own line for the same request id (the join ops rely on).
    expect(records).toContainEqual(
      expect.objectContaining({ msg: 'request', service: 'core', requestId, route: '/api/jobs', status: 200 }),
    );
  });
});

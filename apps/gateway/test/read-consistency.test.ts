/**
 * The read-consistency hint the gateway forwards on signed-in GETs (shared-middleware
 * read-consistency.ts): `primary` while the user's latest write to what the route reads is
 * recent (this isolate's stamp or KV's), `replica` once it is older than the window or there
 * is none; never on writes, and never the client's own header.
 */
import { env } from 'cloudflare:test';
import { apiCache } from '@jobmatch/kv-schemas';
import { H_READ_CONSISTENCY, READ_YOUR_WRITES_WINDOW_MS } from '@jobmatch/shared-middleware';
import { describe, expect, it } from 'vitest';
import { asUser, newUser } from './helpers';

/** core behind a recorder: what the gateway forwarded, as `METHOD path hint`. */
function recordingCore() {
  const seen: string[] = [];
  const CORE = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      // (The gateway's own session bookkeeping goes to core too; only the routed calls matter here.)
      if (new URL(request.url).pathname.startsWith('/api/jobs'))
        seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get(H_READ_CONSISTENCY)}`);
      return env.CORE.fetch(request);
    },
  } as Fetcher;
  return { seen, overrides: { CORE } };
}

describe('read-consistency hint', () => {
  it("after the user's own write their GETs go to the primary, a client cannot ask for a replica", async () => {
    const user = newUser();
    const { seen, overrides } = recordingCore();
    expect((await asUser(user, '/api/jobs', { method: 'POST', json: { title: 'SRE', company: 'Edge' } }, overrides)).status).toBe(201);
    const read = await asUser(user, '/api/jobs?limit=1', { headers: { [H_READ_CONSISTENCY]: 'replica' } }, overrides);
    // core verified the signature over the hint (it is signed after being set) and read the write back.
    expect(read.status).toBe(200);
    expect(((await read.json()) as { jobs: { title: string }[] }).jobs.map((j) => j.title)).toEqual(['SRE']);
    expect(seen).toEqual(['POST /api/jobs null', 'GET /api/jobs primary']);
  });

  it('no write within the window (KV stamp old or absent) allows a replica; a recent stamp from another isolate does not', async () => {
    const user = newUser();
    const { seen, overrides } = recordingCore();
    await asUser(user, '/api/jobs?limit=1', {}, overrides);
    await apiCache.familyWriteStamp.put(
      env.API_CACHE,
      { userId: user, family: 'jobs' },
      { writtenAt: Date.now() - READ_YOUR_WRITES_WINDOW_MS - 5_000 },
    );
    await asUser(user, '/api/jobs?limit=2', {}, overrides);
    await apiCache.familyWriteStamp.put(env.API_CACHE, { userId: user, family: 'jobs' }, { writtenAt: Date.now() - 1_000 });
    await asUser(user, '/api/jobs?limit=3', {}, overrides);
    expect(seen).toEqual(['GET /api/jobs replica', 'GET /api/jobs replica', 'GET /api/jobs primary']);
  });
});

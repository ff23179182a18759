/**
 * Replica reads through real core routes (packages/db read-session.ts). The local runtime has
 * no replicas, so the one shard is a wrapper whose unconstrained sessions read a second database that
 * has not replicated the user's rows yet (SECOND_SHARD), while every other use of it (writes,
 * primary sessions) reaches the real DB_0. What the gateway forwards is tested in
 * apps/gateway/test/read-consistency.test.ts.
 */
import { applyD1Migrations, env } from 'cloudflare:test';
import { soleShardDb } from '@jobmatch/db';
import { H_READ_CONSISTENCY } from '@jobmatch/shared-middleware';
import { newUser } from '@jobmatch/test-support/common';
import { laggingReplica } from '@jobmatch/test-support/lagging-replica';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoreEnv } from '../src/env';
import { call } from './signed';

beforeAll(async () => {
  await applyD1Migrations(env.SECOND_SHARD, env.TEST_MIGRATIONS);
});

/** DB_0 with a replica that has not replicated this suite's writes (SECOND_SHARD). */
function lagging() {
  const { db, sessions } = laggingReplica(soleShardDb(env), env.SECOND_SHARD);
  return { sessions, envOverrides: { DB_0: db } as Partial<CoreEnv> };
}

const hinted = (hint: string | undefined): Record<string, string> => (hint === undefined ? {} : { [H_READ_CONSISTENCY]: hint });

async function created(userId: string, path: string, body: unknown, envOverrides: Partial<CoreEnv>): Promise<string> {
  const res = await call(path, { method: 'POST', userId, body, envOverrides });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('replica-safe GET routes read in the session the hint chooses', () => {
  it('jobs: `replica` reads the lagging replica; `primary`, no hint or any other value read the primary', async () => {
    const user = newUser();
    const { sessions, envOverrides } = lagging();
    const id = await created(user, '/api/jobs', { title: 'SRE', company: 'Edge' }, envOverrides);
    expect(sessions).toEqual([]); // the write (quota check included) never opened a session

    const list = async (hint?: string) => {
      const res = await call('/api/jobs', { userId: user, headers: hinted(hint), envOverrides });
      expect(res.status).toBe(200);
      return ((await res.json()) as { total: number }).total;
    };
    const detail = async (hint?: string) => (await call(`/api/jobs/${id}`, { userId: user, headers: hinted(hint), envOverrides })).status;

    expect([await list('replica'), await list('primary'), await list(), await list('REPLICA')]).toEqual([0, 1, 1, 1]);
    expect([await detail('replica'), await detail('primary'), await detail()]).toEqual([404, 200, 200]);
    expect(sessions).toEqual([
      'first-unconstrained',
      'first-primary',
      'first-primary',
      'first-primary',
      'first-unconstrained',
      'first-primary',
      'first-primary',
    ]);
  });

  it('applications: list and detail follow the hint', async () => {
    const user = newUser();
    const { sessions, envOverrides } = lagging();
    const jobId = await created(user, '/api/jobs', { title: 'SRE', company: 'Edge' }, envOverrides);
    const id = await created(user, '/api/applications', { jobId, jobTitle: 'SRE', company: 'Edge' }, envOverrides);
    const get = async (path: string, hint?: string) => (await call(path, { userId: user, headers: hinted(hint), envOverrides })).status;
    const total = async (hint?: string) =>
      ((await (await call('/api/applications', { userId: user, headers: hinted(hint), envOverrides })).json()) as { total: number }).total;

    expect([await total('replica'), await total()]).toEqual([0, 1]);
    expect([await get(`/api/applications/${id}`, 'replica'), await get(`/api/applications/${id}`)]).toEqual([404, 200]);
    expect(sessions).toEqual(['first-unconstrained', 'first-primary', 'first-unconstrained', 'first-primary']);
  });

  it('a write ignores the hint: its ownership check reads the primary', async () => {
    const user = newUser();
    const { sessions, envOverrides } = lagging();
    const id = await created(user, '/api/jobs', { title: 'SRE', company: 'Edge' }, envOverrides);
    const res = await call(`/api/jobs/${id}`, {
      method: 'PATCH',
      userId: user,
      body: { isSaved: true },
      headers: hinted('replica'),
      envOverrides,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(sessions).toEqual([]);
  });
});

/** GET /api/analytics/*: measured per user (calls, tokens, cache hits and misses, savings), coalesced into few D1 writes. */
import { soleShardDb } from '@jobmatch/db';
import { H_READ_CONSISTENCY } from '@jobmatch/shared-middleware';
import { laggingReplica } from '@jobmatch/test-support/lagging-replica';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { callJson, createJob, newUser, seedEngineerProfile } from './helpers';

describe('GET /api/analytics/*', () => {
  it('counts what this user did: calls per provider/model, cache hits and misses', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    for (let i = 0; i < 3; i++) await callJson(`/api/jobs/${jobId}/analyze`, 200, { userId: user, method: 'POST' });

    const cache = await callJson('/api/analytics/cache', 200, { userId: user });
    expect(cache.success).toBe(true);
    expect(typeof cache.timestamp).toBe('string');
    expect(cache.data.caches.job_analysis_kv).toMatchObject({ hits: 2, misses: 1, hitRate: 0.667 });
    expect(cache.data.caches.job_analysis_d1).toMatchObject({ hits: 0, misses: 1 });

    const models = await callJson('/api/analytics/models', 200, { userId: user });
    const local = models.data.models.find((m: any) => m.provider === 'local' && m.model === 'local-rules-v1');
    expect(local).toMatchObject({ calls: 1, failures: 0, estimatedCostUsd: 0, tasks: { job_analysis: 1 } });

    const ai = await callJson('/api/analytics/workers-ai', 200, { userId: user });
    expect(ai.data.configured).toMatchObject({ workersAiBound: false, chain: ['local:local-rules-v1'] });
    expect(ai.data.providers.local.calls).toBe(1);

    const savings = await callJson('/api/analytics/cost-savings', 200, { userId: user });
    expect(savings.data).toMatchObject({ cacheHits: 2, estimatedSavedUsd: 0, estimatedSpentUsd: 0 });

    // Another user sees none of it.
    const other = await callJson('/api/analytics/cache', 200, { userId: newUser() });
    expect(other.data.caches).toEqual({});
  });

  it('flushes to D1 in coalesced batches: many requests, few rows and writes', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    for (let i = 0; i < 10; i++) await callJson(`/api/jobs/${jobId}/analyze`, 200, { userId: user, method: 'POST', env: {} });
    const rows = await soleShardDb(env)
      .prepare('SELECT subject, task, hits, misses, calls FROM ai_usage_counters WHERE user_id = ?1 ORDER BY subject')
      .bind(user)
      .all();
    // One row per (subject, task): the kv cache row carries all ten lookups.
    const kv = rows.results.find((r: any) => r.subject === 'cache:job_analysis_kv') as any;
    expect(kv.hits + kv.misses).toBe(10);
    expect(rows.results.length).toBeLessThanOrEqual(4);
  });

  it('reads in the session the hint chooses: a replica for `replica`, the primary otherwise', async () => {
    const user = newUser();
    // The ai suite has one database: the recorder only observes which session each read opens.
    const { db, sessions } = laggingReplica(soleShardDb(env), soleShardDb(env));
    for (const hint of ['replica', 'primary', undefined]) {
      const headers: Record<string, string> = hint === undefined ? {} : { [H_READ_CONSISTENCY]: hint };
      await callJson('/api/analytics/models', 200, { userId: user, headers, env: { DB_0: db } });
    }
    expect(sessions).toEqual(['first-unconstrained', 'first-primary', 'first-primary']);
  });

  it('validates days', async () => {
    expect((await callJson('/api/analytics/models?days=0', 400, { userId: newUser() })).code).toBe('VALIDATION_ERROR');
  });
});

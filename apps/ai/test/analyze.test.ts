/** POST /api/jobs/:id/analyze: server-side score and band, KV → D1 → generate, profile-version keying, isolation. */
import { env } from 'cloudflare:test';
import { jobs, skills, soleShardDb } from '@jobmatch/db';
import { aiCaches } from '@jobmatch/kv-schemas';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, WEIGHTS } from '../src/analysis/schema';
import { recommendationFor } from '../src/analysis/scoring';
import { callJson, createJob, newUser, seedEngineerProfile } from './helpers';

const analyze = (userId: string, jobId: string, status = 200) => callJson(`/api/jobs/${jobId}/analyze`, status, { userId, method: 'POST' });

describe('POST /api/jobs/:id/analyze', () => {
  it('answers the contract shape, recomputes the score from the dimensions and writes jobs.match_score', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    const a = await analyze(user, jobId);
    expect(a).toMatchObject({ cached: false, cacheSource: 'generated', provider: 'local', aiModel: 'local-rules-v1' });
    expect(typeof a.cachedAt).toBe('string');
    expect(Object.keys(a.dimensions).sort()).toEqual(DIMENSIONS.map(([n]) => n).sort());
    let total = 0;
    for (const [name] of DIMENSIONS) {
      expect(typeof a.dimensions[name].justification).toBe('string');
      total += WEIGHTS[name] * a.dimensions[name].score;
    }
    expect(a.overallScore).toBe(Math.round(total / 10));
    expect(a.recommendation).toBe(recommendationFor(a.overallScore));
    expect(a.overallScore).toBeGreaterThanOrEqual(65); // a good match by the evidence
    for (const key of ['strengths', 'gaps', 'redFlags', 'keywords']) expect(Array.isArray(a[key])).toBe(true);
    expect(a.keywords).toContainEqual({ keyword: 'TypeScript', importance: 'required', found: true, evidence: 'listed in your skills' });
    expect(a).not.toHaveProperty('jobFingerprint');
    expect((await jobs.getJob(soleShardDb(env), user, jobId))!.match_score).toBe(a.overallScore);
  });

  it('is answered from KV the second time, from D1 when KV lost it, and regenerated after a profile edit', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    const first = await analyze(user, jobId);
    const second = await analyze(user, jobId);
    expect(second).toMatchObject({ cached: true, cacheSource: 'kv', overallScore: first.overallScore, cachedAt: first.cachedAt });

    const version = (await soleShardDb(env)
      .prepare('SELECT profile_version AS v FROM users WHERE id = ?1')
      .bind(user)
      .first<{ v: number }>())!.v;
    await aiCaches.jobAnalysis.delete(env.JOB_ANALYSIS_CACHE, { userId: user, jobId, profileVersion: version });
    expect(await analyze(user, jobId)).toMatchObject({ cached: true, cacheSource: 'database', overallScore: first.overallScore });
    expect(await analyze(user, jobId)).toMatchObject({ cached: true, cacheSource: 'kv' });

    // A profile write bumps profile_version: never answered from the old analysis.
    await skills.upsertSkills(soleShardDb(env), { userId: user, email: null }, [{ name: 'Cloudflare Workers' }]);
    const after = await analyze(user, jobId);
    expect(after).toMatchObject({ cached: false, cacheSource: 'generated', profileVersion: version + 1 });
    expect(await analyze(user, jobId)).toMatchObject({ cached: true, cacheSource: 'kv', profileVersion: version + 1 });
  });

  it('regenerates when the job itself changed', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    await analyze(user, jobId);
    await jobs.updateJob(soleShardDb(env), user, jobId, { description: 'Now a pure Rust and Kubernetes role.' });
    expect(await analyze(user, jobId)).toMatchObject({ cached: false, cacheSource: 'generated' });
  });

  it("another user's job is a 404 and is neither analysed nor scored", async () => {
    const owner = newUser();
    const other = newUser();
    await seedEngineerProfile(owner);
    await seedEngineerProfile(other);
    const jobId = await createJob(owner);
    const res = await analyze(other, jobId, 404);
    expect(res.code).toBe('NOT_FOUND');
    expect((await jobs.getJob(soleShardDb(env), owner, jobId))!.match_score).toBeNull();
    const rows = await soleShardDb(env)
      .prepare('SELECT count(*) AS n FROM job_compatibility_analyses WHERE job_id = ?1')
      .bind(jobId)
      .first<{ n: number }>();
    expect(rows!.n).toBe(0);
    // The owner's cached analysis is never served to the other user.
    await analyze(owner, jobId);
    expect((await analyze(other, jobId, 404)).code).toBe('NOT_FOUND');
  });
});

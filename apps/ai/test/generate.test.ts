/** POST /api/applications/generate: three editor-valid variants, facts copied verbatim, idempotency, empty profile, isolation. */
import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { ApplicationVariantSchema, applications, soleShardDb, userStorage } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { call, callJson, createJob, newUser, seedEngineerProfile } from './helpers';

const generate = (userId: string, jobId: string, status: number, headers?: HeadersInit) =>
  callJson('/api/applications/generate', status, { userId, body: { jobId }, headers });

describe('POST /api/applications/generate', () => {
  it('stores a draft with three variants the editor can open, every fact from the profile', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    const app = await generate(user, jobId, 201);
    expect(app).toMatchObject({
      jobId,
      jobTitle: 'Senior Backend Engineer',
      company: 'Edgeworks',
      status: 'draft',
      provider: 'local',
      aiModel: 'local-rules-v1',
    });
    expect(app.variants.map((x: any) => x.name)).toEqual(['Impact-Focused', 'Keyword-Optimized', 'Concise']);
    expect(app.selectedVariantId).toBe(app.variants[0].id);
    for (const variant of app.variants) {
      expect(v.safeParse(ApplicationVariantSchema, variant).success).toBe(true);
      expect(variant.resume.experience.map((e: any) => `${e.title}|${e.company}|${e.startDate}|${e.endDate}`)).toEqual([
        'Senior Software Engineer|Analytical Engines GmbH|2019-03|Present',
        'Software Engineer|Difference Labs|2015-01|2019-02',
      ]);
      expect(variant.resume.education).toEqual([
        { degree: 'B.Sc., Computer Science', school: 'Technical University of Munich', location: '', graduation: '2014' },
      ]);
      expect(typeof variant.coverLetter).toBe('string');
      expect(variant.coverLetter).toContain('Edgeworks');
      expect(variant.coverLetter).toContain('Ada Lovelace');
      for (const year of JSON.stringify(variant).match(/\b(19|20)\d{2}\b/g) ?? []) expect(['2019', '2015', '2014', '2011']).toContain(year);
    }
    const stored = await applications.getApplication(soleShardDb(env), user, app.id);
    expect(stored).toMatchObject({ status: 'draft', job_id: jobId, selected_variant_id: app.selectedVariantId });
    expect(stored!.variants).toHaveLength(3);
  });

  it('an Idempotency-Key retry returns the first result and generates nothing more', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    const key = `idem-${crypto.randomUUID()}`;
    const first = await generate(user, jobId, 201, { 'Idempotency-Key': key });
    const retry = await call('/api/applications/generate', { userId: user, body: { jobId }, headers: { 'Idempotency-Key': key } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await retry.json()) as any).id).toBe(first.id);
    const { total } = await applications.listApplications(soleShardDb(env), user, { page: 1, limit: 10 });
    expect(total).toBe(1);
    // The same key with another body is refused.
    expect(
      (await callJson('/api/applications/generate', 422, { userId: user, body: { jobId: 'other' }, headers: { 'Idempotency-Key': key } }))
        .code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('an empty profile is a clear 422, and nothing is stored', async () => {
    const user = newUser();
    const jobId = await createJob(user);
    const res = await generate(user, jobId, 422);
    expect(res).toMatchObject({ code: 'PROFILE_INCOMPLETE', statusCode: 422 });
    expect(res.message).toContain('profile');
    expect((await applications.listApplications(soleShardDb(env), user, { page: 1, limit: 10 })).total).toBe(0);
  });

  it('past the applications quota → 413 STORAGE_QUOTA_EXCEEDED, nothing stored', async () => {
    const user = newUser();
    await seedEngineerProfile(user);
    const jobId = await createJob(user);
    await userStorage.withCaps(soleShardDb(env), 'applications', { rows: 0 }, async () => {
      const res = await generate(user, jobId, 413);
      expect(res).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { resource: 'applications', limit: { rows: 0 } } });
    });
    expect((await applications.listApplications(soleShardDb(env), user, { page: 1, limit: 10 })).total).toBe(0);
  });

  it("another user's job is a 404; a missing jobId is a 400", async () => {
    const owner = newUser();
    const other = newUser();
    await seedEngineerProfile(other);
    const jobId = await createJob(owner);
    expect((await generate(other, jobId, 404)).code).toBe('NOT_FOUND');
    expect((await applications.listApplications(soleShardDb(env), other, { page: 1, limit: 10 })).total).toBe(0);
    expect((await callJson('/api/applications/generate', 400, { userId: other, body: {} })).details.issues[0].path).toBe('jobId');
  });
});

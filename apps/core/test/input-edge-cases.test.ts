/** Inputs found in review: each must be a clear 400 (or work), never a 500 or a silent change. */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runMaintenance } from '../src/scheduled';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

async function expect400(res: Response, path: string) {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.code).toBe('VALIDATION_ERROR');
  expect(body.details.issues[0].path).toBe(path);
}

describe('input edge cases', () => {
  it('every error carries `error` with the same human text as `message` (hooks show errorData.error)', async () => {
    const user = newUser();
    const invalid = await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'T' } });
    const notFound = await call('/api/jobs/nope', { userId: user });
    const unsigned = await call('/api/jobs', { userId: null });
    for (const [res, status] of [
      [invalid, 400],
      [notFound, 404],
      [unsigned, 401],
    ] as const) {
      const body = (await res.json()) as Json;
      expect(res.status).toBe(status);
      expect(typeof body.message).toBe('string');
      expect(body.message.length).toBeGreaterThan(0);
      expect(body.error).toBe(body.message);
    }
  });

  it('a long non-ASCII tracked-application search works (D1 caps LIKE patterns at 50 bytes)', async () => {
    const user = newUser();
    const title = '高级后端工程师负责边缘计算平台的设计与开发工作以及团队建设';
    expect(
      (await call('/api/tracked-applications', { method: 'POST', userId: user, body: { company: 'Acme', jobTitle: title } })).status,
    ).toBe(201);
    const res = await call(`/api/tracked-applications?search=${encodeURIComponent(title)}`, { userId: user });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).trackedApplications).toHaveLength(1);
  });

  it('refuses job URLs that are not http(s)', async () => {
    const user = newUser();
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>']) {
      await expect400(await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'T', company: 'C', url } }), 'url');
    }
  });

  it('refuses dates the calendar does not have', async () => {
    const user = newUser();
    for (const start_date of ['2020-02-31', '2021-04-31', '2020-01-01T99:99']) {
      const res = await call('/api/profile/work-experience', {
        method: 'POST',
        userId: user,
        body: { title: 'Dev', company: 'Acme', start_date },
      });
      await expect400(res, 'start_date');
    }
    const ok = await call('/api/profile/work-experience', {
      method: 'POST',
      userId: user,
      body: { title: 'Dev', company: 'Acme', start_date: '2020-02-29' },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses an array as security-event metadata instead of storing {"0": …}', async () => {
    const res = await call('/api/security-events', {
      method: 'POST',
      userId: newUser(),
      body: { action: 'login', status: 'success', metadata: [1, 2] },
    });
    await expect400(res, 'metadata');
  });

  it('the cron does not re-archive an old job the user unarchived', async () => {
    const user = newUser();
    const created = await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'Old', company: 'Acme' } });
    const { id } = (await created.json()) as Json;
    const old = new Date(Date.now() - 200 * 24 * 3600 * 1000).toISOString();
    await soleShardDb(env).prepare('UPDATE jobs SET added_at = ?2, updated_at = ?2, archived = 1 WHERE id = ?1').bind(id, old).run();
    expect((await call(`/api/jobs/${id}`, { method: 'PATCH', userId: user, body: { isArchived: false } })).status).toBe(200);
    await runMaintenance(env, new Date());
    const job = (await (await call(`/api/jobs/${id}`, { userId: user })).json()) as Json;
    expect(job.archived).toBe(false);
  });
});

describe('deeply nested JSON', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const gapAnalysis = (nextSteps: string) => `{"overall_assessment":"ok","next_steps":${nextSteps}}`;

  it('answers 400 INVALID_JSON, not 500, for free-form fields nested past 32 levels, and stores nothing', async () => {
    const user = newUser();
    for (const depth of [100_000, 5_000, 33]) {
      const res = await call('/api/gap-analyses', { method: 'POST', userId: user, body: gapAnalysis(nested(depth)) });
      const body = (await res.json()) as Json;
      expect(res.status, `depth ${depth}: ${JSON.stringify(body).slice(0, 200)}`).toBe(400);
      expect(body).toMatchObject({ code: 'INVALID_JSON', details: { maxDepth: 32 } });
    }
    const list = (await (await call('/api/gap-analyses', { userId: user })).json()) as Json;
    expect(list.total).toBe(0);
  });

  it('accepts free-form fields nested up to the cap', async () => {
    const user = newUser();
    // The body object itself is level 1, so next_steps may nest 31 levels.
    const res = await call('/api/gap-analyses', { method: 'POST', userId: user, body: gapAnalysis(nested(31)) });
    expect(res.status).toBe(201);
  });
});

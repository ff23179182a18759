/** Per-user storage quotas (packages/db quotas.ts): enforced by the write itself, 413 STORAGE_QUOTA_EXCEEDED, nothing written. */
import { env } from 'cloudflare:test';
import { soleShardDb, STORAGE_QUOTAS, userStorage, type QuotaResource } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const now = () => new Date().toISOString();

async function provision(userId: string): Promise<void> {
  await soleShardDb(env)
    .prepare('INSERT INTO users (id, created_at, updated_at) VALUES (?1, ?2, ?2) ON CONFLICT DO NOTHING')
    .bind(userId, now())
    .run();
}

/** Runs `count` statements made by `make` in batches of 500. */
async function fill(count: number, make: (i: number) => D1PreparedStatement): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    await soleShardDb(env).batch(Array.from({ length: Math.min(500, count - start) }, (_, i) => make(start + i)));
  }
}

const count = async (table: string, userId: string) =>
  Number(await soleShardDb(env).prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?1`).bind(userId).first('n'));

async function expectQuotaError(res: Response, resource: string): Promise<void> {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(413);
  expect(body).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { resource, limit: STORAGE_QUOTAS[resource as 'jobs'] } });
}

describe('storage quotas', () => {
  it('refuses a job past the row cap with 413 STORAGE_QUOTA_EXCEEDED and writes nothing; another user is unaffected', async () => {
    const user = newUser();
    await provision(user);
    const t = now();
    await fill(STORAGE_QUOTAS.jobs.rows, (i) =>
      soleShardDb(env)
        .prepare("INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, ?3, 'C', ?4, ?4, ?4)")
        .bind(crypto.randomUUID(), user, `Job ${i}`, t),
    );
    const res = await call('/api/jobs', { method: 'POST', userId: user, body: { title: 'One more', company: 'Acme' } });
    await expectQuotaError(res, 'jobs');
    expect(await count('jobs', user)).toBe(STORAGE_QUOTAS.jobs.rows);
    expect((await call('/api/jobs', { method: 'POST', userId: newUser(), body: { title: 'T', company: 'C' } })).status).toBe(201);
  });

  it('refuses a gap analysis past the byte cap (413) and accepts it once space is freed', async () => {
    const user = newUser();
    await provision(user);
    const big = JSON.stringify(['x'.repeat(1024 * 1024 - 10)]);
    const rows = Math.floor(STORAGE_QUOTAS.gapAnalyses.bytes / big.length);
    const ids: string[] = [];
    await fill(rows, () => {
      const id = crypto.randomUUID();
      ids.push(id);
      return soleShardDb(env)
        .prepare(
          "INSERT INTO gap_analyses (id, user_id, urgency, identified_gaps_and_flags, created_at, updated_at) VALUES (?1, ?2, 'LOW', ?3, ?4, ?4)",
        )
        .bind(id, user, big, now());
    });
    const body = { overall_assessment: 'ok', identified_gaps_and_flags: ['y'.repeat(200_000)] };
    await expectQuotaError(await call('/api/gap-analyses', { method: 'POST', userId: user, body }), 'gapAnalyses');
    expect(await count('gap_analyses', user)).toBe(rows);
    expect((await call(`/api/gap-analyses/${ids[0]}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await call('/api/gap-analyses', { method: 'POST', userId: user, body })).status).toBe(201);
  });

  it("refuses an upload past the user's R2 byte cap (413, no object stored) but lets a replacement of the same size through", async () => {
    const user = newUser();
    await provision(user);
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const upload = (path: string) => {
      const form = new FormData();
      form.set('file', new File([pdf], 'cv.pdf', { type: 'application/pdf' }));
      form.set('bucket', 'resumes');
      form.set('path', path);
      return call('/api/files/upload', { method: 'POST', userId: user, body: form });
    };
    expect((await upload('cv.pdf')).status).toBe(201);
    // Recorded files that fill the cap up to the bytes of one more pdf minus one.
    const filler = STORAGE_QUOTAS.files.bytes - 2 * pdf.length + pdf.length - 1;
    await soleShardDb(env)
      .prepare(
        "INSERT INTO files (id, user_id, bucket, key, content_type, size, created_at, updated_at) VALUES (?1, ?2, 'resumes', ?3, 'application/pdf', ?4, ?5, ?5)",
      )
      .bind(crypto.randomUUID(), user, `users/${user}/resumes/filler.pdf`, filler, now())
      .run();
    await expectQuotaError(await upload('second.pdf'), 'files');
    expect(await env.RESUMES.head(`users/${user}/resumes/second.pdf`)).toBeNull();
    expect((await upload('cv.pdf')).status).toBe(201);
  });
});

/** Runs `body` with `resource`'s caps lowered on the shard (what a migration lowering a cap does), restored after. */
const withCap = (resource: QuotaResource, cap: { rows: number; bytes: number }, body: () => Promise<void>) =>
  userStorage.withCaps(soleShardDb(env), resource, cap, body);

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** One create route per capped resource in core: its path, a body (the i-th), and the table it fills. */
const CREATES: { resource: QuotaResource; path: string; body: (i: number) => Json; table: string }[] = [
  { resource: 'jobs', path: '/api/jobs', body: (i) => ({ title: `Job ${i}`, company: 'Acme' }), table: 'jobs' },
  {
    resource: 'gapAnalyses',
    path: '/api/gap-analyses',
    body: () => ({ overall_assessment: 'ok', identified_gaps_and_flags: [] }),
    table: 'gap_analyses',
  },
  { resource: 'applications', path: '/api/applications', body: (i) => ({ jobTitle: `Role ${i}`, company: 'Acme' }), table: 'applications' },
  {
    resource: 'trackedApplications',
    path: '/api/tracked-applications',
    body: (i) => ({ company: 'Acme', jobTitle: `Role ${i}` }),
    table: 'tracked_applications',
  },
  { resource: 'resumes', path: '/api/resume', body: (i) => ({ title: `Resume ${i}` }), table: 'resume_documents' },
  { resource: 'profile', path: '/api/skills', body: (i) => ({ name: `Skill ${i}` }), table: 'skills' },
  { resource: 'profile', path: '/api/profile/education', body: (i) => ({ school: `School ${i}` }), table: 'education' },
  {
    resource: 'profile',
    path: '/api/profile/work-experience',
    body: (i) => ({ title: `Engineer ${i}`, company: 'Acme', start_date: '2020-01' }),
    table: 'work_experience',
  },
];

describe('every capped resource, through its route', () => {
  for (const c of CREATES) {
    it(`POST ${c.path} (${c.resource}): 413 at the cap with nothing written, another user unaffected, a delete frees space`, async () => {
      const user = newUser();
      const other = newUser();
      await provision(user);
      await provision(other);
      const post = (userId: string, i: number) => call(c.path, { method: 'POST', userId, headers: JSON_HEADERS, body: c.body(i) });
      expect((await post(user, 0)).status).toBeLessThan(300);
      const used = (await userStorage.usageOf(soleShardDb(env), user))[c.resource]!;
      expect(used.rows).toBeGreaterThan(0);
      await withCap(c.resource, { rows: used.rows, bytes: STORAGE_QUOTAS[c.resource].bytes }, async () => {
        const res = await post(user, 1);
        const body = (await res.json()) as Json;
        expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(413);
        expect(body).toMatchObject({
          code: 'STORAGE_QUOTA_EXCEEDED',
          details: { resource: c.resource, limit: { rows: used.rows }, used: { rows: used.rows, bytes: used.bytes } },
        });
        expect(await count(c.table, user)).toBe(1);
        expect((await post(other, 1)).status).toBeLessThan(300);
        await soleShardDb(env).prepare(`DELETE FROM ${c.table} WHERE user_id = ?1`).bind(user).run();
        expect((await post(user, 2)).status).toBeLessThan(300);
      });
      expect(await userStorage.usageOf(soleShardDb(env), user)).toEqual(await userStorage.recount(soleShardDb(env), user));
    });
  }

  it('N parallel job creates at the cap edge: exactly the room left is created, the rest answer 413', async () => {
    const user = newUser();
    await provision(user);
    await fill(5, (i) =>
      soleShardDb(env)
        .prepare("INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at) VALUES (?1, ?2, ?3, 'C', ?4, ?4, ?4)")
        .bind(crypto.randomUUID(), user, `Job ${i}`, now()),
    );
    await withCap('jobs', { rows: 8, bytes: STORAGE_QUOTAS.jobs.bytes }, async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call('/api/jobs', { method: 'POST', userId: user, body: { title: `Race ${i}`, company: 'Acme' } }),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 201, 413, 413, 413, 413, 413, 413, 413]);
      expect(await count('jobs', user)).toBe(8);
    });
  });
});

describe('GET /api/jobs is bounded in bytes', () => {
  it('cuts a page at 2 MiB of job text (truncated, limit = jobs served) and page 2 at that limit continues without overlap', async () => {
    const user = newUser();
    await provision(user);
    const description = 'd'.repeat(50_000);
    await fill(60, (i) =>
      soleShardDb(env)
        .prepare(
          "INSERT INTO jobs (id, user_id, title, company, description, added_at, created_at, updated_at) VALUES (?1, ?2, 'T', 'C', ?3, ?4, ?4, ?4)",
        )
        .bind(`job-${String(i).padStart(3, '0')}-${user}`, user, description, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()),
    );
    const res = await call('/api/jobs?limit=1000', { userId: user });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThanOrEqual(2 * 1024 * 1024 + 64 * 1024);
    const first = JSON.parse(text) as Json;
    expect(first).toMatchObject({ total: 60, truncated: true, hasMore: true });
    expect(first.jobs.length).toBeGreaterThan(30);
    expect(first.limit).toBe(first.jobs.length);
    const second = (await (await call(`/api/jobs?limit=${first.limit}&page=2`, { userId: user })).json()) as Json;
    const ids = [...first.jobs, ...second.jobs].map((j: Json) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    // A page that fits is not marked.
    expect(((await (await call('/api/jobs?limit=5', { userId: user })).json()) as Json).truncated).toBeUndefined();
  });
});

/**
 * D1 and R2 failing under core (issue 14 §2), injected through wrapper bindings over the real
 * local ones (@jobmatch/test-support/faults): every failure is the envelope (a 500 the gateway
 * turns into 502 UPSTREAM_ERROR, proved in apps/gateway/test/faults.test.ts), never the
 * binding's message, and no upload leaves an object without its row or a row without its object.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { newUser, type Json } from '@jobmatch/test-support/common';
import { failingD1, failingR2 } from '@jobmatch/test-support/faults';
import { soleShardDb } from '@jobmatch/db';
import { call } from './signed';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function pdfForm(path?: string): FormData {
  const f = new FormData();
  f.set('file', new File([PDF], 'cv.pdf', { type: 'application/pdf' }));
  f.set('bucket', 'resumes');
  if (path !== undefined) f.set('path', path);
  return f;
}

async function objectsOf(userId: string): Promise<string[]> {
  return (await env.RESUMES.list({ prefix: `users/${userId}/` })).objects.map((o) => o.key);
}

async function filesRowsOf(userId: string): Promise<number> {
  return (
    (await soleShardDb(env).prepare('SELECT count(*) AS n FROM files WHERE user_id = ?1').bind(userId).first<{ n: number }>())?.n ?? -1
  );
}

async function expectInternalEnvelope(res: Response) {
  expect(res.status).toBe(500);
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ code: 'INTERNAL_ERROR', statusCode: 500, requestId: expect.any(String) });
  // Nothing internal reaches the client (the random request id is left out: it may hold 'd1').
  expect(JSON.stringify({ ...body, requestId: undefined })).not.toMatch(/injected fault|D1|R2|SQL/i);
}

describe('faults: R2 failing under /api/files', () => {
  it('R2 refusing the upload: a 500 envelope, no files row, no object', async () => {
    const user = newUser();
    const res = await call('/api/files/upload', {
      method: 'POST',
      userId: user,
      body: pdfForm(),
      envOverrides: { RESUMES: failingR2(env.RESUMES, (op) => op === 'put') },
    });
    await expectInternalEnvelope(res);
    expect(await filesRowsOf(user)).toBe(0);
    expect(await objectsOf(user)).toEqual([]);
  });

  it('D1 refusing the row of a new upload: the object just written is removed (no orphan in R2)', async () => {
    const user = newUser();
    const res = await call('/api/files/upload', {
      method: 'POST',
      userId: user,
      body: pdfForm(),
      envOverrides: { DB_0: failingD1(soleShardDb(env), (sql) => /INSERT INTO files/i.test(sql)) },
    });
    await expectInternalEnvelope(res);
    expect(await filesRowsOf(user)).toBe(0);
    expect(await objectsOf(user)).toEqual([]);
  });

  it('R2 failing on download: a 500 envelope; the file downloads again once R2 answers', async () => {
    const user = newUser();
    const up = await call('/api/files/upload', { method: 'POST', userId: user, body: pdfForm() });
    expect(up.status).toBe(201);
    const { key } = (await up.json()) as Json;
    const path = `/api/files/download/${key.split('/').map(encodeURIComponent).join('/')}`;
    await expectInternalEnvelope(
      await call(path, { userId: user, envOverrides: { RESUMES: failingR2(env.RESUMES, (op) => op === 'get') } }),
    );
    const again = await call(path, { userId: user });
    expect(again.status).toBe(200);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(PDF);
  });

  it('R2 refusing a delete: 204, and the file is gone for the user at once (maintenance removes the object later)', async () => {
    const user = newUser();
    const up = await call('/api/files/upload', { method: 'POST', userId: user, body: pdfForm() });
    const { key } = (await up.json()) as Json;
    const encoded = key.split('/').map(encodeURIComponent).join('/');
    const del = await call(`/api/files/${encoded}`, {
      method: 'DELETE',
      userId: user,
      envOverrides: { RESUMES: failingR2(env.RESUMES, (op) => op === 'delete') },
    });
    expect(del.status).toBe(204);
    expect((await call(`/api/files/download/${encoded}`, { userId: user })).status).toBe(404);
    const row = await soleShardDb(env)
      .prepare('SELECT deleted_at FROM files WHERE user_id = ?1')
      .bind(user)
      .first<{ deleted_at: string | null }>();
    expect(row?.deleted_at).toEqual(expect.any(String)); // marked, so the nightly sweep deletes the object
  });
});

describe('faults: D1 failing under core', () => {
  it('every statement failing: reads and writes answer the 500 envelope, never the D1 message', async () => {
    const user = newUser();
    const down = { DB_0: failingD1(soleShardDb(env), () => true) };
    for (const [method, path, body] of [
      ['GET', '/api/jobs', undefined],
      ['POST', '/api/jobs', { title: 'Down', company: 'D1' }],
      ['GET', '/api/profile', undefined],
      ['PATCH', '/api/profile', { first_name: 'Ada' }],
      ['POST', '/api/skills/batch', { skills: [{ name: 'Go' }, { name: 'Rust' }] }],
    ] as const) {
      await expectInternalEnvelope(await call(path, { method, userId: user, body, envOverrides: down }));
    }
    // Nothing was written while D1 was down; the same user is served normally after.
    const jobs = await call('/api/jobs', { userId: user });
    expect(jobs.status).toBe(200);
    expect(((await jobs.json()) as Json).total).toBe(0);
  });

  it('a failed batch writes nothing: the second skill of a batch refused → no skill, profile_version unchanged', async () => {
    const user = newUser();
    const before = (await (await call('/api/profile', { userId: user })).json()) as Json;
    // The wrapper fails the batch when any of its statements is refused, as D1 rolls a failed batch back.
    let upserts = 0;
    const secondUpsertFails = failingD1(soleShardDb(env), (sql) => /INSERT INTO skills/i.test(sql) && ++upserts === 2);
    const res = await call('/api/skills/batch', {
      method: 'POST',
      userId: user,
      body: { skills: [{ name: 'Go' }, { name: 'Rust' }] },
      envOverrides: { DB_0: secondUpsertFails },
    });
    await expectInternalEnvelope(res);
    expect(((await (await call('/api/skills', { userId: user })).json()) as Json).skills).toEqual([]);
    const after = (await (await call('/api/profile', { userId: user })).json()) as Json;
    expect(after.profile.profile_version).toBe(before.profile.profile_version);
  });
});

import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { parseFileVersion, signedFilePath, signedFileResource, signResource } from '@jobmatch/shared-middleware';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const MB = 1024 * 1024;
const enc = new TextEncoder();

// ---- file bodies recognised by their magic bytes ----
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
};
const PDF = bytes('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const DOCX = bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0], '[Content_Types].xml....word/document.xml....');
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0], 'payload.exe....');
const EXE = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);

function form(fields: { file?: Uint8Array | string; name?: string; type?: string; bucket?: string; path?: string }): FormData {
  const f = new FormData();
  if (fields.file !== undefined) {
    if (typeof fields.file === 'string') f.set('file', fields.file);
    else f.set('file', new File([fields.file], fields.name ?? 'upload.bin', { type: fields.type ?? '' }));
  }
  if (fields.bucket !== undefined) f.set('bucket', fields.bucket);
  if (fields.path !== undefined) f.set('path', fields.path);
  return f;
}

async function upload(userId: string, fields: Parameters<typeof form>[0], expectStatus = 201): Promise<Json> {
  const res = await call('/api/files/upload', { method: 'POST', userId, body: form(fields) });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(expectStatus);
  return body;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

async function objectsOf(userId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const bucket of [env.AVATARS, env.RESUMES, env.EXPORTS]) {
    keys.push(...(await bucket.list({ prefix: `users/${userId}/` })).objects.map((o) => o.key));
  }
  return keys;
}

async function signedUrlOf(userId: string, key: string, expiresIn = 3600): Promise<Json> {
  const res = await call(`/api/files/${encodeKey(key)}/signed-url?expiresIn=${expiresIn}`, { userId });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const pathOf = (signedUrl: string) => {
  const u = new URL(signedUrl, 'https://relative.invalid');
  return u.pathname + u.search;
};

describe('/api/files upload, download, delete', () => {
  it('round-trips a PDF: upload → download (stored type, disposition) → delete → gone everywhere', async () => {
    const user = newUser();
    const up = await upload(user, { file: PDF, name: 'My CV.pdf', type: 'application/pdf', bucket: 'resumes' });
    expect(up).toEqual({
      key: expect.stringMatching(new RegExp(`^users/${user}/resumes/[0-9a-f-]{36}\\.pdf$`)),
      downloadURL: expect.stringMatching(/^\/api\/files\/signed\?key=[^&]+&version=[\w-]+\.[\w-]+&expires=\d+&signature=[\w-]{43}$/),
      fullPath: up.key,
      size: PDF.byteLength,
      contentType: 'application/pdf',
      uploadedAt: expect.any(String),
    });
    expect(new Date(up.uploadedAt).toISOString()).toBe(up.uploadedAt);

    // The frontend uses downloadURL bare (no Authorization): it is signed.
    const bare = await call(up.downloadURL, { userId: null });
    expect(bare.status).toBe(200);
    expect(new Uint8Array(await bare.arrayBuffer())).toEqual(PDF);

    const res = await call(`/api/files/download/${up.key}`, { userId: user });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="My CV.pdf"; filename*=UTF-8''My%20CV.pdf`);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);

    // A key sent as one encoded segment (encodeURIComponent of the whole key) works too.
    const encodedWhole = await call(`/api/files/download/${encodeURIComponent(up.key)}`, { userId: user });
    expect(encodedWhole.status).toBe(200);
    await encodedWhole.arrayBuffer();

    expect((await call(`/api/files/${encodeKey(up.key)}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await call(up.downloadURL, { userId: null })).status).toBe(404);
    expect((await call(`/api/files/download/${up.key}`, { userId: user })).status).toBe(404);
    expect((await call(`/api/files/${encodeKey(up.key)}`, { method: 'DELETE', userId: user })).status).toBe(404);
    expect(await env.RESUMES.head(up.key)).toBeNull();
    expect(await soleShardDb(env).prepare('SELECT count(*) AS n FROM files WHERE key = ?1').bind(up.key).first('n')).toBe(0);
  });

  it('stores the detected type per bucket: PNG avatar, DOCX and text resumes', async () => {
    const user = newUser();
    const avatar = await upload(user, { file: PNG, name: 'me.png', type: 'image/png', bucket: 'avatars' });
    expect(avatar.key).toMatch(new RegExp(`^users/${user}/avatars/.+\\.png$`));
    expect(await env.AVATARS.head(avatar.key)).not.toBeNull();
    const docx = await upload(user, { file: DOCX, name: 'cv.docx', bucket: 'resumes' });
    expect(docx.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = await upload(user, { file: enc.encode('Plain résumé ✓\n'), name: 'cv.txt', type: 'text/plain', bucket: 'exports' });
    expect(text.contentType).toBe('text/plain; charset=utf-8');
    const res = await call(text.downloadURL, { userId: user });
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Plain résumé ✓\n');
    const img = await call(avatar.downloadURL, { userId: user });
    expect(img.headers.get('content-disposition')).toMatch(/^inline; filename="me.png"/);
    await img.arrayBuffer();
  });

  it('keeps a sanitised client path under the bucket folder; a re-upload replaces the file', async () => {
    const user = newUser();
    const first = await upload(user, { file: PDF, bucket: 'resumes', path: 'applications/Lebenslauf (final) ü.pdf' });
    expect(first.key).toBe(`users/${user}/resumes/applications/Lebenslauf_final_u.pdf`);
    const second = await upload(user, { file: enc.encode('v2'), bucket: 'resumes', path: 'applications/Lebenslauf (final) ü.pdf' });
    expect(second.key).toBe(first.key);
    const res = await call(second.downloadURL, { userId: user });
    expect(await res.text()).toBe('v2');
    expect(await soleShardDb(env).prepare('SELECT count(*) AS n FROM files WHERE key = ?1').bind(first.key).first('n')).toBe(1);
  });

  it('accepts exactly 10 MB and refuses 10 MB + 1 byte with 413', async () => {
    const user = newUser();
    const big = new Uint8Array(10 * MB);
    big.set(PDF);
    const ok = await upload(user, { file: big, bucket: 'resumes' });
    expect(ok.size).toBe(10 * MB);
    const tooBig = new Uint8Array(10 * MB + 1);
    tooBig.set(PDF);
    const res = await call('/api/files/upload', { method: 'POST', userId: user, body: form({ file: tooBig, bucket: 'resumes' }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', statusCode: 413 });
    expect(await objectsOf(user)).toEqual([ok.key]);
  });

  it('refuses files by their content, not their label', async () => {
    const user = newUser();
    const cases: [Parameters<typeof form>[0], string][] = [
      [
        { file: enc.encode('<html><script>alert(1)</script></html>'), name: 'a.png', type: 'image/png', bucket: 'avatars' },
        'UNSUPPORTED_FILE_TYPE',
      ],
      [{ file: PDF, name: 'me.png', type: 'image/png', bucket: 'avatars' }, 'UNSUPPORTED_FILE_TYPE'],
      [{ file: PDF, name: 'cv.png', type: 'image/png', bucket: 'resumes' }, 'CONTENT_TYPE_MISMATCH'],
      [{ file: ZIP, name: 'cv.docx', bucket: 'resumes' }, 'UNSUPPORTED_FILE_TYPE'],
      [{ file: EXE, name: 'cv.pdf', type: 'application/pdf', bucket: 'resumes' }, 'UNSUPPORTED_FILE_TYPE'],
      [{ file: PNG, name: 'x.png', bucket: 'exports' }, 'UNSUPPORTED_FILE_TYPE'],
    ];
    for (const [fields, code] of cases) {
      const body = await upload(user, fields, 415);
      expect(body.code, JSON.stringify(fields.name)).toBe(code);
    }
    expect(await objectsOf(user)).toEqual([]);
  });

  it('validates the form: 400 with issues, 415 for a non-multipart body', async () => {
    const user = newUser();
    for (const fields of [
      { bucket: 'resumes' },
      { file: PDF, bucket: 'photos' },
      { file: PDF },
      { file: 'not a file', bucket: 'resumes' },
      { file: new Uint8Array(0), bucket: 'resumes' },
    ]) {
      const body = await upload(user, fields, 400);
      expect(body.code, JSON.stringify(Object.keys(fields))).toBe('VALIDATION_ERROR');
      expect(body.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    const asJson = await call('/api/files/upload', {
      method: 'POST',
      userId: user,
      body: JSON.stringify({ bucket: 'resumes' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(asJson.status).toBe(415);
    expect(await objectsOf(user)).toEqual([]);
  });

  it('refuses path traversal in the upload path', async () => {
    const user = newUser();
    for (const path of [
      '../x.pdf',
      '../../other/resumes/x.pdf',
      'a/../../x.pdf',
      '..\\x.pdf',
      'a\\b.pdf',
      '/etc/passwd',
      'C:/x.pdf',
      'a//b.pdf',
      './x.pdf',
      'a/%2e%2e/b.pdf',
      '%2e%2e%2fx.pdf',
      '%5c..%5cx.pdf',
      '．．/x.pdf',
      'a/\u0000.pdf',
    ]) {
      const body = await upload(user, { file: PDF, bucket: 'resumes', path }, 400);
      expect(body.code, path).toBe('VALIDATION_ERROR');
      expect(body.details.issues[0].path, path).toBe('path');
    }
    expect(await objectsOf(user)).toEqual([]);
  });

  it('refuses traversal in keys (encoded, double-encoded, backslashes, absolute) and never reaches another user', async () => {
    const owner = newUser();
    const intruder = newUser();
    const up = await upload(owner, { file: PDF, bucket: 'resumes' });
    const name = up.key.split('/').pop();
    const viaTraversal = [
      `users/${intruder}/resumes/..%2F..%2F${owner}%2Fresumes%2F${name}`,
      `users%2F${intruder}%2Fresumes%2F..%2F..%2F${owner}%2Fresumes%2F${name}`,
      `users/${intruder}/resumes/%252e%252e/%252e%252e/${owner}/resumes/${name}`,
      `users/${intruder}/resumes/..%5C..%5C${owner}%5Cresumes%5C${name}`,
      `%2Fusers/${owner}/resumes/${name}`,
      `users/${intruder}/resumes//${name}`,
      `users/${intruder}/resumes/%E0%A4%A`,
    ];
    for (const key of viaTraversal) {
      for (const [method, path] of [
        ['GET', `/api/files/download/${key}`],
        ['GET', `/api/files/${key}/signed-url`],
        ['DELETE', `/api/files/${key}`],
      ] as const) {
        // Every one tries to leave its folder (or hides how): refused as malformed, never looked up.
        const res = await call(path, { method, userId: intruder });
        const body = (await res.json()) as Json;
        expect([res.status, body.code], `${method} ${path}`).toEqual([400, 'VALIDATION_ERROR']);
      }
    }
    // %2E%2E is a dot segment to URL parsing (WHATWG), resolved before routing like plain '..':
    // the key lands in the owner's folder, which is not the caller's → 404.
    const encodedDots = `users/${intruder}/resumes/%2E%2E/%2E%2E/${owner}/resumes/${name}`;
    for (const [method, path] of [
      ['GET', `/api/files/download/${encodedDots}`],
      ['GET', `/api/files/${encodedDots}/signed-url`],
      ['DELETE', `/api/files/${encodedDots}`],
    ] as const) {
      const res = await call(path, { method, userId: intruder });
      const body = (await res.json()) as Json;
      expect([res.status, body.code], `${method} ${path}`).toEqual([404, 'NOT_FOUND']);
    }
    // Plain dot segments are resolved by URL parsing before routing: they land on the owner's key → 404.
    const dotted = await call(`/api/files/download/users/${intruder}/resumes/../../${owner}/resumes/${name}`, { userId: intruder });
    expect(dotted.status).toBe(404);
    const stillThere = await call(up.downloadURL, { userId: owner });
    expect(stillThere.status).toBe(200);
    expect(new Uint8Array(await stillThere.arrayBuffer())).toEqual(PDF);
  });

  it("answers 404 for another user's key on every route and changes nothing", async () => {
    const owner = newUser();
    const intruder = newUser();
    const up = await upload(owner, { file: PDF, bucket: 'resumes' });
    const key = encodeKey(up.key);
    for (const [method, path] of [
      ['GET', `/api/files/download/${key}`],
      ['GET', `/api/files/${key}/signed-url`],
      ['DELETE', `/api/files/${key}`],
    ] as const) {
      const res = await call(path, { method, userId: intruder });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as Json).code).toBe('NOT_FOUND');
    }
    expect(await env.RESUMES.head(up.key)).not.toBeNull();
    const res = await call(up.downloadURL, { userId: owner });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });
});

describe('signed URLs', () => {
  it('download without a user until expiry; bounded expiresIn', async () => {
    const user = newUser();
    const up = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes' });
    const before = Math.floor(Date.now() / 1000);
    const signed = await signedUrlOf(user, up.key, 600);
    expect(signed).toEqual({ signedUrl: expect.any(String), expiresIn: 600, expiresAt: expect.any(String), key: up.key });
    const expiresAt = Date.parse(signed.expiresAt) / 1000;
    expect(expiresAt - before).toBeGreaterThanOrEqual(600);
    expect(expiresAt - before).toBeLessThanOrEqual(602);
    const url = new URL(pathOf(signed.signedUrl), 'https://x');
    expect(url.pathname).toBe('/api/files/signed');
    expect(url.searchParams.get('key')).toBe(up.key);
    expect(url.searchParams.get('expires')).toBe(String(expiresAt));

    const res = await call(pathOf(signed.signedUrl), { userId: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);

    for (const q of ['expiresIn=59', 'expiresIn=86401', 'expiresIn=abc']) {
      const bad = await call(`/api/files/${encodeKey(up.key)}/signed-url?${q}`, { userId: user });
      expect(bad.status, q).toBe(400);
      expect(((await bad.json()) as Json).code).toBe('VALIDATION_ERROR');
    }
  });

  it('is refused when tampered: signature, key, expiry; raw-secret signatures do not verify', async () => {
    const user = newUser();
    const a = await upload(user, { file: PDF, bucket: 'resumes' });
    const b = await upload(user, { file: enc.encode('secret b'), bucket: 'resumes' });
    const url = new URL(pathOf((await signedUrlOf(user, a.key)).signedUrl), 'https://x');
    const variant = (edit: (p: URLSearchParams) => void) => {
      const p = new URLSearchParams(url.search);
      edit(p);
      return `/api/files/signed?${p}`;
    };
    const sig = url.searchParams.get('signature')!;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    // The same HMAC computed with the raw secret instead of the derived key.
    const rawKey = await crypto.subtle.importKey('raw', enc.encode(env.INTERNAL_SIGNING_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const rawSig = new Uint8Array(
      await crypto.subtle.sign(
        'HMAC',
        rawKey,
        enc.encode(`v1\nfiles\n${signedFileResource(a.key, url.searchParams.get('version')!)}\n${url.searchParams.get('expires')}`),
      ),
    );
    const rawB64 = btoa(String.fromCharCode(...rawSig))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    for (const path of [
      variant((p) => p.set('signature', flipped)),
      variant((p) => p.set('signature', rawB64)),
      variant((p) => p.set('key', b.key)),
      variant((p) => p.set('version', new URL(b.downloadURL, 'https://x').searchParams.get('version')!)),
      variant((p) => p.set('expires', String(Number(p.get('expires')) + 3600))),
      variant((p) => p.set('expires', String(Number(p.get('expires')) - 1))),
    ]) {
      const res = await call(path, { userId: null });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as Json).code).toBe('INVALID_SIGNATURE');
    }
    const missing = await call(
      variant((p) => p.delete('signature')),
      { userId: null },
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Json).code).toBe('VALIDATION_ERROR');
  });

  it('is refused after it expires (valid signature, past expiry), and once the file is deleted', async () => {
    const user = newUser();
    const up = await upload(user, { file: PDF, bucket: 'resumes' });
    const now = Math.floor(Date.now() / 1000);
    const version = new URL(up.downloadURL, 'https://x').searchParams.get('version')!;
    const at = (expires: number, signature: string) =>
      `/api/files/signed?${new URLSearchParams({ key: up.key, version, expires: String(expires), signature })}`;
    const past = await signResource(env.INTERNAL_SIGNING_SECRET, 'files', signedFileResource(up.key, version), now - 1);
    const expired = await call(at(past.expires, past.signature), { userId: null });
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as Json).code).toBe('SIGNED_URL_EXPIRED');

    // A link that expires in two seconds works now and is refused once the time has passed.
    const soon = await signResource(env.INTERNAL_SIGNING_SECRET, 'files', signedFileResource(up.key, version), now + 2);
    const ok = await call(at(soon.expires, soon.signature), { userId: null });
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, (soon.expires + 0.2) * 1000 - Date.now()));
    const late = await call(at(soon.expires, soon.signature), { userId: null });
    expect(late.status).toBe(403);
    expect(((await late.json()) as Json).code).toBe('SIGNED_URL_EXPIRED');

    const valid = pathOf((await signedUrlOf(user, up.key)).signedUrl);
    expect((await call(`/api/files/${encodeKey(up.key)}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const gone = await call(valid, { userId: null });
    expect(gone.status).toBe(404);
  });
});

describe('signed URLs are bound to the file version (row id + etag)', () => {
  const get = (url: string) => call(pathOf(url), { userId: null });

  it('a link to a replaced file, or to a deleted and re-uploaded one, is refused (404) even for the same bytes', async () => {
    const user = newUser();
    const first = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    const oldLink = (await signedUrlOf(user, first.key)).signedUrl;
    expect((await get(oldLink)).status).toBe(200);

    const replaced = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    expect(replaced.key).toBe(first.key);
    const stale = await get(oldLink);
    expect(stale.status).toBe(404);
    expect(((await stale.json()) as Json).code).toBe('NOT_FOUND');
    expect((await get(first.downloadURL)).status).toBe(404);
    const current = await get(replaced.downloadURL);
    expect(current.status).toBe(200);
    await current.arrayBuffer();

    const beforeDelete = (await signedUrlOf(user, first.key)).signedUrl;
    expect((await call(`/api/files/${encodeKey(first.key)}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const again = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    expect((await get(beforeDelete)).status).toBe(404);
    expect((await get(again.downloadURL)).status).toBe(200);
  });

  it('never serves bytes written after the link was signed (conditional R2 read on the etag)', async () => {
    const user = newUser();
    const up = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    // New bytes land in R2 while the row still names the old version (an upload between its put and its row write).
    await env.RESUMES.put(up.key, enc.encode('%PDF-1.7 replaced'), { httpMetadata: { contentType: 'application/pdf' } });
    const res = await get(up.downloadURL);
    expect(res.status).toBe(404);
  });
});

describe('delete vs re-upload of the same key', () => {
  it('deleting a version spares an object a re-upload wrote since (the object names another row)', async () => {
    const user = newUser();
    const up = await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    // A re-upload's put that lands before this delete reaches R2.
    await env.RESUMES.put(up.key, PNG, { customMetadata: { userId: user, fileId: crypto.randomUUID() } });
    expect((await call(`/api/files/${encodeKey(up.key)}`, { method: 'DELETE', userId: user })).status).toBe(204);
    const kept = await env.RESUMES.get(up.key);
    expect(kept && new Uint8Array(await kept.arrayBuffer())).toEqual(PNG);
  });

  it('an upload whose object a concurrent delete removed after the put writes it again (its row is live)', async () => {
    const user = newUser();
    await upload(user, { file: PDF, name: 'cv.pdf', bucket: 'resumes', path: 'cv.pdf' });
    let raced = false;
    // The delete of the previous version read the object before this put and deletes it right after.
    const racingBucket = new Proxy(env.RESUMES, {
      get(target, prop) {
        if (prop === 'put') {
          return async (...args: Parameters<R2Bucket['put']>) => {
            const result = await target.put(...args);
            if (!raced) {
              raced = true;
              await target.delete(args[0]);
            }
            return result;
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const res = await call('/api/files/upload', {
      method: 'POST',
      userId: user,
      body: form({ file: PDF, name: 'cv.pdf', type: 'application/pdf', bucket: 'resumes', path: 'cv.pdf' }),
      envOverrides: { RESUMES: racingBucket },
    });
    expect(res.status).toBe(201);
    const { key, downloadURL } = (await res.json()) as Json;
    expect(await env.RESUMES.head(key)).not.toBeNull();
    expect((await call(downloadURL, { userId: null })).status).toBe(200);
  });
});

describe('a replacement upload whose metadata write fails', () => {
  it('keeps the object the existing row points at (never deletes a file it did not create)', async () => {
    const user = newUser();
    const first = await upload(user, { file: PDF, name: 'cv.pdf', type: 'application/pdf', bucket: 'resumes', path: 'cv.pdf' });

    // D1 refuses the metadata write (INSERT INTO files), everything else works.
    const failingDb = new Proxy(soleShardDb(env), {
      get(target, prop) {
        if (prop === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            if (statements.some((s) => (s as unknown as { failing?: boolean }).failing)) throw new Error('D1_ERROR: simulated outage');
            return target.batch(statements);
          };
        }
        if (prop === 'prepare') {
          return (sql: string) => {
            const statement = target.prepare(sql);
            if (!/INSERT INTO files/i.test(sql)) return statement;
            const bind = statement.bind.bind(statement);
            return Object.assign(statement, {
              failing: true,
              bind: (...values: unknown[]) => Object.assign(bind(...values), { failing: true }),
            });
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const res = await call('/api/files/upload', {
      method: 'POST',
      userId: user,
      body: form({ file: PDF, name: 'cv.pdf', type: 'application/pdf', bucket: 'resumes', path: 'cv.pdf' }),
      envOverrides: { DB_0: failingDb },
    });
    expect(res.status).toBe(500);
    // The existing file still downloads.
    const download = await call(`/api/files/download/${encodeKey(first.key)}`, { userId: user });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });
});

describe('avatars used bare (useProfilePhoto → photo_url)', () => {
  const API = 'https://api.jobmatch.test';

  it('the uploaded avatar keeps showing after its signature expired: profile reads answer a fresh link', async () => {
    const user = newUser();
    // useFileUpload sends the file name as `path`; useProfilePhoto saves API_URL + downloadURL.
    const up = await upload(user, { file: PNG, name: 'me.png', type: 'image/png', bucket: 'avatars', path: 'avatar.png' });
    expect(up.key).toBe(`users/${user}/avatars/avatar.png`);
    const saved = await call('/api/profile', { method: 'PATCH', userId: user, body: { photo_url: `${API}${up.downloadURL}` } });
    expect(saved.status).toBe(200);

    // Stored: a link whose signature has expired (signed an hour ago for 60 s).
    const version = parseFileVersion(new URL(up.downloadURL, 'https://x').searchParams.get('version')!)!;
    const { path: expiredPath } = await signedFilePath(env.INTERNAL_SIGNING_SECRET, { key: up.key, ...version }, 60, Date.now() - 3600_000);
    await soleShardDb(env).prepare('UPDATE users SET photo_url = ?1 WHERE id = ?2').bind(`${API}${expiredPath}`, user).run();
    const expired = await call(expiredPath, { userId: null });
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as Json).code).toBe('SIGNED_URL_EXPIRED');

    for (const path of ['/api/profile', '/api/profile/complete']) {
      const body = (await (await call(path, { userId: user })).json()) as Json;
      const photo: string = body.profile.photo_url;
      expect(photo.startsWith(`${API}/api/files/signed?`), photo).toBe(true);
      const fresh = new URL(photo);
      expect(fresh.searchParams.get('key')).toBe(up.key);
      expect(Number(fresh.searchParams.get('expires'))).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
      const img = await call(fresh.pathname + fresh.search, { userId: null });
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/png');
      await img.arrayBuffer();
    }
  });

  it('tampered links are refused; links to another user’s file or another site are answered as stored', async () => {
    const owner = newUser();
    const up = await upload(owner, { file: PNG, name: 'me.png', type: 'image/png', bucket: 'avatars' });
    const tampered = up.downloadURL.replace(/signature=[\w-]/, (m: string) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A'));
    const res = await call(tampered, { userId: null });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Json).code).toBe('INVALID_SIGNATURE');
    const otherKey = await call(up.downloadURL.replace(encodeURIComponent(owner), encodeURIComponent(newUser())), { userId: null });
    expect(otherKey.status).toBe(403);

    const someoneElse = newUser();
    for (const url of [`${API}${up.downloadURL}`, 'https://cdn.example.com/me.png']) {
      await call('/api/profile', { method: 'PATCH', userId: someoneElse, body: { photo_url: url } });
      const body = (await (await call('/api/profile', { userId: someoneElse })).json()) as Json;
      expect(body.profile.photo_url).toBe(url);
    }
  });
});

/**
 * Files through the real gateway into the real core Worker and R2: signed URLs work without
 * the Authorization header until they expire, and are refused when expired or tampered.
 */
import { env } from 'cloudflare:test';
import { signedFileResource, signResource } from '@jobmatch/shared-middleware';
import { describe, expect, it } from 'vitest';
import { asUser, gateway, newUser, type Json } from './helpers';
import { encodeKey, uploadForm } from './route-cases/files';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

async function uploadPdf(userId: string): Promise<Json> {
  const res = await asUser(userId, '/api/files/upload', { method: 'POST', body: uploadForm('resumes', PDF, 'cv.pdf', 'application/pdf') });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function signedPath(userId: string, key: string, expiresIn = 300): Promise<string> {
  const res = await asUser(userId, `/api/files/${encodeKey(key)}/signed-url?expiresIn=${expiresIn}`);
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(200);
  const url = new URL(body.signedUrl, 'https://relative.invalid');
  return url.pathname + url.search;
}

describe('files through the gateway', () => {
  it('a signed URL downloads without Authorization (and ignores a bogus one)', async () => {
    const user = newUser();
    const { key } = await uploadPdf(user);
    const path = await signedPath(user, key);

    const res = await gateway(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cv.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);

    const withJunkAuth = await gateway(path, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(withJunkAuth.status).toBe(200);
    await withJunkAuth.arrayBuffer();

    // The authenticated routes next to it still need a user.
    const unauthenticated = await gateway(`/api/files/download/${encodeKey(key)}`);
    expect(unauthenticated.status).toBe(401);
  });

  it("the upload's downloadURL works bare, as the frontend uses it (API URL + downloadURL)", async () => {
    const user = newUser();
    const { downloadURL } = await uploadPdf(user);
    const res = await gateway(downloadURL);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
  });

  it('is refused when tampered or expired', async () => {
    // Five public calls from one (absent) client IP: the KV rate-limit tier's write-behind spaces
    // its writes 1.1 s apart and waitOnExecutionContext waits for each, so allow for it.
    const user = newUser();
    const { key } = await uploadPdf(user);
    const other = await uploadPdf(user);
    const url = new URL(await signedPath(user, key), 'https://x');
    const tampered = (edit: (p: URLSearchParams) => void) => {
      const p = new URLSearchParams(url.search);
      edit(p);
      return `/api/files/signed?${p}`;
    };
    for (const path of [
      tampered((p) => p.set('signature', p.get('signature')!.split('').reverse().join(''))),
      tampered((p) => p.set('key', other.key)),
      tampered((p) => p.set('version', `${crypto.randomUUID()}.${'0'.repeat(32)}`)),
      tampered((p) => p.set('expires', String(Number(p.get('expires')) + 60))),
    ]) {
      const res = await gateway(path);
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'INVALID_SIGNATURE', statusCode: 403 });
    }

    // A correctly signed link whose time has passed (signed with the deployment's secret).
    const version = url.searchParams.get('version')!;
    const past = await signResource(
      env.INTERNAL_SIGNING_SECRET,
      'files',
      signedFileResource(key, version),
      Math.floor(Date.now() / 1000) - 5,
    );
    const expired = await gateway(
      `/api/files/signed?${new URLSearchParams({ key, version, expires: String(past.expires), signature: past.signature })}`,
    );
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ code: 'SIGNED_URL_EXPIRED' });

    const malformed = await gateway('/api/files/signed?key=x');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
  }, 15_000);

  it('refuses an upload over 10 MB with 413 and stores nothing', async () => {
    const user = newUser();
    const tooBig = new Uint8Array(10 * 1024 * 1024 + 1);
    tooBig.set(PDF);
    const res = await asUser(user, '/api/files/upload', {
      method: 'POST',
      body: uploadForm('resumes', tooBig, 'big.pdf', 'application/pdf'),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

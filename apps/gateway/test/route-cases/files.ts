import { expect } from 'vitest';
import type { Params, RouteCase, UserApi } from './types';

/** Plain text, so the generated checks can compare the downloaded body as a string. */
export const FILE_TEXT = 'Curriculum vitae — plain text ✓\n';
const PDF_BYTES = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');

export function uploadForm(bucket: string, content: BodyPart = FILE_TEXT, name = 'cv.txt', type = 'text/plain'): FormData {
  const form = new FormData();
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content).buffer], name, { type }));
  form.set('bucket', bucket);
  return form;
}
type BodyPart = string | Uint8Array;

export const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export async function uploadFile(owner: UserApi, bucket = 'resumes'): Promise<string> {
  const { key } = await owner.json('POST', '/api/files/upload', uploadForm(bucket), 201);
  return key;
}
const withFile = async (owner: UserApi): Promise<Params> => ({ key: await uploadFile(owner) });

const withSignedUrl = async (owner: UserApi): Promise<Params> => {
  const key = await uploadFile(owner);
  const { signedUrl } = await owner.json('GET', `/api/files/${encodeKey(key)}/signed-url?expiresIn=300`, undefined, 200);
  const url = new URL(signedUrl, 'https://relative.invalid');
  return { key, query: url.search };
};

const download = async (owner: UserApi, p: Params) => {
  const res = await owner.call('GET', `/api/files/download/${encodeKey(p.key!)}`);
  return { status: res.status, body: await res.text() };
};

export const fileCases: RouteCase[] = [
  {
    route: 'POST /api/files/upload',
    setup: withFile,
    valid: {
      body: () => uploadForm('exports', PDF_BYTES, 'export.pdf', 'application/pdf'),
      status: 201,
      check: (b) => {
        expect(b.key).toMatch(/^users\/user-[0-9a-f-]+\/exports\/[0-9a-f-]{36}\.pdf$/);
        expect(b).toMatchObject({ fullPath: b.key, size: PDF_BYTES.byteLength });
        // Used bare by the frontend (no Authorization header): a signed path.
        expect(new URL(b.downloadURL, 'https://x.invalid').searchParams.get('key')).toBe(b.key);
        expect(b.downloadURL).toMatch(/^\/api\/files\/signed\?key=.+&expires=\d+&signature=[\w-]{43}$/);
      },
    },
    invalid: { body: uploadForm('photos') },
    crossUserNotApplicable: "stores under the caller's own users/{id}/ folder",
    isolation: async (other, _owner, p) => {
      const res = await other.call('GET', `/api/files/download/${encodeKey(p.key!)}`);
      expect(res.status).toBe(404);
    },
  },
  {
    route: 'GET /api/files/download/:key+',
    setup: withFile,
    valid: { status: 200, check: (b) => expect(b).toBe(FILE_TEXT) },
    invalid: null,
    invalidNotApplicable: 'no query or body; malformed keys (traversal) are covered in apps/core/test/files.test.ts',
  },
  {
    route: 'GET /api/files/signed',
    setup: withSignedUrl,
    valid: { query: (p) => p.query!, status: 200, check: (b) => expect(b).toBe(FILE_TEXT) },
    invalid: { query: '?key=users%2Fx%2Fresumes%2Fa.txt&expires=tomorrow&signature=x' },
    crossUserNotApplicable:
      'a signed URL is a capability for one file until it expires, whoever holds it; tampering and expiry are covered in apps/gateway/test/files.test.ts',
    isolation: async (other, owner, p) => {
      // The owner's link does not open another file, not even the owner's own.
      const second = await uploadFile(owner);
      const forged = new URLSearchParams(p.query);
      forged.set('key', second);
      const res = await other.call('GET', `/api/files/signed?${forged}`);
      expect(res.status).toBe(403);
    },
  },
  {
    route: 'GET /api/files/:key+/signed-url',
    setup: withFile,
    valid: {
      query: '?expiresIn=120',
      status: 200,
      check: (b, p) => {
        expect(b).toMatchObject({ key: p.key, expiresIn: 120 });
        expect(b.signedUrl).toMatch(/\/api\/files\/signed\?key=.+&expires=\d+&signature=[\w-]+$/);
      },
    },
    invalid: { query: '?expiresIn=5' },
  },
  {
    route: 'DELETE /api/files/:key+',
    setup: withFile,
    valid: { status: 204 },
    invalid: null,
    invalidNotApplicable: 'no query or body; malformed keys (traversal) are covered in apps/core/test/files.test.ts',
    snapshot: download,
  },
];

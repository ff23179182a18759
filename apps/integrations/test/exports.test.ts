// Timeouts: font parsing and text extraction take seconds on a busy machine.
/**
 * Exports read back with independent tools (unpdf for the PDF's text, mammoth for the DOCX),
 * and the signed download link served by core's route (here: the same signature check core runs).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { Buffer } from 'node:buffer';
import mammoth from 'mammoth';
import { files, soleShardDb } from '@jobmatch/db';
import { DOCX, PDF, TEXT, detectContentType, parseFileKey } from '@jobmatch/files';
import { FILE_URL_PURPOSE, H_INVALIDATE_FAMILIES, checkResourceSignature, signedFileResource } from '@jobmatch/shared-middleware';
import { NON_LATIN_NAME, PUBLIC_API, call, newUser, seedApplication, withRowCap, type Json } from './helpers';

async function exportAs(userId: string, format: string, applicationId: string) {
  const res = await call(`/api/exports/${format}`, { method: 'POST', userId, body: { applicationId } });
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { res, body };
}

/** The bytes an export's link points at, after checking the link the way core's signed route does. */
async function download(downloadUrl: string, nowMs = Date.now()) {
  const url = new URL(downloadUrl);
  const key = url.searchParams.get('key')!;
  const version = url.searchParams.get('version')!;
  const check = await checkResourceSignature(
    env.INTERNAL_SIGNING_SECRET,
    FILE_URL_PURPOSE,
    signedFileResource(key, version),
    Number(url.searchParams.get('expires')),
    url.searchParams.get('signature')!,
    nowMs,
  );
  // Core serves only the version the link names: this row id, this etag.
  const [id, etag] = version.split('.');
  const record = await files.getFile(soleShardDb(env), parseFileKey(key, null).userId, key);
  const object = record?.id === id ? await env.EXPORTS.get(key, { onlyIf: { etagMatches: etag! } }) : null;
  return { url, key, check, bytes: object && 'body' in object ? new Uint8Array(await (object as R2ObjectBody).arrayBuffer()) : null };
}

const fullName = `${NON_LATIN_NAME.first} ${NON_LATIN_NAME.last}`;
const collapse = (text: string) => text.replace(/\s+/g, ' ');

describe('POST /api/exports/{pdf,docx,text}', { timeout: 30_000 }, () => {
  it('PDF: the complete application, readable by unpdf, non-Latin names included', async () => {
    const userId = newUser();
    const { application, employers } = await seedApplication(userId);
    const { res, body } = await exportAs(userId, 'pdf', application.id);
    expect(body).toEqual({
      downloadUrl: expect.any(String),
      fileName: expect.stringMatching(/\.pdf$/),
      expiresAt: expect.any(String),
      format: 'pdf',
      fileSize: expect.any(Number),
      key: expect.any(String),
    });
    expect(body.downloadUrl.startsWith(`${PUBLIC_API}/api/files/signed?`)).toBe(true);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect(res.headers.get(H_INVALIDATE_FAMILIES)).toBe('exports,files');

    const { check, bytes, key } = await download(body.downloadUrl);
    expect(check).toBe('valid');
    expect(bytes!.byteLength).toBe(body.fileSize);
    expect(detectContentType(bytes!)).toBe(PDF);
    expect(parseFileKey(key, userId).bucket).toBe('exports');

    const { text } = await extractText(bytes!, { mergePages: true });
    const flat = collapse(text);
    expect(flat).toContain(fullName);
    expect(flat).toContain('I would love to build your edge platform — Привет from Kraków.');
    for (const employer of employers) expect(flat).toContain(employer);
    expect(flat).toContain('Cut p99 latency by 32%');
    expect(flat).toContain('MSc Computer Science — Jagiellonian University');
    expect(flat).toContain('Cloudflare Workers');
    expect(flat).toContain('Backend engineer focused on edge platforms & reliable APIs <fast>.');
    expect(flat).not.toContain('The unselected letter.');

    // core serves it from the files row this export recorded.
    const row = await files.getFile(soleShardDb(env), userId, key);
    expect(row).toMatchObject({ bucket: 'exports', content_type: PDF, size: body.fileSize, original_name: body.fileName });
  });

  it('DOCX: the same content, read back with mammoth', async () => {
    const userId = newUser();
    const { application, employers } = await seedApplication(userId);
    const { body } = await exportAs(userId, 'docx', application.id);
    expect(body.format).toBe('docx');
    const { bytes, check } = await download(body.downloadUrl);
    expect(check).toBe('valid');
    expect(detectContentType(bytes!)).toBe(DOCX);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes!) });
    const flat = collapse(value);
    expect(flat).toContain(fullName);
    expect(flat).toContain('I would love to build your edge platform — Привет from Kraków.');
    for (const employer of employers) expect(flat).toContain(employer);
    expect(flat).toContain('Shipped Acme GmbH platform to 1M users');
  });

  it('text: UTF-8 plain text with the whole application', async () => {
    const userId = newUser();
    const { application, employers } = await seedApplication(userId);
    const { body } = await exportAs(userId, 'text', application.id);
    expect(body.fileName).toMatch(/\.txt$/);
    const { bytes } = await download(body.downloadUrl);
    expect(detectContentType(bytes!)).toBe(TEXT);
    const text = new TextDecoder().decode(bytes!);
    expect(text).toContain(fullName.toUpperCase());
    for (const employer of employers) expect(text).toContain(employer);
    expect(text).toContain('Dear Edgeworks team,');
  });

  it('the link expires: valid until expiresAt, refused after, and a tampered one is refused', async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    const { body } = await exportAs(userId, 'text', application.id);
    const expires = Date.parse(body.expiresAt);
    expect((await download(body.downloadUrl, expires - 1000)).check).toBe('valid');
    expect((await download(body.downloadUrl, expires + 1000)).check).toBe('expired');
    const tampered = new URL(body.downloadUrl);
    tampered.searchParams.set('key', tampered.searchParams.get('key')!.replace(/\.txt$/, '.pdf'));
    expect((await download(tampered.toString())).check).toBe('invalid');
  });

  it("another user's application → 404, nothing stored", async () => {
    const owner = newUser();
    const { application } = await seedApplication(owner);
    const intruder = newUser();
    const res = await call('/api/exports/pdf', { method: 'POST', userId: intruder, body: { applicationId: application.id } });
    expect(res.status).toBe(404);
    expect((await files.listFiles(soleShardDb(env), intruder, { page: 1, limit: 10 })).total).toBe(0);
    expect((await env.EXPORTS.list({ prefix: `users/${intruder}/` })).objects).toHaveLength(0);
  });

  it("past the caller's files quota (exports are files) → 413 STORAGE_QUOTA_EXCEEDED, nothing kept in R2 or D1", async () => {
    const userId = newUser();
    const { application } = await seedApplication(userId);
    await exportAs(userId, 'text', application.id);
    await withRowCap('files', 1, async () => {
      const res = await call('/api/exports/pdf', { method: 'POST', userId, body: { applicationId: application.id } });
      const body = (await res.json()) as Json;
      expect(res.status, JSON.stringify(body)).toBe(413);
      expect(body).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { resource: 'files', limit: { rows: 1 }, used: { rows: 1 } } });
      expect((await files.listFiles(soleShardDb(env), userId, { page: 1, limit: 10 })).total).toBe(1);
      expect((await env.EXPORTS.list({ prefix: `users/${userId}/` })).objects).toHaveLength(1);
    });
  });

  it('bad input → 400 VALIDATION_ERROR; unknown format → 404', async () => {
    const userId = newUser();
    const res = await call('/api/exports/pdf', { method: 'POST', userId, body: {} });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).code).toBe('VALIDATION_ERROR');
    expect((await call('/api/exports/xlsx', { method: 'POST', userId, body: { applicationId: 'x' } })).status).toBe(404);
  });

  it('renders characters outside the font and odd text without crashing', async () => {
    const userId = newUser();
    const { applications } = await import('@jobmatch/db');
    const created = await applications.createApplication(
      soleShardDb(env),
      { userId, email: null },
      {
        jobTitle: 'Ingénieur 東京 🚀',
        company: 'Zürich\tAG',
        variants: [
          {
            id: 'only',
            name: '',
            coverLetter: `Emoji 🚀 and 日本語 and control\u0007chars and a ${'verylongword'.repeat(40)}`,
            aiRationale: [],
            resume: { summary: '', experience: [], skills: [], education: [] },
          },
        ],
      },
    );
    for (const format of ['pdf', 'docx', 'text']) {
      const res = await call(`/api/exports/${format}`, { method: 'POST', userId, body: { applicationId: created!.id } });
      expect(res.status).toBe(201);
    }
  });
});

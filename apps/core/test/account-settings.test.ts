/**
 * Settings → Security's 2FA read (securityService), workersApi.getSession and
 * workersApi.getFileUrl, sent as the frontend sends them.
 */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, newUser } from './api';
import { call } from './signed';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('GET /api/sessions/users/:userId/2fa-settings', () => {
  it('answers the caller’s own settings (off by default) with boolean fields', async () => {
    const user = newUser();
    const res = await call(`/api/sessions/users/${user}/2fa-settings`, { userId: user, headers: JSON_HEADERS });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user_id: user,
      two_factor_enabled: false,
      two_factor_setup_complete: false,
      backup_codes_generated: false,
    });

    const now = new Date().toISOString();
    await api(user, 'GET', '/api/profile', undefined, 200);
    await soleShardDb(env)
      .prepare(
        'INSERT INTO user_security_settings (user_id, two_factor_enabled, backup_codes_generated, created_at, updated_at) VALUES (?1, 1, 1, ?2, ?2)',
      )
      .bind(user, now)
      .run();
    const on = (await (await call(`/api/sessions/users/${user}/2fa-settings`, { userId: user })).json()) as Record<string, unknown>;
    expect(on).toEqual({ user_id: user, two_factor_enabled: true, two_factor_setup_complete: true, backup_codes_generated: true });
  });

  it('any other user id → 404 (existing or not)', async () => {
    const owner = newUser();
    await api(owner, 'GET', '/api/profile', undefined, 200);
    for (const target of [owner, crypto.randomUUID()]) {
      const res = await call(`/api/sessions/users/${target}/2fa-settings`, { userId: newUser() });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
  });
});

describe('GET /api/auth/session', () => {
  it('answers the verified user and session, with the stored names', async () => {
    const user = newUser();
    await api(user, 'PATCH', '/api/profile', { first_name: 'Ada', last_name: 'Lovelace' }, 200);
    const res = await call('/api/auth/session', { userId: user, sessionId: 'sess-42', headers: JSON_HEADERS });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: user, email: `${user}@example.test`, firstName: 'Ada', lastName: 'Lovelace' },
      session: { id: 'sess-42' },
    });
    const fresh = newUser();
    const body = (await (await call('/api/auth/session', { userId: fresh })).json()) as any;
    expect(body.user).toEqual({ id: fresh, email: `${fresh}@example.test`, firstName: null, lastName: null });
  });
});

describe('GET /api/files/download/:key — workersApi.getFileUrl vs a plain download', () => {
  it('JSON callers get {url, expiresIn} (a working signed URL); others get the bytes', async () => {
    const user = newUser();
    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('%PDF-1.7\n%%EOF\n')], 'cv.pdf', { type: 'application/pdf' }));
    form.set('bucket', 'resumes');
    const up = (await (await call('/api/files/upload', { method: 'POST', userId: user, body: form })).json()) as { key: string };

    // getFileUrl: `/api/files/download/${encodeURIComponent(fileKey)}` with Content-Type: application/json.
    const asJson = await call(`/api/files/download/${encodeURIComponent(up.key)}`, { userId: user, headers: JSON_HEADERS });
    expect(asJson.status).toBe(200);
    const { url, expiresIn, expiresAt, key } = (await asJson.json()) as { url: string; expiresIn: number; expiresAt: string; key: string };
    expect(typeof url).toBe('string');
    expect(expiresIn).toBe(3600);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(key).toBe(up.key);
    const viaUrl = await call(url, { userId: null });
    expect(viaUrl.status).toBe(200);
    expect(await viaUrl.text()).toBe('%PDF-1.7\n%%EOF\n');

    const byAccept = await call(`/api/files/download/${up.key}`, { userId: user, headers: { Accept: 'application/json' } });
    expect(byAccept.headers.get('content-type')).toMatch(/^application\/json/);

    for (const accept of [undefined, '*/*', 'application/pdf', 'application/json;q=0, */*']) {
      const bytes = await call(`/api/files/download/${up.key}`, { userId: user, headers: accept ? { Accept: accept } : {} });
      expect(bytes.status, accept).toBe(200);
      expect(bytes.headers.get('content-type'), accept).toBe('application/pdf');
    }
    // Another user: 404 either way.
    expect((await call(`/api/files/download/${encodeURIComponent(up.key)}`, { userId: newUser(), headers: JSON_HEADERS })).status).toBe(
      404,
    );
  });
});

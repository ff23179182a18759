/**
 * The frontend's own session id (securityService @271f0f5: 64 hex made at sign-in, kept in
 * sessionStorage) registered as a name for the token session it is sent from.
 */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { sessions as sessionKv } from '@jobmatch/kv-schemas';
import { describe, expect, it } from 'vitest';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const tokenSession = () => `sess-${crypto.randomUUID()}`;
/** What the frontend makes at sign-in: 32 random bytes as hex. */
const clientId = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** createOrUpdateSession's exact body. */
const frontendBody = (session_id: string) => ({
  session_id,
  device_type: 'desktop',
  device_os: 'Linux x86_64',
  browser: 'Chrome 131',
  ip_address: '198.51.100.23',
  user_agent: UA,
});

const post = (userId: string, sessionId: string, body: unknown) => call('/api/sessions', { method: 'POST', userId, sessionId, body });
const listOf = async (userId: string, sessionId: string) => {
  const res = await call('/api/sessions?active=true', { userId, sessionId });
  expect(res.status).toBe(200);
  return (await res.json()) as Json[];
};

describe('/api/sessions with the frontend’s own session id', () => {
  it('registers the client id for the token session; the list, PATCH and DELETE use it', async () => {
    const user = newUser();
    const token = tokenSession();
    const mine = clientId();
    const created = await post(user, token, frontendBody(mine));
    const row = (await created.json()) as Json;
    expect(created.status, JSON.stringify(row)).toBe(201);
    // ip comes from the request, never from the body.
    expect(row).toMatchObject({
      session_id: mine,
      device_type: 'desktop',
      browser: 'Chrome 131',
      ip_address: '203.0.113.7',
      is_current: true,
    });

    // Re-registering from the same token session is an upsert.
    const again = await post(user, token, frontendBody(mine));
    expect(again.status).toBe(200);

    // getActiveSessions: a bare array; it reads session_id, device_type, browser, ip_address, last_active.
    const list = await listOf(user, token);
    expect(list).toHaveLength(1);
    const [entry] = list;
    expect(entry!.session_id).toBe(mine);
    for (const field of ['session_id', 'device_type', 'browser', 'ip_address', 'last_active'])
      expect(typeof entry![field], field).toBe('string');

    // updateSessionActivity: PATCH with no body touches last_active.
    await soleShardDb(env).prepare("UPDATE session_aliases SET last_active = '2026-01-01T00:00:00.000Z' WHERE id = ?1").bind(mine).run();
    const touched = await call(`/api/sessions/${mine}`, {
      method: 'PATCH',
      userId: user,
      sessionId: token,
      headers: { 'Content-Type': 'application/json' },
    });
    const touchedRow = (await touched.json()) as Json;
    expect(touched.status, JSON.stringify(touchedRow)).toBe(200);
    expect(touchedRow.session_id).toBe(mine);
    expect(Date.parse(touchedRow.last_active)).toBeGreaterThan(Date.parse('2026-06-01'));

    // revokeSession with the client id revokes the token session: KV marks the token's claim.
    const revoked = await call(`/api/sessions/${mine}`, { method: 'DELETE', userId: user, sessionId: tokenSession() });
    expect(revoked.status).toBe(204);
    expect(await sessionKv.sessionState.get(env.SESSIONS, token)).toMatchObject({ userId: user, status: 'revoked' });
    expect(await listOf(user, tokenSession())).toEqual([]);
    // The revoked token session cannot name itself again.
    expect((await post(user, token, frontendBody(clientId()))).status).toBe(409);
  });

  it('one row per client id: two tabs of one token session each see their own id as current', async () => {
    const user = newUser();
    const token = tokenSession();
    const [tabA, tabB] = [clientId(), clientId()];
    expect((await post(user, token, frontendBody(tabA))).status).toBe(201);
    expect((await post(user, token, frontendBody(tabB))).status).toBe(201);
    const other = tokenSession();
    expect((await post(user, other, { session_id: other, device_type: 'mobile' })).status).toBe(201);
    const list = await listOf(user, token);
    expect(list.map((s) => s.session_id).sort()).toEqual([tabA, tabB, other].sort());
    expect(
      list
        .filter((s) => s.is_current)
        .map((s) => s.session_id)
        .sort(),
    ).toEqual([tabA, tabB].sort());
  });

  it('re-registering a client id from another token session is refused; another user can neither claim nor revoke it', async () => {
    const owner = newUser();
    const token = tokenSession();
    const name = clientId();
    expect((await post(owner, token, frontendBody(name))).status).toBe(201);

    const otherSession = await post(owner, tokenSession(), frontendBody(name));
    expect(otherSession.status).toBe(409);
    expect(((await otherSession.json()) as Json).code).toBe('SESSION_ID_TAKEN');

    const intruder = newUser();
    const intruderToken = tokenSession();
    expect((await post(intruder, intruderToken, frontendBody(name))).status).toBe(404);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      expect((await call(`/api/sessions/${name}`, { method, userId: intruder, sessionId: intruderToken })).status, method).toBe(404);
    }
    expect(await sessionKv.sessionState.get(env.SESSIONS, token)).toBeNull();
    // The name still stands for the owner's first token session (the refused POST's own token
    // session is registered under its id, as the gateway's activity record would).
    expect((await listOf(owner, token)).find((s) => s.session_id === name)).toMatchObject({ is_current: true });

    // A client id may not be a token session id either (names and ids never collide).
    const someoneElsesToken = tokenSession();
    expect((await post(newUser(), someoneElsesToken, { session_id: someoneElsesToken })).status).toBe(201);
    expect((await post(owner, token, frontendBody(someoneElsesToken))).status).toBe(409);
  });

  it('refuses unknown keys by name and malformed ids', async () => {
    const user = newUser();
    const token = tokenSession();
    for (const [body, path] of [
      [{ ...frontendBody(clientId()), devise_type: 'typo' }, 'devise_type'],
      [{ session_id: 'not valid!' }, 'session_id'],
      [{ device_type: 'desktop' }, 'session_id'],
    ] as const) {
      const res = await post(user, token, body);
      const err = (await res.json()) as Json;
      expect(res.status, JSON.stringify(err)).toBe(400);
      expect(err.details.issues[0].path).toBe(path);
    }
    expect(await listOf(user, token)).toEqual([]);
  });
});

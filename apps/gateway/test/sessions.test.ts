/**
 * Sessions through the gateway: registration, activity, revocation (401 SESSION_REVOKED for
 * that session's tokens only) and the KV budget — the gateway only reads KV SESSIONS.
 */
import { env } from 'cloudflare:test';
import { kvWithStalledFirstRead } from '@jobmatch/test-support/faults';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { describe, expect, it } from 'vitest';
import { asUser, devToken, gateway, newUser, type Json } from './helpers';

const sid = () => `sess-${crypto.randomUUID()}`;

describe('sessions', () => {
  it('registers a session with device fields and ip from the request, and lists only active ones', async () => {
    const user = newUser();
    const s1 = sid();
    const created = await asUser(user, '/api/sessions', {
      method: 'POST',
      sessionId: s1,
      headers: { 'CF-Connecting-IP': '198.51.100.4' },
      json: { session_id: s1, device_type: 'desktop', device_os: 'Linux', browser: 'Firefox', user_agent: 'UA/1' },
    });
    expect(created.status).toBe(201);
    const row = (await created.json()) as Json;
    expect(row).toMatchObject({
      id: s1,
      device_type: 'desktop',
      browser: 'Firefox',
      ip_address: '198.51.100.4',
      revoked_at: null,
      is_current: true,
    });

    const list = (await (await asUser(user, '/api/sessions', { sessionId: s1 })).json()) as Json[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((s) => s.id)).toEqual([s1]);
  });

  it('the session location is the signed request.cf country; a client-sent CF-IPCountry is ignored', async () => {
    const user = newUser();
    const [registered, touched] = [sid(), sid()];
    const call = async (path: string, sessionId: string, init: RequestInit = {}) => {
      const headers = {
        Authorization: `Bearer ${await devToken(user, { sessionId })}`,
        'Content-Type': 'application/json',
        'CF-IPCountry': 'XX',
      };
      return gateway(path, { ...init, headers, cf: { country: 'DE' } } as RequestInit);
    };
    expect((await call('/api/sessions', registered, { method: 'POST', body: JSON.stringify({ session_id: registered }) })).status).toBe(
      201,
    );
    // The gateway's own activity record (any request but POST /api/sessions) carries it too.
    expect((await call('/api/jobs', touched)).status).toBe(200);
    for (const s of [registered, touched]) {
      const row = await env.TEST_DB.prepare('SELECT location FROM sessions WHERE id = ?').bind(s).first<Json>();
      expect(row, s === touched ? 'activity touch' : 'registration').toEqual({ location: 'DE' });
    }
  });

  it('records activity of a session the client never registered (gateway → core, D1 only)', async () => {
    const user = newUser();
    const s1 = sid();
    expect((await asUser(user, '/api/jobs', { sessionId: s1, headers: { 'User-Agent': 'Browser/9' } })).status).toBe(200);
    const stored = await env.TEST_DB.prepare('SELECT user_id, user_agent, last_active FROM sessions WHERE id = ?').bind(s1).first<Json>();
    expect(stored).toMatchObject({ user_id: user, user_agent: 'Browser/9' });
  });

  it("revoking a session refuses its tokens with SESSION_REVOKED; the user's other sessions keep working", async () => {
    const user = newUser();
    const [s1, s2] = [sid(), sid()];
    for (const s of [s1, s2]) {
      expect((await asUser(user, '/api/sessions', { method: 'POST', sessionId: s, json: { session_id: s } })).status).toBeLessThan(300);
    }
    expect((await asUser(user, `/api/sessions/${s1}`, { method: 'DELETE', sessionId: s2 })).status).toBe(204);

    const refused = await asUser(user, '/api/jobs', { sessionId: s1 });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).code).toBe('SESSION_REVOKED');
    // A fresh token of the same session is refused too (it is the session, not the token).
    expect((await asUser(user, '/api/profile', { sessionId: s1 })).status).toBe(401);

    expect((await asUser(user, '/api/jobs', { sessionId: s2 })).status).toBe(200);
    const active = (await (await asUser(user, '/api/sessions', { sessionId: s2 })).json()) as Json[];
    expect(active.map((s) => s.id)).toEqual([s2]);
    // Revoking again is idempotent.
    expect((await asUser(user, `/api/sessions/${s1}`, { method: 'DELETE', sessionId: s2 })).status).toBe(204);
  });

  it('a revocation KV never got is enforced once core answers the activity touch with 409 SESSION_REVOKED', async () => {
    const user = newUser();
    const s1 = sid();
    expect((await asUser(user, '/api/sessions', { method: 'POST', sessionId: s1, json: { session_id: s1 } })).status).toBe(201);
    // Revoked in D1 only, as when core's KV write failed: the gateway's KV check finds nothing.
    const now = new Date().toISOString();
    await env.TEST_DB.batch([
      env.TEST_DB.prepare('UPDATE sessions SET revoked_at = ?2 WHERE id = ?1').bind(s1, now),
      env.TEST_DB.prepare(
        "INSERT INTO session_revocations (id, user_id, revoked_at, expires_at) VALUES (?1, ?2, ?3, '2099-01-01T00:00:00.000Z')",
      ).bind(s1, user, now),
    ]);
    // The first request passes (nothing says revoked yet) and touches the session: core answers 409.
    expect((await asUser(user, '/api/jobs', { sessionId: s1 })).status).toBe(200);
    for (const path of ['/api/jobs', '/api/profile']) {
      const refused = await asUser(user, path, { sessionId: s1 });
      expect(refused.status, path).toBe(401);
      expect(((await refused.json()) as Json).code).toBe('SESSION_REVOKED');
    }
  });

  it('another user can neither see, revoke nor take over a session id (404, nothing changes)', async () => {
    const owner = newUser();
    const intruder = newUser();
    const s1 = sid();
    expect((await asUser(owner, '/api/sessions', { method: 'POST', sessionId: s1, json: { session_id: s1 } })).status).toBeLessThan(300);

    for (const [method, path, json] of [
      ['GET', `/api/sessions/${s1}`, undefined],
      ['PATCH', `/api/sessions/${s1}`, { browser: 'Evil' }],
      ['DELETE', `/api/sessions/${s1}`, undefined],
    ] as const) {
      const res = await asUser(intruder, path, { method, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Claiming the id as a client name is refused outright: it is another session's id.
    const claim = await asUser(intruder, '/api/sessions', { method: 'POST', json: { session_id: s1 } });
    expect(claim.status).toBe(409);
    expect((await asUser(owner, '/api/jobs', { sessionId: s1 })).status).toBe(200);
    const row = await env.TEST_DB.prepare('SELECT user_id, browser, revoked_at FROM sessions WHERE id = ?').bind(s1).first<Json>();
    expect(row).toEqual({ user_id: owner, browser: null, revoked_at: null });
  });

  it("revoking the frontend's own session id signs out the token session it was registered from", async () => {
    const user = newUser();
    const [token, otherDevice] = [sid(), sid()];
    const clientId = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const body = {
      session_id: clientId,
      device_type: 'desktop',
      device_os: 'Linux',
      browser: 'Chrome 131',
      ip_address: '198.51.100.1',
      user_agent: 'UA/1',
    };
    expect((await asUser(user, '/api/sessions', { method: 'POST', sessionId: token, json: body })).status).toBe(201);
    const list = (await (await asUser(user, '/api/sessions?active=true', { sessionId: otherDevice })).json()) as Json[];
    expect(list.map((s) => s.session_id)).toContain(clientId);
    expect((await asUser(user, `/api/sessions/${clientId}`, { method: 'PATCH', sessionId: token })).status).toBe(200);

    expect((await asUser(user, `/api/sessions/${clientId}`, { method: 'DELETE', sessionId: otherDevice })).status).toBe(204);
    const refused = await asUser(user, '/api/jobs', { sessionId: token });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).code).toBe('SESSION_REVOKED');
    expect((await asUser(user, '/api/jobs', { sessionId: otherDevice })).status).toBe(200);
  });

  it('DELETE /api/sessions signs out every other session and keeps the current one', async () => {
    const user = newUser();
    const [current, a, b] = [sid(), sid(), sid()];
    for (const s of [current, a, b]) await asUser(user, '/api/sessions', { method: 'POST', sessionId: s, json: { session_id: s } });
    const res = await asUser(user, '/api/sessions', { method: 'DELETE', sessionId: current });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.revoked).toBe(2);
    expect(body.sessionIds.sort()).toEqual([a, b].sort());
    for (const s of [a, b]) expect((await asUser(user, '/api/jobs', { sessionId: s })).status).toBe(401);
    expect((await asUser(user, '/api/jobs', { sessionId: current })).status).toBe(200);
  });

  it('validates input: session_id required and bounded, unknown PATCH fields refused', async () => {
    const user = newUser();
    for (const json of [{}, { session_id: '' }, { session_id: 'x'.repeat(129) }, { session_id: 'bad id/../' }]) {
      const res = await asUser(user, '/api/sessions', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(((await res.json()) as Json).code).toBe('VALIDATION_ERROR');
    }
  });

  it('a burst of 100 requests on one session costs the gateway at most one KV SESSIONS read and no write', async () => {
    const kv = prodLikeKv(env.SESSIONS);
    const user = newUser();
    const s1 = sid();
    const results = await Promise.all(Array.from({ length: 100 }, () => asUser(user, '/api/skills', { sessionId: s1 }, { SESSIONS: kv })));
    expect(results.every((r) => r.status !== 401 && r.status < 500)).toBe(true);
    expect(kv.stats.violations).toEqual([]);
    expect(kv.stats.writes).toBe(0);
    expect(kv.stats.reads).toBe(1);
    for (let i = 0; i < 20; i++) await asUser(user, '/api/skills', { sessionId: s1 }, { SESSIONS: kv });
    expect(kv.stats.reads).toBe(1);
  });

  it('a request waiting for another request’s session read that never ends (that request was cancelled) reads for itself', async () => {
    const user = newUser();
    const s1 = sid();
    const kv = kvWithStalledFirstRead(env.SESSIONS);
    void asUser(user, '/api/skills', { sessionId: s1 }, { SESSIONS: kv }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await Promise.race([
      asUser(user, '/api/skills', { sessionId: s1 }, { SESSIONS: kv }).then((r) => r.status),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
    ]);
    expect(second).toBe(200);
    expect(kv.reads()).toBe(2);
  });
});

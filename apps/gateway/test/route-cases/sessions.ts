import type { Json } from '../helpers';
import { expect } from 'vitest';
import { userApi, type Params, type RouteCase, type UserApi } from './types';

/** Registers the owner's own session (the one its tokens carry). */
const withSession = async (owner: UserApi) => {
  await owner.json('POST', '/api/sessions', { session_id: owner.sessionId, device_type: 'desktop' }, 201);
  return { sessionId: owner.sessionId };
};
/** The frontend's own session id (64 hex, made at sign-in), registered as in createOrUpdateSession. */
const clientId = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
const frontendBody = (session_id: string) => ({
  session_id,
  device_type: 'desktop',
  device_os: 'Linux x86_64',
  browser: 'Firefox 133',
  ip_address: '198.51.100.23',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
});
/** Registers a client id for the owner's token session; `sessionId` is that client id. */
const withClientSession = async (owner: UserApi) => {
  const id = clientId();
  await owner.json('POST', '/api/sessions', frontendBody(id), 201);
  return { sessionId: id };
};
const noInput = 'no query or body; the path id is validated but a bad one cannot come from setup';
/**
 * The owner's session as the owner reads it, without `expires_at`: the owner's own read makes
 * the gateway record activity (in waitUntil, racing the read), which extends the expiry. That
 * race surfaced with two shards (the record's extra session-owner claim in DB_0 makes it land
 * after the first read); what another user could change (device, last_active, revoked_at) stays.
 */
const ownSession = async (owner: UserApi, p: Params) => {
  const { expires_at: _refreshedByOwnActivity, ...rest } = await owner.json('GET', `/api/sessions/${p.sessionId}`, undefined, 200);
  return rest;
};

export const sessionCases: RouteCase[] = [
  {
    route: 'GET /api/sessions',
    setup: withClientSession,
    valid: {
      query: '?active=true',
      status: 200,
      check: (b, p) =>
        expect(b.find((s: Json) => s.session_id === p.sessionId)).toMatchObject({
          device_type: 'desktop',
          browser: 'Firefox 133',
          is_current: true,
        }),
    },
    invalid: null,
    invalidNotApplicable: 'takes no query or body',
    isolation: async (other, _owner, p) => {
      const list = await other.json('GET', '/api/sessions?active=true', undefined, 200);
      expect(list.map((s: Json) => s.session_id)).not.toContain(p.sessionId);
    },
  },
  {
    route: 'POST /api/sessions',
    setup: async () => ({ sessionId: clientId() }),
    valid: {
      body: (p: Params) => frontendBody(p.sessionId!),
      status: 201,
      check: (b, p) => expect(b).toMatchObject({ session_id: p.sessionId, browser: 'Firefox 133', is_current: true }),
    },
    invalid: { body: { session_id: 'bad id/../' } },
    // Another user can neither claim a registered client id nor see it.
    isolation: async (other, owner, p) => {
      await owner.json('POST', '/api/sessions', frontendBody(p.sessionId!), 201);
      const claim = await other.call('POST', '/api/sessions', frontendBody(p.sessionId!));
      expect(claim.status).toBe(404);
      expect((await owner.json('GET', `/api/sessions/${p.sessionId}`, undefined, 200)).is_current).toBe(true);
    },
  },
  {
    route: 'GET /api/sessions/:sessionId',
    setup: withClientSession,
    valid: { status: 200, check: (b, p) => expect(b.session_id).toBe(p.sessionId) },
    invalid: null,
    invalidNotApplicable: noInput,
  },
  {
    route: 'PATCH /api/sessions/:sessionId',
    setup: withClientSession,
    snapshot: ownSession,
    // updateSessionActivity sends no body: it only touches last_active.
    valid: { status: 200, check: (b, p) => expect(b).toMatchObject({ session_id: p.sessionId, last_active: expect.any(String) }) },
    invalid: { body: { browser: 42 } },
  },
  {
    route: 'DELETE /api/sessions/:sessionId',
    setup: withClientSession,
    snapshot: ownSession,
    valid: { status: 204 },
    invalid: null,
    invalidNotApplicable: noInput,
  },
  {
    route: 'DELETE /api/sessions',
    setup: async (owner) => {
      const p = await withSession(owner);
      const laptop = userApi(owner.userId); // the same user on a second device
      await laptop.json('POST', '/api/sessions', { session_id: laptop.sessionId }, 201);
      return p;
    },
    valid: { status: 200, check: (b) => expect(b.revoked).toBeGreaterThanOrEqual(1) },
    invalid: null,
    invalidNotApplicable: 'takes no query or body',
    isolation: async (other, owner, p) => {
      await other.json('DELETE', '/api/sessions', undefined, 200);
      const mine = await owner.json('GET', `/api/sessions/${p.sessionId}`, undefined, 200);
      expect(mine.revoked_at).toBeNull();
    },
  },
];

import type { Json } from '../helpers';
import { expect } from 'vitest';
import { userApi, type Params, type RouteCase, type UserApi } from './types';

/** Registers the owner's own session (the one its tokens carry). */
const withSession = async (owner: UserApi) => {
  await owner.json('POST', '/api/sessions', { session_id: owner.sessionId, device_type: 'desktop' }, 201);
  return { sessionId: owner.sessionId };
};
const noInput = 'no query or body; the path id is validated but a bad one cannot come from setup';

export const sessionCases: RouteCase[] = [
  {
    route: 'GET /api/sessions',
    setup: withSession,
    valid: { status: 200, check: (b, p) => expect(b.map((s: Json) => s.id)).toContain(p.sessionId) },
    invalid: null,
    invalidNotApplicable: 'takes no query or body',
    isolation: async (other, _owner, p) => {
      const list = await other.json('GET', '/api/sessions', undefined, 200);
      expect(list.map((s: Json) => s.id)).not.toContain(p.sessionId);
    },
  },
  {
    route: 'POST /api/sessions',
    setup: async (owner) => ({ sessionId: owner.sessionId }),
    valid: { body: (p: Params) => ({ session_id: p.sessionId, browser: 'Firefox' }), status: 201, check: (b) => expect(b.browser).toBe('Firefox') },
    invalid: { body: { session_id: 'not-the-token-session' } },
    crossUserNotApplicable: "registers the caller's own token session only; another id is a 400 (sessions.test.ts)",
  },
  {
    route: 'GET /api/sessions/:sessionId',
    setup: withSession,
    valid: { status: 200, check: (b, p) => expect(b.id).toBe(p.sessionId) },
    invalid: null,
    invalidNotApplicable: noInput,
  },
  {
    route: 'PATCH /api/sessions/:sessionId',
    setup: withSession,
    valid: { body: { browser: 'Safari' }, status: 200, check: (b) => expect(b.browser).toBe('Safari') },
    invalid: { body: { browser: 42 } },
  },
  {
    route: 'DELETE /api/sessions/:sessionId',
    setup: withSession,
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

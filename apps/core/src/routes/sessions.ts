/**
 * /api/sessions — the user's login sessions. D1 `sessions` is the audit record; KV SESSIONS
 * (read by the gateway on every request) is written only when a session is first registered
 * and when it is revoked, so a revoked session's tokens are refused with SESSION_REVOKED.
 * The gateway also calls POST here (at most every few minutes per session) to record activity.
 */
import * as v from 'valibot';
import { sessions } from '@jobmatch/db';
import { sessions as sessionKv } from '@jobmatch/kv-schemas';
import {
  ApiError,
  json,
  noContent,
  notFound,
  optionalText,
  readJson,
  userOf,
  validate,
  type ServiceRequest,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const sessionIdText = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'is required'),
  v.maxLength(128, 'must be at most 128 characters'),
  v.regex(/^[\w.:-]+$/, 'may contain only letters, digits and . _ : -'),
);

const device = {
  device_type: optionalText(50),
  device_os: optionalText(100),
  browser: optionalText(100),
  user_agent: optionalText(1000),
};
const RegisterSession = v.object({ session_id: sessionIdText, ...device });
const PatchSession = v.strictObject(device);
const SessionPath = v.object({ sessionId: sessionIdText });

/** ip and location come from the request, never from the body (API-CONTRACT). */
function requestOrigin(request: ServiceRequest) {
  return {
    ip_address: request.identity.clientIp,
    location: request.headers.get('cf-ipcountry'),
  };
}

const revoked = () => new ApiError(409, 'SESSION_REVOKED', 'This session has been revoked and cannot be used again');

async function markRevoked(env: CoreEnv, userId: string, sessionId: string): Promise<void> {
  await sessionKv.sessionState.put(env.SESSIONS, sessionId, {
    userId,
    status: 'revoked',
    createdAt: new Date().toISOString(),
    revokedAt: new Date().toISOString(),
  });
}

export function sessionRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/sessions', async (request, env) => {
      const { userId, sessionId } = userOf(request);
      return json(await sessions.listActiveSessions(env.DB, userId, sessionId));
    })
    .post('/api/sessions', async (request, env) => {
      const user = userOf(request);
      const body = await readJson(request, RegisterSession);
      const { session_id, ...fields } = body;
      const outcome = await sessions.registerSession(
        env.DB,
        user,
        session_id,
        { ...fields, ...requestOrigin(request) },
        sessionKv.SESSION_TTL_SECONDS,
        user.sessionId,
      );
      if (outcome.kind === 'foreign') throw notFound('Session');
      if (outcome.kind === 'revoked') throw revoked();
      if (outcome.kind === 'created') {
        // The one KV write of an active session's life; activity stays in D1.
        await sessionKv.sessionState.put(env.SESSIONS, session_id, {
          userId: user.userId,
          status: 'active',
          createdAt: outcome.session.created_at,
          revokedAt: null,
        });
        return json(outcome.session, 201);
      }
      return json(outcome.session, 200);
    })
    .get('/api/sessions/:sessionId', async (request, env) => {
      const { userId, sessionId: current } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      const session = await sessions.getSession(env.DB, userId, sessionId, current);
      if (!session) throw notFound('Session');
      return json(session);
    })
    .patch('/api/sessions/:sessionId', async (request, env) => {
      const { userId, sessionId: current } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      const fields = await readJson(request, PatchSession);
      const session = await sessions.updateSession(env.DB, userId, sessionId, { ...fields, ...requestOrigin(request) }, current);
      if (!session) throw notFound('Session');
      return json(session);
    })
    .delete('/api/sessions/:sessionId', async (request, env) => {
      const { userId } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      const result = await sessions.revokeSession(env.DB, userId, sessionId);
      if (!result) throw notFound('Session');
      // A repeated DELETE finds it already revoked: no second KV write (1 write/s per key).
      if (result === 'revoked') await markRevoked(env, userId, sessionId);
      return noContent();
    })
    .delete('/api/sessions', async (request, env) => {
      // "Sign out everywhere else": the caller's current session stays.
      const { userId, sessionId: current } = userOf(request);
      const ids = await sessions.revokeOtherSessions(env.DB, userId, current);
      // Distinct keys: no per-key write limit applies across them.
      await Promise.all(ids.map((id) => markRevoked(env, userId, id)));
      return json({ revoked: ids.length, sessionIds: ids });
    });
}

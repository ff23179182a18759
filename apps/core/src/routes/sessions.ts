/**
 * /api/sessions — the user's login sessions. D1 `sessions` is the audit record and
 * `session_revocations` the durable revocation; KV SESSIONS (read by the gateway on every
 * request) is written only when a session is revoked, so its tokens get SESSION_REVOKED.
 * The gateway also calls POST here (at most every few minutes per session) to record activity.
 * The frontend registers its own session id (64 hex, per tab): a name for the token session
 * it is sent from (`session_aliases`); every `:sessionId` may be such a name.
 */
import * as v from 'valibot';
import { directoryDb, SessionRowSchema, sessionOwners, sessions, userDb } from '@jobmatch/db';
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
  validationError,
  type RouteDocs,
  type ServiceRequest,
  type ServiceRouter,
} from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';
import { syncRevocations } from '../sessions/revocation-sync';

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
// Strict; `ip_address` is accepted and ignored (the frontend sends one; ip comes from the request).
const RegisterSession = v.strictObject({ session_id: sessionIdText, ...device, ip_address: v.optional(v.unknown()) });
const PatchSession = v.strictObject(device);
const SessionPath = v.object({ sessionId: sessionIdText });

/** ip and location come from the request, never from the body (API-CONTRACT). */
function requestOrigin(request: ServiceRequest) {
  return {
    ip_address: request.identity.clientIp,
    location: request.identity.country ?? null, // signed by the gateway (request.cf.country)
  };
}

const revoked = () => new ApiError(409, 'SESSION_REVOKED', 'This session has been revoked and cannot be used again');
const nameTaken = () =>
  new ApiError(409, 'SESSION_ID_TAKEN', 'This session id is already registered for another session; sign in again to get a new one');
/** Revocations written to KV per DELETE /api/sessions call; the rest follow on retry or by the cron. */
const REVOCATION_SYNC_BATCH = 50;
const revocationPending = () =>
  new ApiError(503, 'SESSION_STORE_UNAVAILABLE', 'The sign-out is recorded but not yet in effect everywhere; retry the request', {
    retryable: true,
  });

export function sessionRoutes(router: ServiceRouter<CoreEnv>): void {
  router
    .get('/api/sessions', async (request, env) => {
      const { userId, sessionId } = userOf(request);
      return json(await sessions.listActiveSessions(await userDb(env, userId), userId, sessionId));
    })
    .post('/api/sessions', async (request, env) => {
      const user = userOf(request);
      const { session_id, ip_address: _ignored, ...fields } = await readJson(request, RegisterSession);
      const device = { ...fields, ...requestOrigin(request) };
      const ttl = sessionKv.SESSION_TTL_SECONDS;
      if (!user.sessionId) throw validationError('session_id', 'the access token carries no session_id to register it for');
      // Session ids are global (KV, the gateway): one owner across every shard, as one database's
      // keys gave. Answers as the shard's own checks would: another user's session → 404, a
      // name that is another user's token session id → 409.
      const claims: sessionOwners.SessionIdClaim[] = [{ id: user.sessionId, kind: 'token' }];
      if (session_id !== user.sessionId) claims.push({ id: session_id, kind: 'name' });
      const foreign = await sessionOwners.claimSessionIds(directoryDb(env), user.userId, claims);
      if (foreign.some((f) => f.id === user.sessionId || f.kind === 'name')) throw notFound('Session');
      if (foreign.length > 0) throw nameTaken();
      // The token's own session (the gateway's activity record, older clients)…
      if (session_id === user.sessionId) {
        const outcome = await sessions.registerSession(await userDb(env, user.userId), user, session_id, device, ttl, user.sessionId);
        if (outcome.kind === 'foreign') throw notFound('Session');
        if (outcome.kind === 'revoked') throw revoked();
        // No KV write: the gateway refuses only what KV marks revoked (KV is a revocation store,
        // not an allow-list), so registering costs D1 only and can never race a revocation.
        return json(outcome.session, outcome.kind === 'created' ? 201 : 200);
      }
      // …or the frontend's own id, a name for the token session this request comes from.
      const outcome = await sessions.registerClientSession(await userDb(env, user.userId), user, session_id, user.sessionId, device, ttl);
      if (outcome.kind === 'foreign') throw notFound('Session');
      if (outcome.kind === 'revoked') throw revoked();
      if (outcome.kind === 'taken') throw nameTaken();
      return json(outcome.session, outcome.kind === 'created' ? 201 : 200);
    })
    .get('/api/sessions/:sessionId', async (request, env) => {
      const { userId, sessionId: current } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      const session = await sessions.getSession(await userDb(env, userId), userId, sessionId, current);
      if (!session) throw notFound('Session');
      return json(session);
    })
    .patch('/api/sessions/:sessionId', async (request, env) => {
      const { userId, sessionId: current } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      const fields = await readJson(request, PatchSession);
      const session = await sessions.updateSession(
        await userDb(env, userId),
        userId,
        sessionId,
        { ...fields, ...requestOrigin(request) },
        sessionKv.SESSION_TTL_SECONDS,
        current,
      );
      if (!session) throw notFound('Session');
      return json(session);
    })
    .delete('/api/sessions/:sessionId', async (request, env) => {
      const { userId } = userOf(request);
      const { sessionId } = validate(SessionPath, request.params, 'path');
      // A client name revokes the token session it stands for (enforcement is on the token's claim).
      const db = await userDb(env, userId);
      const tokenSessionId = await sessions.resolveSessionName(db, userId, sessionId);
      const revocation = await sessions.revokeSession(db, userId, tokenSessionId, sessionKv.REVOCATION_TTL_SECONDS);
      if (!revocation) throw notFound('Session');
      // Once KV has it, a repeated DELETE writes nothing (KV allows 1 write/s per key).
      if (!revocation.kv_synced_at && (await syncRevocations(env, db, [revocation])).length > 0) throw revocationPending();
      return noContent();
    })
    .delete('/api/sessions', async (request, env) => {
      // "Sign out everywhere else": the caller's current session stays.
      const { userId, sessionId: current } = userOf(request);
      const db = await userDb(env, userId);
      const { revokedIds, unsynced } = await sessions.revokeOtherSessions(
        db,
        userId,
        current,
        sessionKv.REVOCATION_TTL_SECONDS,
        REVOCATION_SYNC_BATCH + 1,
      );
      // Bounded per call; a retry (or the cron) picks up whatever is left.
      const failed = await syncRevocations(env, db, unsynced.slice(0, REVOCATION_SYNC_BATCH));
      if (failed.length > 0 || unsynced.length > REVOCATION_SYNC_BATCH) throw revocationPending();
      return json({ revoked: revokedIds.length, sessionIds: revokedIds });
    });
}

export const sessionDocs: RouteDocs = {
  'GET /api/sessions': {
    summary: "The caller's active sessions (is_current marks this one)",
    response: { status: 200, schema: v.array(SessionRowSchema) },
  },
  'POST /api/sessions': {
    summary: "Register a session id for the token's session (the token's own id, or the client's per-tab id); 200 when already registered",
    body: RegisterSession,
    response: { status: 201, schema: SessionRowSchema },
  },
  'GET /api/sessions/:sessionId': {
    summary: 'One session of the caller',
    params: SessionPath,
    response: { status: 200, schema: SessionRowSchema },
  },
  'PATCH /api/sessions/:sessionId': {
    summary: "Update a session's device details (ip and location come from the request)",
    params: SessionPath,
    body: PatchSession,
    response: { status: 200, schema: SessionRowSchema },
  },
  'DELETE /api/sessions/:sessionId': {
    summary: 'Revoke a session (its tokens then answer SESSION_REVOKED); 503 SESSION_STORE_UNAVAILABLE asks for a retry',
    params: SessionPath,
    response: { status: 204 },
  },
  'DELETE /api/sessions': {
    summary: "Sign out everywhere else: revoke every session but the caller's",
    response: { status: 200, schema: v.object({ revoked: v.number(), sessionIds: v.array(v.string()) }) },
  },
};

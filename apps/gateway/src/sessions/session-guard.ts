/**
 * Session enforcement. A token whose `session_id` was revoked answers 401 SESSION_REVOKED.
 * The check reads KV SESSIONS (written by core when a session is revoked), remembered per isolate
 * for SESSION_MEMO_MS so a busy session costs one KV read per half minute, not per request.
 * Activity is recorded by calling core's POST /api/sessions (D1 only, no KV write) at most
 * once per TOUCH_INTERVAL_MS per session per isolate; the first call also registers a session
 * the client never registered itself. Core answers that call 409 SESSION_REVOKED for a session
 * D1 knows is revoked; the gateway then refuses the session in this isolate for good, so a
 * revocation whose KV write failed is still enforced from the isolate's next touch on.
 */
// One module, not the package index: its `export * as` namespace objects would stay in the bundle.
import * as sessionKv from '@jobmatch/kv-schemas/sessions';
import { ApiError, logEvent, signIdentity, type Identity } from '@jobmatch/shared-middleware';
import type { GatewayEnv } from '../env';
import { waitWhile } from '../cross-request-wait';
import { withDeadline } from '../http/upstream';

type SessionState = sessionKv.SessionState;

export const SESSION_MEMO_MS = 30_000;
export const TOUCH_INTERVAL_MS = 5 * 60_000;
/** The activity record is best-effort: never let it hold the isolate for long. */
const TOUCH_TIMEOUT_MS = 5_000;
const MEMO_MAX = 10_000;
/** How long a request waits for another request's KV read of the session before reading itself. */
const READ_WAIT_MS = 2_000;

interface Memo {
  /**
   * `undefined` while one request's KV read is in flight: the session's other requests poll for
   * it (never await that request's promise: cross-request-wait.ts), so a burst costs one read.
   */
  state: SessionState | null | undefined;
  userId: string;
  checkedAt: number;
  /** Core said this session is revoked (KV may lack the marker): kept, not re-read after SESSION_MEMO_MS. */
  revokedByCore?: true;
}
const memo = new Map<string, Memo>();
const lastTouch = new Map<string, number>();

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MEMO_MAX) map.delete(map.keys().next().value as string); // oldest first
  map.set(key, value);
}

export const sessionRevoked = () => new ApiError(401, 'SESSION_REVOKED', 'This session has been signed out; sign in again');

async function readState(env: GatewayEnv, sessionId: string, userId: string, requestId: string): Promise<SessionState | null> {
  const reading = () => {
    const m = memo.get(sessionId);
    return m !== undefined && m.userId === userId && m.state === undefined && Date.now() - m.checkedAt < READ_WAIT_MS;
  };
  if (reading()) await waitWhile(reading, READ_WAIT_MS);
  const now = Date.now();
  const known = memo.get(sessionId);
  const mine = known?.userId === userId ? known : undefined;
  if (mine && mine.state !== undefined && (mine.revokedByCore || now - mine.checkedAt < SESSION_MEMO_MS)) return mine.state;
  const pending: Memo = { state: undefined, userId, checkedAt: now };
  remember(memo, sessionId, pending);
  let state: SessionState | null;
  try {
    state = await sessionKv.sessionState.get(env.SESSIONS, sessionId);
  } catch (error) {
    // KV down: the token itself is valid, so fail open rather than lock every user out.
    // The memo entry stays: the next read is tried after SESSION_MEMO_MS, not on every request.
    logEvent('error', 'session_check_unavailable', { requestId, error: String(error) });
    state = mine?.state ?? null;
  }
  // Unless core's revocation (or a newer read) replaced the entry meanwhile.
  if (memo.get(sessionId) === pending) pending.state = state;
  return state;
}

/** Refuses a revoked session; schedules the activity record. No-op for tokens without session_id. */
export async function enforceSession(request: Request, env: GatewayEnv, ctx: ExecutionContext, identity: Identity): Promise<void> {
  const { sessionId, userId } = identity;
  if (!sessionId || !userId) return;
  const state = await readState(env, sessionId, userId, identity.requestId);
  // A marker written for another user never locks this one out (ids are client-visible).
  if (state?.status === 'revoked' && state.userId === userId) throw sessionRevoked();

  // POST /api/sessions records the activity itself.
  if (request.method === 'POST' && new URL(request.url).pathname === '/api/sessions') return;
  const now = Date.now();
  const last = lastTouch.get(sessionId);
  if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
  remember(lastTouch, sessionId, now);
  ctx.waitUntil(touchSession(request, env, identity));
}

function revokedByCore(sessionId: string, userId: string): void {
  const now = new Date().toISOString();
  const state: SessionState = { userId, status: 'revoked', createdAt: now, revokedAt: now };
  remember(memo, sessionId, { state, userId, checkedAt: Date.now(), revokedByCore: true });
  logEvent('warn', 'session_revoked_by_core', { sessionId });
}

/** After a DELETE on /api/sessions passed, forget what this isolate remembered for the user (revocations stay). */
export function forgetSessionsOf(userId: string): void {
  for (const [id, m] of memo) if (m.userId === userId && !m.revokedByCore) memo.delete(id);
}

async function touchSession(request: Request, env: GatewayEnv, identity: Identity): Promise<void> {
  const target = 'https://core.internal/api/sessions';
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const body = JSON.stringify({
    session_id: identity.sessionId,
    user_agent: request.headers.get('User-Agent')?.slice(0, 1000) ?? null,
  });
  // The country travels signed in the identity (from request.cf), never as a forwarded header.
  await signIdentity(env.INTERNAL_SIGNING_SECRET, headers, identity, 'POST', target, Date.now(), body);
  try {
    const cap = Number(env.UPSTREAM_TIMEOUT_MS);
    const timeoutMs = Number.isFinite(cap) && cap > 0 ? Math.min(cap, TOUCH_TIMEOUT_MS) : TOUCH_TIMEOUT_MS;
    const res = await withDeadline('core', timeoutMs, (signal) => env.CORE.fetch(target, { method: 'POST', headers, body, signal }));
    if (
      res.status === 409 &&
      (
        (await res
          .clone()
          .json()
          .catch(() => ({}))) as { code?: string }
      ).code === 'SESSION_REVOKED'
    ) {
      // D1 has the revocation but KV does not (its write failed): enforce it in this isolate from now on.
      revokedByCore(identity.sessionId!, identity.userId!);
    } else if (res.status >= 300) {
      logEvent('warn', 'session_touch_refused', { requestId: identity.requestId, status: res.status });
      // Let the next request retry instead of waiting a whole interval.
      if (res.status >= 500) lastTouch.delete(identity.sessionId!);
    }
    await res.body?.cancel();
  } catch (error) {
    lastTouch.delete(identity.sessionId!);
    logEvent('error', 'session_touch_failed', { requestId: identity.requestId, error: String(error) });
  }
}

/**
 * Session revocations are durable: D1 first, KV marked synced only once KV has it, so a
 * failed KV write is redone (by a retry or the cron) instead of silently lost.
 */
import { soleShardDb } from '@jobmatch/db';
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { sessions as sessionKv } from '@jobmatch/kv-schemas';
import { prodLikeKv } from '@jobmatch/test-support/prod-like-kv';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { runMaintenance } from '../src/scheduled';
import { REVOCATION_SYNC_CRON } from '../src/sessions/revocation-sync';
import wranglerConfig from '../wrangler.jsonc?raw';
import { call } from './signed';
import { newUser, type Json } from '@jobmatch/test-support/common';

const sid = () => `sess-${crypto.randomUUID()}`;

/** A KV binding whose writes fail (reads still work), like a KV outage. */
const failingWrites = (inner: KVNamespace): KVNamespace =>
  ({
    get: inner.get.bind(inner),
    getWithMetadata: inner.getWithMetadata.bind(inner),
    list: inner.list.bind(inner),
    put: async () => {
      throw new Error('KV PUT failed: 503 Service Unavailable');
    },
    delete: async () => {
      throw new Error('KV DELETE failed: 503 Service Unavailable');
    },
  }) as unknown as KVNamespace;

async function register(userId: string, sessionId: string, kv?: KVNamespace) {
  const res = await call('/api/sessions', {
    method: 'POST',
    userId,
    sessionId,
    body: { session_id: sessionId },
    ...(kv ? { envOverrides: { SESSIONS: kv } } : {}),
  });
  expect(res.status).toBe(201);
}
const revocationRow = (id: string) =>
  soleShardDb(env).prepare('SELECT user_id, kv_synced_at FROM session_revocations WHERE id = ?').bind(id).first<Json>();

describe('session revocation', () => {
  it('a KV outage answers 503 and the retry finishes the revocation', async () => {
    const user = newUser();
    const s = sid();
    await register(user, s);
    const failed = await call(`/api/sessions/${s}`, {
      method: 'DELETE',
      userId: user,
      envOverrides: { SESSIONS: failingWrites(env.SESSIONS) },
    });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as Json).code).toBe('SESSION_STORE_UNAVAILABLE');
    expect(await revocationRow(s)).toEqual({ user_id: user, kv_synced_at: null });
    expect(await sessionKv.sessionState.get(env.SESSIONS, s)).toBeNull(); // registering writes no KV

    expect((await call(`/api/sessions/${s}`, { method: 'DELETE', userId: user })).status).toBe(204);
    expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
    expect((await revocationRow(s))?.kv_synced_at).toEqual(expect.any(String));
  });

  it('registering writes no KV, so revoking right after it never meets KV’s one-write-per-second limit', async () => {
    const kv = prodLikeKv(env.SESSIONS);
    const user = newUser();
    const s = sid();
    await register(user, s, kv);
    expect((await call(`/api/sessions/${s}`, { method: 'DELETE', userId: user, envOverrides: { SESSIONS: kv } })).status).toBe(204);
    expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
    expect(kv.stats.violations).toEqual([]);
    expect(kv.stats.writes).toBe(1);
  });

  it('the cron writes revocations that KV missed', async () => {
    const user = newUser();
    const s = sid();
    await register(user, s);
    await call(`/api/sessions/${s}`, { method: 'DELETE', userId: user, envOverrides: { SESSIONS: failingWrites(env.SESSIONS) } });
    const report = await runMaintenance(env, new Date());
    expect(report.syncedRevocations.count).toBeGreaterThanOrEqual(1);
    expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
    expect((await revocationRow(s))?.kv_synced_at).toEqual(expect.any(String));
  });

  it('the 10-minute cron tick re-syncs revocations KV missed (and runs no other maintenance step)', async () => {
    const user = newUser();
    const s = sid();
    await register(user, s);
    await call(`/api/sessions/${s}`, { method: 'DELETE', userId: user, envOverrides: { SESSIONS: failingWrites(env.SESSIONS) } });
    expect(await sessionKv.sessionState.get(env.SESSIONS, s)).toBeNull();
    // A long-expired session of another user: the daily tick would purge its row, this one does not.
    const other = newUser();
    const expired = sid();
    await register(other, expired);
    await soleShardDb(env).prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").bind(expired).run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: REVOCATION_SYNC_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
    expect((await revocationRow(s))?.kv_synced_at).toEqual(expect.any(String));
    expect(await soleShardDb(env).prepare('SELECT id FROM sessions WHERE id = ?').bind(expired).first()).not.toBeNull();
  });

  it('every environment of the core Worker schedules the revocation re-sync tick', () => {
    const crons = [...wranglerConfig.matchAll(/"crons":\s*\[([^\]]*)\]/g)].map((m) => m[1]!);
    expect(crons.length).toBeGreaterThanOrEqual(3);
    for (const list of crons) expect(list).toContain(`"${REVOCATION_SYNC_CRON}"`);
  });

  it('a revoked id cannot be registered again, even after its audit row was purged', async () => {
    const user = newUser();
    const s = sid();
    await register(user, s);
    expect((await call(`/api/sessions/${s}`, { method: 'DELETE', userId: user })).status).toBe(204);
    await soleShardDb(env).prepare('DELETE FROM sessions WHERE id = ?').bind(s).run(); // what the cron does after expiry
    const again = await call('/api/sessions', { method: 'POST', userId: user, sessionId: s, body: { session_id: s } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).code).toBe('SESSION_REVOKED');
    // Another user holding a token of that session id (not a real scenario, the worst case): 404.
    expect((await call('/api/sessions', { method: 'POST', userId: newUser(), sessionId: s, body: { session_id: s } })).status).toBe(404);
    expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
  });

  it('activity slides the expiry of a session in use', async () => {
    const user = newUser();
    const s = sid();
    await register(user, s);
    await soleShardDb(env).prepare("UPDATE sessions SET expires_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").bind(s).run();
    const touched = await call('/api/sessions', { method: 'POST', userId: user, sessionId: s, body: { session_id: s } });
    expect(touched.status).toBe(200);
    expect(Date.parse(((await touched.json()) as Json).expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it('a POST from a token without a session_id is a 400 (nothing to name)', async () => {
    const res = await call('/api/sessions', { method: 'POST', userId: newUser(), sessionId: '', body: { session_id: sid() } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).details.issues[0].path).toBe('session_id');
  });

  it('DELETE /api/sessions revokes the others in D1 and KV and keeps the current one', async () => {
    const user = newUser();
    const [current, a, b] = [sid(), sid(), sid()];
    for (const s of [current, a, b]) await register(user, s);
    const res = await call('/api/sessions', { method: 'DELETE', userId: user, sessionId: current });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).sessionIds.sort()).toEqual([a, b].sort());
    for (const s of [a, b]) expect((await sessionKv.sessionState.get(env.SESSIONS, s))?.status).toBe('revoked');
    expect(await sessionKv.sessionState.get(env.SESSIONS, current)).toBeNull();
  });
});

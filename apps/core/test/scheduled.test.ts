import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { idempotency, usageLimits, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { ROW_BATCH, runMaintenance } from '../src/scheduled';
import { newUser } from '@jobmatch/test-support/common';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Invokes the Worker's real `scheduled` export in workerd, as a cron tick at `at`. */
async function tick(at: number): Promise<void> {
  const controller = createScheduledController({ scheduledTime: at, cron: '17 3 * * *' });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

async function insertUser(userId: string): Promise<void> {
  await soleShardDb(env)
    .prepare('INSERT INTO users (id, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)')
    .bind(userId, `${userId}@example.test`, iso(Date.now()))
    .run();
}

async function insertJob(userId: string, addedAt: number, o: { saved?: boolean; archived?: boolean } = {}): Promise<string> {
  const id = crypto.randomUUID();
  await soleShardDb(env)
    .prepare(
      `INSERT INTO jobs (id, user_id, title, company, saved, archived, added_at, created_at, updated_at)
     VALUES (?1, ?2, 'Engineer', 'Acme', ?3, ?4, ?5, ?5, ?5)`,
    )
    .bind(id, userId, o.saved ? 1 : 0, o.archived ? 1 : 0, iso(addedAt))
    .run();
  return id;
}

async function jobStates(ids: string[]): Promise<Record<string, { archived: number; updated_at: string }>> {
  const out: Record<string, { archived: number; updated_at: string }> = {};
  for (const id of ids) {
    out[id] = (await soleShardDb(env).prepare('SELECT archived, updated_at FROM jobs WHERE id = ?1').bind(id).first())!;
  }
  return out;
}

const staleCount = (cutoff: number) =>
  soleShardDb(env)
    .prepare('SELECT count(*) AS n FROM jobs WHERE archived = 0 AND saved = 0 AND added_at < ?1')
    .bind(iso(cutoff))
    .first<number>('n');

describe('scheduled maintenance', () => {
  it('archives exactly the unsaved jobs older than 90 days, in batches, and is safe to re-run', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const stale = await insertJob(user, now - 91 * DAY);
    const staleSaved = await insertJob(user, now - 200 * DAY, { saved: true });
    const fresh = await insertJob(user, now - 89 * DAY);
    const boundary = await insertJob(user, now - 90 * DAY);
    const alreadyArchived = await insertJob(user, now - 300 * DAY, { archived: true });
    // Enough stale rows for several batches.
    const bulk = ROW_BATCH * 2 + 37;
    await soleShardDb(env)
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
       INSERT INTO jobs (id, user_id, title, company, added_at, created_at, updated_at)
       SELECT ?1 || '-bulk-' || i, ?1, 'Bulk', 'Acme', ?3, ?3, ?3 FROM n`,
      )
      .bind(user, bulk, iso(now - 120 * DAY))
      .run();
    const untouched = [staleSaved, fresh, boundary, alreadyArchived];
    const before = await jobStates(untouched);
    const expected = await staleCount(now - 90 * DAY);
    expect(expected).toBeGreaterThanOrEqual(bulk + 1);

    const report = await runMaintenance(env, new Date(now));
    expect(report.archivedJobs).toEqual({ count: expected, complete: true });
    expect(await staleCount(now - 90 * DAY)).toBe(0);
    expect((await jobStates([stale]))[stale]).toEqual({ archived: 1, updated_at: iso(now) });
    const bulkArchived = await soleShardDb(env)
      .prepare("SELECT count(*) AS n FROM jobs WHERE user_id = ?1 AND id LIKE '%-bulk-%' AND archived = 1")
      .bind(user)
      .first<number>('n');
    expect(bulkArchived).toBe(bulk);
    expect(await jobStates(untouched)).toEqual(before);

    // Re-running for the same tick (the real scheduled export, as a retried cron would) changes nothing.
    const afterFirst = await jobStates([stale, ...untouched]);
    await tick(now);
    expect(await jobStates([stale, ...untouched])).toEqual(afterFirst);
    expect((await runMaintenance(env, new Date(now))).archivedJobs).toEqual({ count: 0, complete: true });
    // A minute later the job that was exactly 90 days old has crossed the line, and only it.
    expect((await runMaintenance(env, new Date(now + 60_000))).archivedJobs.count).toBe(1);
    expect((await jobStates([boundary]))[boundary]!.archived).toBe(1);
  });

  it('honours JOB_ARCHIVE_AFTER_DAYS and ignores a bad value', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const old40 = await insertJob(user, now - 40 * DAY);
    const young20 = await insertJob(user, now - 20 * DAY);
    await runMaintenance({ ...env, JOB_ARCHIVE_AFTER_DAYS: 'soon' }, new Date(now));
    expect((await jobStates([old40]))[old40]!.archived).toBe(0);
    await runMaintenance({ ...env, JOB_ARCHIVE_AFTER_DAYS: '30' }, new Date(now));
    const states = await jobStates([old40, young20]);
    expect(states[old40]!.archived).toBe(1);
    expect(states[young20]!.archived).toBe(0);
  });

  it('purges expired session audit rows only', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const insert = (id: string, expiresAt: number) =>
      soleShardDb(env)
        .prepare(`INSERT INTO sessions (id, user_id, created_at, last_active, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)`)
        .bind(id, user, iso(now - 10 * DAY), iso(expiresAt))
        .run();
    await insert(`${user}-expired`, now - DAY);
    await insert(`${user}-just-expired`, now - 1);
    await insert(`${user}-active`, now + DAY);
    const report = await runMaintenance(env, new Date(now));
    expect(report.purgedSessions.count).toBeGreaterThanOrEqual(2);
    const left = await soleShardDb(env).prepare('SELECT id FROM sessions WHERE user_id = ?1').bind(user).all<{ id: string }>();
    expect(left.results.map((r) => r.id)).toEqual([`${user}-active`]);
    expect((await runMaintenance(env, new Date(now))).purgedSessions.count).toBe(0);
  });

  it('finishes deletes, drops metadata whose object is gone, re-verifies the rest', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const row = async (name: string, o: { deletedAt?: number; verifiedAt?: number; object?: boolean }) => {
      const key = `users/${user}/resumes/${name}`;
      if (o.object) await env.RESUMES.put(key, 'content');
      await soleShardDb(env)
        .prepare(
          `INSERT INTO files (id, user_id, bucket, key, content_type, size, created_at, updated_at, verified_at, deleted_at)
         VALUES (?1, ?2, 'resumes', ?3, 'text/plain; charset=utf-8', 7, ?4, ?4, ?5, ?6)`,
        )
        .bind(
          `${user}-${name}`,
          user,
          key,
          iso(now - 3 * DAY),
          o.verifiedAt ? iso(o.verifiedAt) : null,
          o.deletedAt ? iso(o.deletedAt) : null,
        )
        .run();
      return key;
    };
    const deletedLongAgo = await row('deleted.txt', { deletedAt: now - 3_600_000, verifiedAt: now - 3 * DAY, object: true });
    const deletedJustNow = await row('deleting.txt', { deletedAt: now - 60_000, verifiedAt: now - 3 * DAY, object: true });
    const vanished = await row('vanished.txt', { verifiedAt: now - 2 * DAY });
    const present = await row('present.txt', { verifiedAt: now - 2 * DAY, object: true });
    const recentlyVerified = await row('recent.txt', { verifiedAt: now - 3_600_000 });

    const report = await runMaintenance(env, new Date(now));
    expect(report.purgedDeletedFiles.count).toBeGreaterThanOrEqual(1);
    expect(report.purgedMissingFiles.count).toBeGreaterThanOrEqual(1);
    const rows = await soleShardDb(env)
      .prepare('SELECT key, verified_at FROM files WHERE user_id = ?1 ORDER BY key')
      .bind(user)
      .all<{ key: string; verified_at: string }>();
    expect(rows.results).toEqual([
      { key: deletedJustNow, verified_at: iso(now - 3 * DAY) },
      { key: present, verified_at: iso(now) },
      { key: recentlyVerified, verified_at: iso(now - 3_600_000) },
    ]);
    expect(await env.RESUMES.head(deletedLongAgo)).toBeNull();
    expect(await env.RESUMES.head(deletedJustNow)).not.toBeNull();
    expect(await env.RESUMES.head(present)).not.toBeNull();
    expect(rows.results.map((r) => r.key)).not.toContain(vanished);

    const again = await runMaintenance(env, new Date(now));
    expect(again.purgedMissingFiles.count).toBe(0);
    const rowsAgain = await soleShardDb(env).prepare('SELECT key, verified_at FROM files WHERE user_id = ?1 ORDER BY key').bind(user).all();
    expect(rowsAgain.results).toEqual(rows.results);
  });

  it('rolls expired usage periods to the current calendar period, once', async () => {
    const now = new Date();
    const user = newUser();
    await insertUser(user);
    const month = usageLimits.periodBounds('month', now);
    const day = usageLimits.periodBounds('day', now);
    const lastMonth = usageLimits.periodBounds('month', new Date(Date.parse(month.start) - 1));
    const yesterday = usageLimits.periodBounds('day', new Date(Date.parse(day.start) - 1));
    const insert = (kind: string, period: string, b: { start: string; end: string }, used: number) =>
      soleShardDb(env)
        .prepare(
          `INSERT INTO usage_limits (id, user_id, kind, period, period_start, period_end, used, limit_value, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 10, ?5, ?5)`,
        )
        .bind(crypto.randomUUID(), user, kind, period, b.start, b.end, used)
        .run();
    await insert('emails', 'month', lastMonth, 7);
    await insert('ai_generations', 'day', yesterday, 3);
    await insert('exports', 'month', month, 4);
    // Long inactive: several periods behind still lands on the current one.
    await insert('old', 'month', { start: '2024-01-01T00:00:00.000Z', end: '2024-02-01T00:00:00.000Z' }, 9);

    const report = await runMaintenance(env, now);
    expect(report.rolledUsagePeriods.count).toBeGreaterThanOrEqual(3);
    const rows = await soleShardDb(env)
      .prepare('SELECT kind, period_start, period_end, used FROM usage_limits WHERE user_id = ?1 ORDER BY kind')
      .bind(user)
      .all();
    expect(rows.results).toEqual([
      { kind: 'ai_generations', period_start: day.start, period_end: day.end, used: 0 },
      { kind: 'emails', period_start: month.start, period_end: month.end, used: 0 },
      { kind: 'exports', period_start: month.start, period_end: month.end, used: 4 },
      { kind: 'old', period_start: month.start, period_end: month.end, used: 0 },
    ]);
    expect((await runMaintenance(env, now)).rolledUsagePeriods.count).toBe(0);
  });

  it('a failing step is reported and does not stop the others; the cron run then fails', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const stale = await insertJob(user, now - 100 * DAY);
    await soleShardDb(env)
      .prepare(
        `INSERT INTO files (id, user_id, bucket, key, content_type, size, created_at, updated_at, deleted_at)
       VALUES (?1, ?2, 'resumes', ?3, 'application/pdf', 1, ?4, ?4, ?4)`,
      )
      .bind(`${user}-broken`, user, `users/${user}/resumes/broken.pdf`, iso(now - DAY))
      .run();
    const failing = new Proxy(env.RESUMES, {
      get: (target, prop) =>
        prop === 'delete' || prop === 'head' ? () => Promise.reject(new Error('R2 unavailable')) : Reflect.get(target, prop).bind(target),
    });
    const brokenEnv = { ...env, RESUMES: failing };
    const report = await runMaintenance(brokenEnv, new Date(now));
    expect(report.purgedDeletedFiles).toMatchObject({ count: 0, complete: false, error: expect.stringContaining('R2 unavailable') });
    expect(report.archivedJobs.error).toBeUndefined();
    expect((await jobStates([stale]))[stale]!.archived).toBe(1);
    // The row stays for the next run.
    expect(await soleShardDb(env).prepare('SELECT count(*) AS n FROM files WHERE id = ?1').bind(`${user}-broken`).first('n')).toBe(1);

    const controller = createScheduledController({ scheduledTime: now, cron: '17 3 * * *' });
    await expect(worker.scheduled(controller, brokenEnv, createExecutionContext())).rejects.toThrow(/purgedDeletedFiles/);

    // With R2 back, the next run finishes the delete.
    await runMaintenance(env, new Date(now));
    expect(await soleShardDb(env).prepare('SELECT count(*) AS n FROM files WHERE id = ?1').bind(`${user}-broken`).first('n')).toBe(0);
  });

  it('purges expired Idempotency-Key records only, in batches', async () => {
    const now = Date.now();
    const user = newUser();
    await insertUser(user);
    const ref = (key: string) => ({ userId: user, scope: 'POST /api/emails/send', key, fingerprint: 'f' });
    // Claimed a day and a minute ago (expired), an hour ago (live).
    await idempotency.claim(soleShardDb(env), ref('old'), now - idempotency.IDEMPOTENCY_TTL_MS - 60_000);
    await idempotency.complete(soleShardDb(env), ref('old'), 201, '{"ok":true}');
    await idempotency.claim(soleShardDb(env), ref('live'), now - 3_600_000);
    const report = await runMaintenance(env, new Date(now));
    expect(report.purgedIdempotencyKeys.count).toBeGreaterThanOrEqual(1);
    expect(report.purgedIdempotencyKeys.complete).toBe(true);
    const left = await soleShardDb(env)
      .prepare('SELECT idempotency_key AS k FROM idempotency_keys WHERE user_id = ?1')
      .bind(user)
      .all<{ k: string }>();
    expect(left.results.map((r) => r.k)).toEqual(['live']);
    expect((await runMaintenance(env, new Date(now))).purgedIdempotencyKeys).toEqual({ count: 0, complete: true });
  });
});

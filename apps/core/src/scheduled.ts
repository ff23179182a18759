/**
 * Scheduled maintenance (cron trigger in wrangler.jsonc): archive stale unsaved jobs, purge
 * expired session audit rows, finish file deletes and drop metadata whose object is gone,
 * roll expired usage-limit periods, purge expired Idempotency-Key records. Every step is idempotent (a re-run finds nothing new),
 * works in bounded batches (≤ 100 bound parameters per statement, a capped number of batches
 * per run, the rest next run) and is logged with its counts.
 */
import { files, idempotency, jobsMaintenance, sessions, usageLimits, type FileBucket } from '@jobmatch/db';
import { logEvent, setLogLevel } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { bucketOf } from './routes/files';
import { REVOCATION_SYNC_CRON, resyncUnsyncedRevocations, syncRevocations } from './sessions/revocation-sync';

export const DEFAULT_JOB_ARCHIVE_AFTER_DAYS = 90;
/** Rows per UPDATE/DELETE for steps that select by a bounded sub-query (no bound id lists). */
export const ROW_BATCH = 500;
/** KV writes per batch when re-syncing session revocations (distinct keys, one subrequest each). */
const REVOCATION_SYNC_BATCH = 50;
/** Batches per step per run: bounds a run's D1 time; what is left waits for the next run. */
export const MAX_BATCHES_PER_STEP = 20;
/** R2 existence checks per run (each is a subrequest). */
export const FILE_CHECKS_PER_RUN = 50;
/** A row marked deleted this recently may still be in its request's own cleanup. */
const DELETE_GRACE_MS = 10 * 60_000;
/** How often each live file's object is re-checked. */
const VERIFY_EVERY_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

export interface StepResult {
  count: number;
  /** false when the step stopped at its batch cap with work left for the next run. */
  complete: boolean;
  error?: string;
}

export interface MaintenanceReport {
  archivedJobs: StepResult;
  purgedSessions: StepResult;
  syncedRevocations: StepResult;
  purgedRevocations: StepResult;
  purgedDeletedFiles: StepResult;
  purgedMissingFiles: StepResult;
  verifiedFiles: StepResult;
  rolledUsagePeriods: StepResult;
  purgedIdempotencyKeys: StepResult;
}

export function jobArchiveAfterDays(env: CoreEnv): number {
  const raw = env.JOB_ARCHIVE_AFTER_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_JOB_ARCHIVE_AFTER_DAYS;
  const days = Number(raw);
  if (Number.isInteger(days) && days >= 1 && days <= 3650) return days;
  logEvent('warn', 'maintenance_bad_config', { JOB_ARCHIVE_AFTER_DAYS: raw, using: DEFAULT_JOB_ARCHIVE_AFTER_DAYS });
  return DEFAULT_JOB_ARCHIVE_AFTER_DAYS;
}

/** Runs `batch` until it returns fewer than `size` rows or the batch cap is reached. */
async function drain(size: number, batch: () => Promise<number>): Promise<StepResult> {
  let count = 0;
  for (let i = 0; i < MAX_BATCHES_PER_STEP; i++) {
    const done = await batch();
    count += done;
    if (done < size) return { count, complete: true };
  }
  return { count, complete: false };
}

/** Deletes the objects of rows marked deleted (idempotent in R2), then the rows. */
async function purgeDeletedFiles(env: CoreEnv, now: Date): Promise<StepResult> {
  const before = new Date(now.getTime() - DELETE_GRACE_MS).toISOString();
  return drain(files.MAX_IDS_PER_STATEMENT, async () => {
    const rows = await files.listDeletedFiles(env.DB, before, files.MAX_IDS_PER_STATEMENT);
    const byBucket = new Map<FileBucket, string[]>();
    for (const row of rows) byBucket.set(row.bucket, [...(byBucket.get(row.bucket) ?? []), row.key]);
    for (const [bucket, keys] of byBucket) await bucketOf(env, bucket).delete(keys);
    await files.purgeDeletedFileRows(
      env.DB,
      rows.map((r) => r.id),
    );
    return rows.length;
  });
}

/** Checks the least recently verified objects; rows whose object is gone are dropped. */
async function verifyFiles(env: CoreEnv, now: Date): Promise<{ purged: StepResult; verified: StepResult }> {
  const before = new Date(now.getTime() - VERIFY_EVERY_MS).toISOString();
  const rows = await files.listFilesToVerify(env.DB, before, FILE_CHECKS_PER_RUN);
  const present: string[] = [];
  const missing: string[] = [];
  for (const row of rows) ((await bucketOf(env, row.bucket).head(row.key)) ? present : missing).push(row.id);
  const purged = await files.purgeMissingFileRows(env.DB, missing, before);
  const verified = await files.markFilesVerified(env.DB, present, now.toISOString());
  const complete = rows.length < FILE_CHECKS_PER_RUN;
  return { purged: { count: purged, complete }, verified: { count: verified, complete } };
}

async function step(name: string, run: () => Promise<StepResult>): Promise<StepResult> {
  try {
    return await run();
  } catch (error) {
    // One failing step must not stop the others; the run is reported as failed at the end.
    logEvent('error', 'maintenance_step_failed', { step: name, error: String(error) });
    return { count: 0, complete: false, error: String(error) };
  }
}

export async function runMaintenance(env: CoreEnv, now: Date): Promise<MaintenanceReport> {
  const started = Date.now();
  setLogLevel(env.LOG_LEVEL); // a cron run may be the isolate's first event
  const cutoff = new Date(now.getTime() - jobArchiveAfterDays(env) * DAY_MS);
  const archivedJobs = await step('archive_jobs', () =>
    drain(ROW_BATCH, () => jobsMaintenance.archiveStaleJobs(env.DB, cutoff, now, ROW_BATCH)),
  );
  const purgedSessions = await step('purge_sessions', () =>
    drain(ROW_BATCH, () => sessions.purgeExpiredSessionAudit(env.DB, now, ROW_BATCH)),
  );
  const syncedRevocations = await step('sync_revocations', () =>
    drain(REVOCATION_SYNC_BATCH, async () => {
      const pending = await sessions.unsyncedRevocations(env.DB, REVOCATION_SYNC_BATCH);
      const failed = await syncRevocations(env, pending);
      if (failed.length > 0) throw new Error(`${failed.length} revocations could not be written to KV`);
      return pending.length;
    }),
  );
  const purgedRevocations = await step('purge_revocations', () =>
    drain(ROW_BATCH, () => sessions.purgeExpiredRevocations(env.DB, now, ROW_BATCH)),
  );
  const purgedDeletedFiles = await step('purge_deleted_files', () => purgeDeletedFiles(env, now));
  let verifiedFiles: StepResult = { count: 0, complete: false };
  const purgedMissingFiles = await step('verify_files', async () => {
    const result = await verifyFiles(env, now);
    verifiedFiles = result.verified;
    return result.purged;
  });
  const rolledUsagePeriods = await step('roll_usage_periods', () =>
    drain(ROW_BATCH, () => usageLimits.rollExpiredPeriods(env.DB, now, ROW_BATCH)),
  );
  const purgedIdempotencyKeys = await step('purge_idempotency_keys', () =>
    drain(ROW_BATCH, () => idempotency.purgeExpired(env.DB, now.toISOString(), ROW_BATCH)),
  );
  const report: MaintenanceReport = {
    archivedJobs,
    purgedSessions,
    syncedRevocations,
    purgedRevocations,
    purgedDeletedFiles,
    purgedMissingFiles,
    verifiedFiles,
    rolledUsagePeriods,
    purgedIdempotencyKeys,
  };
  const failed = Object.entries(report)
    .filter(([, r]) => r.error !== undefined)
    .map(([name]) => name);
  logEvent(failed.length ? 'error' : 'info', 'maintenance', {
    service: 'core',
    env: env.ENVIRONMENT ?? 'development',
    scheduledTime: now.toISOString(),
    jobArchiveAfterDays: jobArchiveAfterDays(env),
    durationMs: Date.now() - started,
    ...Object.fromEntries(Object.entries(report).map(([name, r]) => [name, r.count])),
    incomplete: Object.entries(report)
      .filter(([, r]) => !r.complete && !r.error)
      .map(([name]) => name),
    failed,
  });
  return report;
}

/** The Worker's `scheduled` export: one maintenance run per cron tick. */
export async function scheduled(controller: ScheduledController, env: CoreEnv, _ctx: ExecutionContext): Promise<void> {
  if (controller.cron === REVOCATION_SYNC_CRON) {
    await resyncUnsyncedRevocations(env); // the frequent tick: only revocations KV missed
    return;
  }
  const report = await runMaintenance(env, new Date(controller.scheduledTime));
  const failed = Object.entries(report).filter(([, r]) => r.error !== undefined);
  // Surface a failed run in the cron's status (the counts are already logged).
  if (failed.length) throw new Error(`maintenance steps failed: ${failed.map(([name]) => name).join(', ')}`);
}

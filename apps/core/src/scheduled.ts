/**
 * Scheduled maintenance (cron trigger in wrangler.jsonc): archive stale unsaved jobs, purge
 * expired session audit rows, finish file deletes and drop metadata whose object is gone,
 * roll expired usage-limit periods, purge expired Idempotency-Key records — on every D1 shard in
 * turn. Every step is idempotent (a re-run finds nothing new),
 * works in bounded batches (≤ 100 bound parameters per statement, a capped number of batches
 * per run, the rest next run) and is logged with its counts.
 */
import { files, idempotency, forEachShard, jobsMaintenance, sessions, usageLimits } from '@jobmatch/db';
import { logEvent, setLogLevel } from '@jobmatch/shared-middleware';
import type { CoreEnv } from './env';
import { bucketOf, deleteVersionObject } from './files/versions';
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
async function purgeDeletedFiles(env: CoreEnv, db: D1Database, now: Date): Promise<StepResult> {
  const before = new Date(now.getTime() - DELETE_GRACE_MS).toISOString();
  return drain(files.MAX_IDS_PER_STATEMENT, async () => {
    const rows = await files.listDeletedFiles(db, before, files.MAX_IDS_PER_STATEMENT);
    // One version at a time: an object a re-upload wrote since is not this row's to delete.
    for (const row of rows) await deleteVersionObject(env, row);
    await files.purgeDeletedFileRows(
      db,
      rows.map((r) => r.id),
    );
    return rows.length;
  });
}

/** Checks the least recently verified objects; rows whose object is gone are dropped. */
async function verifyFiles(env: CoreEnv, db: D1Database, now: Date): Promise<{ purged: StepResult; verified: StepResult }> {
  const before = new Date(now.getTime() - VERIFY_EVERY_MS).toISOString();
  const rows = await files.listFilesToVerify(db, before, FILE_CHECKS_PER_RUN);
  const present: string[] = [];
  const missing: string[] = [];
  for (const row of rows) ((await bucketOf(env, row.bucket).head(row.key)) ? present : missing).push(row.id);
  const purged = await files.purgeMissingFileRows(db, missing, before);
  const verified = await files.markFilesVerified(db, present, now.toISOString());
  const complete = rows.length < FILE_CHECKS_PER_RUN;
  return { purged: { count: purged, complete }, verified: { count: verified, complete } };
}

async function step(shard: number, name: string, run: () => Promise<StepResult>): Promise<StepResult> {
  try {
    return await run();
  } catch (error) {
    // One failing step must not stop the others; the run is reported as failed at the end.
    logEvent('error', 'maintenance_step_failed', { shard, step: name, error: String(error) });
    return { count: 0, complete: false, error: String(error) };
  }
}

const STEPS = [
  'archivedJobs',
  'purgedSessions',
  'syncedRevocations',
  'purgedRevocations',
  'purgedDeletedFiles',
  'purgedMissingFiles',
  'verifiedFiles',
  'rolledUsagePeriods',
  'purgedIdempotencyKeys',
] as const satisfies readonly (keyof MaintenanceReport)[];

/** Every step on one shard (each statement stays inside that shard's database). */
export async function runShardMaintenance(env: CoreEnv, db: D1Database, shard: number, now: Date): Promise<MaintenanceReport> {
  const cutoff = new Date(now.getTime() - jobArchiveAfterDays(env) * DAY_MS);
  const archivedJobs = await step(shard, 'archive_jobs', () =>
    drain(ROW_BATCH, () => jobsMaintenance.archiveStaleJobs(db, cutoff, now, ROW_BATCH)),
  );
  const purgedSessions = await step(shard, 'purge_sessions', () =>
    drain(ROW_BATCH, () => sessions.purgeExpiredSessionAudit(db, now, ROW_BATCH)),
  );
  const syncedRevocations = await step(shard, 'sync_revocations', () =>
    drain(REVOCATION_SYNC_BATCH, async () => {
      const pending = await sessions.unsyncedRevocations(db, REVOCATION_SYNC_BATCH);
      const failed = await syncRevocations(env, db, pending);
      if (failed.length > 0) throw new Error(`${failed.length} revocations could not be written to KV`);
      return pending.length;
    }),
  );
  const purgedRevocations = await step(shard, 'purge_revocations', () =>
    drain(ROW_BATCH, () => sessions.purgeExpiredRevocations(db, now, ROW_BATCH)),
  );
  const purgedDeletedFiles = await step(shard, 'purge_deleted_files', () => purgeDeletedFiles(env, db, now));
  let verifiedFiles: StepResult = { count: 0, complete: false };
  const purgedMissingFiles = await step(shard, 'verify_files', async () => {
    const result = await verifyFiles(env, db, now);
    verifiedFiles = result.verified;
    return result.purged;
  });
  const rolledUsagePeriods = await step(shard, 'roll_usage_periods', () =>
    drain(ROW_BATCH, () => usageLimits.rollExpiredPeriods(db, now, ROW_BATCH)),
  );
  const purgedIdempotencyKeys = await step(shard, 'purge_idempotency_keys', () =>
    drain(ROW_BATCH, () => idempotency.purgeExpired(db, now.toISOString(), ROW_BATCH)),
  );
  return {
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
}

const failedSteps = (report: MaintenanceReport) => STEPS.filter((name) => report[name].error !== undefined);

/** The whole run: each shard's report, and the steps summed over every shard. */
export interface MaintenanceRun extends MaintenanceReport {
  shards: { shard: number; report: MaintenanceReport }[];
}

function sumReports(reports: MaintenanceReport[]): MaintenanceReport {
  const sum = (name: (typeof STEPS)[number]): StepResult => {
    const errors = reports.map((r) => r[name].error).filter((e) => e !== undefined);
    return {
      count: reports.reduce((n, r) => n + r[name].count, 0),
      complete: reports.every((r) => r[name].complete),
      ...(errors.length ? { error: errors.join('; ') } : {}),
    };
  };
  return Object.fromEntries(STEPS.map((name) => [name, sum(name)])) as unknown as MaintenanceReport;
}

/**
 * Maintenance on every shard, one after another (forEachShard). A failing shard (or step) is
 * logged and the next shard still runs; each shard gets its own `maintenance` log line with its counts.
 */
export async function runMaintenance(env: CoreEnv, now: Date): Promise<MaintenanceRun> {
  setLogLevel(env.LOG_LEVEL); // a cron run may be the isolate's first event
  const log = (shard: number, report: MaintenanceReport, started: number) => {
    const failed = failedSteps(report);
    logEvent(failed.length ? 'error' : 'info', 'maintenance', {
      service: 'core',
      env: env.ENVIRONMENT ?? 'development',
      shard,
      scheduledTime: now.toISOString(),
      jobArchiveAfterDays: jobArchiveAfterDays(env),
      durationMs: Date.now() - started,
      ...Object.fromEntries(STEPS.map((name) => [name, report[name].count])),
      incomplete: STEPS.filter((name) => !report[name].complete && !report[name].error),
      failed,
    });
  };
  const outcomes = await forEachShard(env, async (db, shard) => {
    const started = Date.now();
    const report = await runShardMaintenance(env, db, shard, now);
    log(shard, report, started);
    return report;
  });
  const shards = outcomes.map((outcome) => {
    if (outcome.ok) return { shard: outcome.shard, report: outcome.value };
    // Not expected (every step catches its own errors), but it is reported like a failed step.
    const failed: StepResult = { count: 0, complete: false, error: outcome.error };
    const report = Object.fromEntries(STEPS.map((name) => [name, failed])) as unknown as MaintenanceReport;
    log(outcome.shard, report, Date.now());
    return { shard: outcome.shard, report };
  });
  return { ...sumReports(shards.map((s) => s.report)), shards };
}

/**
 * The Worker's `scheduled` export. The daily tick: one maintenance run over every shard. The
 * frequent tick (REVOCATION_SYNC_CRON): only the revocations KV missed, shard by shard.
 */
export async function scheduled(controller: ScheduledController, env: CoreEnv, _ctx: ExecutionContext): Promise<void> {
  if (controller.cron === REVOCATION_SYNC_CRON) {
    setLogLevel(env.LOG_LEVEL); // a cron run may be the isolate's first event
    const outcomes = await forEachShard(env, (db, shard) => resyncUnsyncedRevocations(env, db, shard));
    const failed = outcomes.flatMap((o) => (o.ok ? [] : [`shard ${o.shard}: ${o.error}`]));
    if (failed.length) throw new Error(`revocation re-sync failed: ${failed.join('; ')}`);
    return;
  }
  const run = await runMaintenance(env, new Date(controller.scheduledTime));
  const failed = run.shards.flatMap(({ shard, report }) => failedSteps(report).map((name) => `${name} (shard ${shard})`));
  // Surface a failed run in the cron's status (the counts are already logged).
  if (failed.length) throw new Error(`maintenance steps failed: ${failed.join(', ')}`);
}

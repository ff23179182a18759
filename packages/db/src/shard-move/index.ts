/**
 * Moves one user's rows from one shard to another (issue 17 §3). The steps, each recorded in
 * the source's `user_moves` row before the next starts, so a rerun after a crash anywhere
 * continues from the last recorded state and finishes the move:
 *
 *   fence   raise the fence on the source: the user's writes answer 503 USER_MOVING, reads go on
 *   copy    wipe whatever a crashed copy left on the target, copy every user-scoped table
 *   verify  per-table count and checksum, source = target (else stop: a rerun copies again)
 *   switch  point the directory at the target (reads and writes go there from now on)
 *   wait    wait out the accessor's user → shard cache, so no isolate still routes to the source
 *   purge   delete the user's rows on the source (the fence lets only this through), leave a
 *           'done' tombstone that keeps refusing stray inserts
 *
 * Nothing is lost: no write gets past the fence between copy and switch. Nothing is duplicated:
 * the copy starts from an empty target every time, and the purge runs only after the switch.
 */
import * as userMoves from '../user-moves';
import * as userStorage from '../user-storage';
import { assignShard, homeShard } from '../shard-directory';
import { clearShardCache, SHARD_CACHE_TTL_MS } from '../shards';
import { deleteStatements, insertStatements, readDerivedRows, readUserRows, runInBatches, summarize, type TableSummary } from './rows';
import { classifyTables, missingFenceTriggers, type Classification } from './tables';

export { classifyTables, DERIVED_TABLES, fenceTriggersOf, missingFenceTriggers, NOT_USER_SCOPED } from './tables';
export type { TableSummary } from './rows';

export const MOVE_STEPS = ['fence', 'copy', 'verify', 'switch', 'wait', 'purge'] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

export interface ShardRef {
  db: D1Database;
  shard: number;
}

export interface MoveOptions {
  userId: string;
  source: ShardRef;
  target: ShardRef;
  /** The database holding `shard_directory` (DB_0). */
  directory: D1Database;
  /**
   * How long after the switch a stale cached route may still reach the source: at least the
   * accessor's SHARD_CACHE_TTL_MS (a smaller value is refused); default DEFAULT_MOVE_WAIT_MS.
   */
  cacheTtlMs?: number;
  /** Rows per D1 batch while copying. */
  batchSize?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Runs after each step is done and recorded (tests inject crashes here). */
  afterStep?: (step: MoveStep) => void | Promise<void>;
  log?: (message: string) => void;
}

export interface MoveReport {
  userId: string;
  from: number;
  to: number;
  /** The steps this run performed (a rerun skips recorded ones). */
  steps: MoveStep[];
  /** The verified per-table figures, when this run verified. */
  tables: TableSummary[];
}

export class MoveError extends Error {
  override name = 'MoveError';
}

const DEFAULT_BATCH = 50;
/** The wait after the switch when none is given: twice the accessor's cache TTL (clock skew, slow isolates). */
export const DEFAULT_MOVE_WAIT_MS = 2 * SHARD_CACHE_TTL_MS;

/** Count and checksum of each user-scoped and derived table for one user (what verify compares). */
export async function userRowSummaries(db: D1Database, userId: string, schema?: Classification): Promise<TableSummary[]> {
  return summaries(db, schema ?? (await classifyTables(db)), userId);
}

async function summaries(db: D1Database, schema: Classification, userId: string): Promise<TableSummary[]> {
  const [own, derived] = await Promise.all([readUserRows(db, schema.userTables, userId), readDerivedRows(db, schema.derived, userId)]);
  const names = [...schema.userTables, ...schema.derived].map((t) => t.name);
  return Promise.all([...own, ...derived].map((rows, i) => summarize(names[i]!, rows)));
}

/** Both shards must have the same user-scoped tables and columns, all classified and fenced. */
async function checkSchemas(source: D1Database, target: D1Database): Promise<Classification> {
  const [from, to] = await Promise.all([classifyTables(source), classifyTables(target)]);
  const unclassified = [...new Set([...from.unclassified, ...to.unclassified])];
  if (unclassified.length) {
    throw new MoveError(`Unclassified tables ${unclassified.join(', ')}: add them to shard-move/tables.ts (user-scoped, derived or not)`);
  }
  const shape = (c: Classification) => JSON.stringify(c.userTables.map((t) => [t.name, [...t.columns].sort()]).sort());
  if (shape(from) !== shape(to)) throw new MoveError('Source and target schemas differ: apply the migrations to both shards first');
  const unfenced = await missingFenceTriggers(source, from.userTables);
  if (unfenced.length) throw new MoveError(`Missing move-fence triggers on the source: ${unfenced.join(', ')}`);
  return from;
}

export async function moveUser(options: MoveOptions): Promise<MoveReport> {
  const { userId, source, target, directory } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const report: MoveReport = { userId, from: source.shard, to: target.shard, steps: [], tables: [] };
  const done = async (step: MoveStep) => {
    report.steps.push(step);
    log(`${userId}: ${step} done`);
    await options.afterStep?.(step);
  };
  if (source.shard === target.shard) throw new MoveError('Source and target are the same shard');
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULT_MOVE_WAIT_MS;
  // A shorter wait would purge the source while an isolate may still route the user's writes there.
  if (!(cacheTtlMs >= SHARD_CACHE_TTL_MS)) {
    throw new MoveError(
      `The cache TTL to wait out (${options.cacheTtlMs} ms) must be at least the shard cache TTL (${SHARD_CACHE_TTL_MS} ms)`,
    );
  }

  const schema = await checkSchemas(source.db, target.db);
  let move = await userMoves.getMove(source.db, userId);
  const home = await homeShard(directory, userId);
  if (move?.state === 'done' && move.targetShard === target.shard && home === target.shard) return report;
  if (!move || move.state === 'done') {
    if (home !== source.shard) throw new MoveError(`User ${userId} lives on shard ${home}, not on shard ${source.shard}`);
    const users = schema.userTables.filter((t) => t.name === 'users');
    if ((await readUserRows(source.db, users, userId))[0]?.length !== 1) throw new MoveError(`No user ${userId} on shard ${source.shard}`);
    move = await userMoves.raiseFence(source.db, userId, source.shard, target.shard);
    await done('fence');
  }
  if (move.targetShard !== target.shard) throw new MoveError(`User ${userId} is already being moved to shard ${move.targetShard}`);

  if (move.state === 'copying') {
    // Never wipe a target the user already lives on.
    if ((await homeShard(directory, userId)) !== source.shard) throw new MoveError(`Directory no longer points at shard ${source.shard}`);
    await userMoves.clearTombstone(target.db, userId);
    await target.db.batch(deleteStatements(target.db, schema.userTables, userId));
    const rows = await readUserRows(source.db, schema.userTables, userId);
    const inserts = schema.userTables.flatMap((table, i) => insertStatements(target.db, table, rows[i]!));
    // A user over a lowered storage cap would be refused half-way; the copy adds nothing new, so the
    // caps are off for this user on the target until the copy is in (a crash leaves it for the rerun).
    await userStorage.exemptStatement(target.db, userId, 'shard move copy').run();
    await runInBatches(target.db, inserts, options.batchSize ?? DEFAULT_BATCH);
    await userStorage.unexemptStatement(target.db, userId).run();
    await done('copy');

    const [expected, actual] = await Promise.all([summaries(source.db, schema, userId), summaries(target.db, schema, userId)]);
    const differing = expected.filter((e, i) => e.count !== actual[i]!.count || e.checksum !== actual[i]!.checksum).map((e) => e.table);
    if (differing.length) throw new MoveError(`Verification failed for ${differing.join(', ')}: rerun to copy again`);
    report.tables = expected;
    await userMoves.advance(source.db, userId, 'copying', 'copied');
    await done('verify');
    move = { ...move, state: 'copied' };
  }

  if (move.state === 'copied') {
    await assignShard(directory, userId, target.shard);
    clearShardCache(userId); // this isolate's own cached answer (the others expire within the wait)
    await userMoves.advance(source.db, userId, 'copied', 'switched');
    await done('switch');
    move = (await userMoves.getMove(source.db, userId))!;
  }

  if (move.state === 'switched') {
    // An unreadable switch time waits the whole TTL rather than none of it.
    const switchedAt = Date.parse(move.switchedAt ?? '');
    const remaining = Number.isNaN(switchedAt) ? cacheTtlMs : switchedAt + cacheTtlMs - now();
    if (remaining > 0) {
      log(`${userId}: waiting ${Math.ceil(remaining / 1000)} s for the shard caches`);
      await sleep(remaining);
    }
    await userMoves.advance(source.db, userId, 'switched', 'purging');
    await done('wait');
    move = { ...move, state: 'purging' };
  }

  if (move.state === 'purging') {
    await source.db.batch(deleteStatements(source.db, schema.userTables, userId));
    const left = (await summaries(source.db, schema, userId)).filter((s) => s.count > 0);
    if (left.length) throw new MoveError(`Rows left on the source in ${left.map((s) => s.table).join(', ')}: rerun`);
    await userMoves.advance(source.db, userId, 'purging', 'done');
    await done('purge');
  }
  return report;
}

/**
 * Measured usage: every model call (provider, model, task, tokens, latency, success) and every
 * cache lookup (hit/miss, cost the hit saved) is counted in this isolate's memory and flushed to
 * D1 (`ai_usage_counters`) as ONE batch of summed deltas at most every FLUSH_INTERVAL_MS (var
 * `AI_USAGE_FLUSH_MS`), in
 * waitUntil — so counting adds no storage write per request. When Workers Analytics Engine is
 * bound (`AI_ANALYTICS`), each event is also written there as a data point (it is built for
 * per-event writes). Readers add this isolate's not-yet-flushed deltas, so figures are current.
 */
import { aiUsage, userDb, type D1Reader, type ShardEnv, type UsageDelta, type UsageTotals } from '@jobmatch/db';
import type { AiEnv } from '../env';
import { costUsdMicros } from './prices';

export const FLUSH_INTERVAL_MS = 5_000;

const flushIntervalOf = (env: AiEnv): number => {
  const n = Number(env.AI_USAGE_FLUSH_MS);
  return Number.isInteger(n) && n >= 10 && n <= 60_000 ? n : FLUSH_INTERVAL_MS;
};
const MAX_PENDING_ROWS = 500;
/**
 * Rows held at most while flushes fail (D1 down: each failed batch is merged back). Past it, new
 * rows are dropped and counted in the next failure's log line, so an outage costs usage figures,
 * never the isolate's memory (one row per user, day, model and task).
 */
export const MAX_HELD_ROWS = 5_000;
let droppedRows = 0;

const pending = new Map<string, UsageDelta>();
let flushScheduled = false;
let earlyFlush: Promise<void> | null = null;

const today = () => new Date().toISOString().slice(0, 10);

/** The counters a usage row carries: one list, so a new counter is added in one place. */
const COUNTERS = ['calls', 'failures', 'promptTokens', 'completionTokens', 'latencyMsTotal', 'hits', 'misses', 'savedUsdMicros'] as const;
type Counts = Record<(typeof COUNTERS)[number], number>;
const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((f) => [f, 0])) as Counts;
function addCounts(into: Counts, from: Counts): void {
  for (const f of COUNTERS) into[f] += from[f];
}

function deltaFor(userId: string, subject: string, task: string): UsageDelta {
  const day = today();
  const key = `${userId}|${day}|${subject}|${task}`;
  let d = pending.get(key);
  if (!d && pending.size >= MAX_HELD_ROWS) {
    droppedRows += 1;
    return { userId, day, subject, task, ...zeroCounts() }; // counted nowhere
  }
  if (!d) {
    d = {
      userId,
      day,
      subject,
      task,
      ...zeroCounts(),
    };
    pending.set(key, d);
  }
  return d;
}

export interface CallRecord {
  provider: string;
  model: string;
  task: string;
  ok: boolean;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
}

export interface CacheRecord {
  cache: 'job_analysis_kv' | 'job_analysis_d1' | 'embeddings_kv' | 'search_index';
  hit: boolean;
  /** What the hit avoided paying (micro-USD), from the measured cost of the original call. */
  savedUsdMicros?: number;
  task?: string;
}

/** One meter per request: it knows the user, the env and the request's waitUntil. */
export class Meter {
  constructor(
    private readonly env: AiEnv,
    private readonly ctx: ExecutionContext,
    private readonly userId: string,
  ) {}

  call(r: CallRecord): void {
    const d = deltaFor(this.userId, `${r.provider}:${r.model}`, r.task);
    d.calls += 1;
    if (!r.ok) d.failures += 1;
    d.promptTokens += r.promptTokens;
    d.completionTokens += r.completionTokens;
    d.latencyMsTotal += Math.round(r.latencyMs);
    this.env.AI_ANALYTICS?.writeDataPoint({
      indexes: [this.userId],
      blobs: ['call', r.provider, r.model, r.task, r.ok ? 'ok' : 'failed'],
      doubles: [r.latencyMs, r.promptTokens, r.completionTokens, costUsdMicros(r.provider, r.model, r.promptTokens, r.completionTokens)],
    });
    this.scheduleFlush();
  }

  cache(r: CacheRecord): void {
    const d = deltaFor(this.userId, `cache:${r.cache}`, r.task ?? '');
    if (r.hit) d.hits += 1;
    else d.misses += 1;
    d.savedUsdMicros += r.hit ? Math.max(0, Math.round(r.savedUsdMicros ?? 0)) : 0;
    this.env.AI_ANALYTICS?.writeDataPoint({
      indexes: [this.userId],
      blobs: ['cache', r.cache, r.hit ? 'hit' : 'miss', r.task ?? ''],
      doubles: [r.savedUsdMicros ?? 0],
    });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (pending.size >= MAX_PENDING_ROWS) {
      // One early flush at a time: while D1 fails, each request would otherwise start another.
      if (!earlyFlush) {
        earlyFlush = flush(this.env).finally(() => (earlyFlush = null));
        this.ctx.waitUntil(earlyFlush);
      }
      return;
    }
    if (flushScheduled) return;
    flushScheduled = true;
    this.ctx.waitUntil(
      new Promise((r) => setTimeout(r, flushIntervalOf(this.env))).then(() => {
        flushScheduled = false;
        return flush(this.env);
      }),
    );
  }
}

/**
 * Writes every pending delta, one batch per shard (the deltas span users, each user's rows live
 * on their own shard); a shard's batch that fails is merged back for the next flush.
 */
export async function flush(env: ShardEnv): Promise<void> {
  if (pending.size === 0) return;
  const batch = [...pending.values()];
  pending.clear();
  const byDb = new Map<D1Database, UsageDelta[]>();
  for (const d of batch) {
    try {
      const db = await userDb(env, d.userId);
      const list = byDb.get(db);
      if (list) list.push(d);
      else byDb.set(db, [d]);
    } catch (error) {
      restore([d], error);
    }
  }
  for (const [db, deltas] of byDb) {
    try {
      // A user being moved off this shard: kept for a later flush, which reaches their new shard.
      const held = await aiUsage.addUsageDeltas(db, deltas);
      if (held.length > 0) restore(held, 'USER_MOVING');
    } catch (error) {
      restore(deltas, error);
    }
  }
}

function restore(deltas: UsageDelta[], error: unknown): void {
  for (const d of deltas) addCounts(deltaFor(d.userId, d.subject, d.task), d);
  const dropped = droppedRows;
  droppedRows = 0;
  console.warn(JSON.stringify({ level: 'warn', msg: 'ai_usage_flush_failed', rows: deltas.length, dropped, error: String(error) }));
}

/** Rows waiting for the next flush (tests). */
export const pendingRowCount = (): number => pending.size;

/** The user's totals since `sinceDay`: stored counters plus this isolate's pending deltas. */
export async function totalsFor(db: D1Reader, userId: string, sinceDay: string): Promise<UsageTotals[]> {
  const stored = await aiUsage.usageTotals(db, userId, sinceDay);
  const byKey = new Map(stored.map((t) => [`${t.subject}|${t.task}`, { ...t }]));
  for (const d of pending.values()) {
    if (d.userId !== userId || d.day < sinceDay) continue;
    const key = `${d.subject}|${d.task}`;
    const t = byKey.get(key) ?? { subject: d.subject, task: d.task, ...zeroCounts() };
    addCounts(t, d);
    byKey.set(key, t);
  }
  return [...byKey.values()].sort((a, b) => (a.subject + a.task).localeCompare(b.subject + b.task));
}

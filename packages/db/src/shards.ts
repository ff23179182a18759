/**
 * The one accessor for D1: which database holds a user's rows. Nothing else reads a D1
 * binding (tests/structure/test/shards.test.mjs fails otherwise).
 *
 * Bindings `DB_0 … DB_{n-1}` (n = the consecutive `DB_i` bound; 1 by default). With one shard
 * every call answers `DB_0` at once: no lookup, no directory row. With more, the directory
 * `shard_directory` in `DB_0` (migration 0012) is the authority:
 * - a user with a row lives on that shard;
 * - a user without a row but with a `users` row on `DB_0` is a user from before sharding: they
 *   stay on `DB_0` (adding a shard never moves anyone), and the row is written once;
 * - anyone else is new: a shard is chosen among the open ones (`SHARDS_OPEN`, default all),
 *   written with INSERT OR IGNORE and read back in one transaction, so two racing first requests
 *   agree on the winner.
 * Every table row references `users(id)` (D1 enforces foreign keys), so a user with any row on
 * `DB_0` has a `users` row there. Answers are cached per isolate for SHARD_CACHE_TTL_MS; a move
 * (directory row rewritten) is seen by every isolate after at most that long.
 */
import { claimShard, findShard } from './shard-directory';

/** How long an isolate trusts a cached user → shard answer. A move waits longer before purging. */
export const SHARD_CACHE_TTL_MS = 30_000;
/** Cached answers per isolate (oldest dropped first). */
export const SHARD_CACHE_MAX = 10_000;

/**
 * What is not keyed by one user, and where it lives. Every other table has a `user_id` column
 * and holds a user's rows only on that user's shard (packages/db/test/shards.test.ts checks the
 * schema against this list).
 */
export const NOT_USER_SCOPED = {
  /** Keyed by the user's id itself: on the user's shard like the rest of their rows. */
  users: 'keyed by id (= user id): on the user’s shard',
  /** Authoritative only in DB_0; the table exists on every shard so all share one schema. */
  shard_directory: 'DB_0 only (created everywhere, read and written only in DB_0)',
  /** Session ids are global names (KV, gateway): one owner across shards (session-owners.ts). */
  session_owners: 'DB_0 only (created everywhere, read and written only in DB_0)',
  /** FTS5 index over `jobs` (joined on job_id, queried with user_id): follows the jobs rows. */
  jobs_fts: 'follows `jobs` on each shard',
  /** wrangler's migration record: one per shard (scripts/migrate.mjs applies to each). */
  d1_migrations: 'per shard',
  /** The storage caps (migration 0017), seeded from quotas.ts: the same on every shard. */
  storage_quotas: 'every shard, the same rows',
} as const;

/** The bindings the accessor reads. `DB_1 …` are optional; `SHARDS_OPEN` e.g. "1,2". */
export interface ShardEnv {
  DB_0: D1Database;
  SHARDS_OPEN?: string;
}

export interface Shard {
  shard: number;
  db: D1Database;
}

const shardLists = new WeakMap<object, Shard[]>();

/** Every configured shard, in order (for scheduled jobs, migrations and tests). */
export function shardDbs(env: ShardEnv): Shard[] {
  const known = shardLists.get(env);
  if (known) return known;
  const bindings = env as unknown as Record<string, D1Database | undefined>;
  const list: Shard[] = [];
  for (let i = 0; bindings[`DB_${i}`] !== undefined; i++) list.push({ shard: i, db: bindings[`DB_${i}`]! });
  if (list.length === 0) throw new Error('no D1 binding DB_0 configured');
  shardLists.set(env, list);
  return list;
}

/** The database holding the directory (and every user from before sharding). */
export function directoryDb(env: ShardEnv): D1Database {
  return env.DB_0;
}

/** The shards that take new users: SHARDS_OPEN ("0,2"), or every configured shard. */
export function openShards(env: ShardEnv): number[] {
  const count = shardDbs(env).length;
  const raw = env.SHARDS_OPEN?.trim();
  if (!raw) return Array.from({ length: count }, (_, i) => i);
  const open = raw.split(',').map((s) => Number(s.trim()));
  const bad = open.filter((n) => !Number.isInteger(n) || n < 0 || n >= count);
  if (bad.length > 0 || open.length === 0) throw new Error(`SHARDS_OPEN="${raw}" names a shard that is not bound (DB_0 … DB_${count - 1})`);
  return open;
}

/** Stable spread of new users over the open shards (FNV-1a of the id). */
function chooseShard(userId: string, open: number[]): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193) >>> 0;
  return open[hash % open.length]!;
}

const cache = new Map<string, { shard: number; until: number }>();

function remember(userId: string, shard: number): void {
  cache.delete(userId);
  if (cache.size >= SHARD_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(userId, { shard, until: Date.now() + SHARD_CACHE_TTL_MS });
}

/** Drops this isolate's cached answers (tests; a move tool in the same isolate). */
export function clearShardCache(userId?: string): void {
  if (userId === undefined) cache.clear();
  else cache.delete(userId);
}

/** Reads the directory; assigns a shard once if the user has none. */
async function lookUpShard(env: ShardEnv, userId: string): Promise<number> {
  const directory = directoryDb(env);
  const found = await findShard(directory, userId);
  if (found.shard !== null) return found.shard;
  return claimShard(directory, userId, found.onFirst ? 0 : chooseShard(userId, openShards(env)));
}

/** The shard number of a user (see the file comment for the rules). */
export async function userShard(env: ShardEnv, userId: string): Promise<number> {
  const shards = shardDbs(env);
  if (shards.length === 1) return 0;
  const hit = cache.get(userId);
  if (hit && hit.until > Date.now()) return hit.shard;
  const shard = await lookUpShard(env, userId);
  if (shard >= shards.length) throw new Error(`user is on shard ${shard}, which is not bound (DB_0 … DB_${shards.length - 1})`);
  remember(userId, shard);
  return shard;
}

/** The database holding every row of `userId`. */
export async function userDb(env: ShardEnv, userId: string): Promise<D1Database> {
  if ((env as unknown as { DB_1?: unknown }).DB_1 === undefined) return env.DB_0; // one shard: no lookup
  return shardDbs(env)[await userShard(env, userId)]!.db;
}

export type ShardOutcome<T> = { shard: number; ok: true; value: T } | { shard: number; ok: false; error: string };

/**
 * Runs `work` on every shard, one after another; a failing shard is reported and the next one
 * still runs (scheduled jobs, maintenance tools).
 */
export async function forEachShard<T>(env: ShardEnv, work: (db: D1Database, shard: number) => Promise<T>): Promise<ShardOutcome<T>[]> {
  const outcomes: ShardOutcome<T>[] = [];
  for (const { shard, db } of shardDbs(env)) {
    try {
      outcomes.push({ shard, ok: true, value: await work(db, shard) });
    } catch (error) {
      outcomes.push({ shard, ok: false, error: String(error) });
    }
  }
  return outcomes;
}

/**
 * The database of a one-shard deployment, for code that reads rows without a user (test suites
 * that inspect what a request stored). Throws when more shards are bound, so it can never
 * silently read the wrong one.
 */
export function soleShardDb(env: ShardEnv): D1Database {
  const shards = shardDbs(env);
  if (shards.length !== 1) throw new Error(`soleShardDb: ${shards.length} shards are bound; pick the user's with userDb`);
  return shards[0]!.db;
}

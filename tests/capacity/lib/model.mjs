/**
 * The capacity model: measured per-user bytes and per-request D1 work, combined with the
 * published D1 limits and the stated assumptions below. Pure functions (no I/O), so the
 * arithmetic is the same in the smoke run and the recorded one.
 */

/** Published by Cloudflare (D1 limits page, "Last updated Apr 21, 2026", Workers Paid). */
export const PUBLISHED = {
  databaseBytes: 10e9, // "Maximum database size 10 GB" (taken as 10^10 bytes, the smaller reading)
  accountBytes: 1e12, // "Maximum storage per account 1 TB"
  databasesPerAccount: 50_000,
  bindingsPerWorker: 5_000, // "Maximum bindings per Workers script: approximately 5,000"
  queriesPerInvocation: 1_000,
  // "Each D1 database is single-threaded and runs one query at a time": ~1,000 queries/s at 1 ms each.
  queriesPerSecondAt1ms: 1_000,
};

/** Assumptions (not measured; change them here and re-run). */
export const ASSUMED = {
  fill: 0.8, // plan a database full at 80 % of 10 GB: headroom while a new shard is added
  dauShare: 0.2, // daily active users as a share of all users (an active job search is a daily habit)
  peakFactor: 4, // the day's requests in an ~8-hour window (×3), its busiest hour a third above that (×4/3)
  queryBudget: 0.5, // use at most half of a database's ~1,000 queries/s (1 ms each) at peak
};
export const USER_COUNTS = [10_000, 100_000, 1_000_000];
export const DAU_PER_DATABASE = [1_000, 10_000, 50_000];

/** One active user's day: the route mix's perDay × each route's measured cost. */
export function dailyLoad(routes) {
  const sum = (f) => routes.reduce((a, r) => a + r.perDay * f(r), 0);
  return {
    requests: sum(() => 1),
    queries: sum((r) => r.queries),
    writeQueries: sum((r) => r.writeQueries),
    rowsRead: sum((r) => r.rowsRead),
    rowsWritten: sum((r) => r.rowsWritten),
  };
}

/** Per-second figures on one database holding `dau` daily active users. */
export function perSecond(day, dau) {
  const avg = (x) => (x * dau) / 86_400;
  return {
    writeQueriesAvg: avg(day.writeQueries),
    writeQueriesPeak: avg(day.writeQueries) * ASSUMED.peakFactor,
    rowsWrittenPeak: avg(day.rowsWritten) * ASSUMED.peakFactor,
    queriesPeak: avg(day.queries) * ASSUMED.peakFactor,
  };
}

const budgetQps = () => PUBLISHED.queriesPerSecondAt1ms * ASSUMED.queryBudget;

/** Users one database holds before storage, and before query throughput, binds. */
export function usersPerDatabase(bytesPerUser, day) {
  const byStorage = Math.floor((PUBLISHED.databaseBytes * ASSUMED.fill) / bytesPerUser);
  const peakQpsPerUser = (ASSUMED.dauShare * day.queries * ASSUMED.peakFactor) / 86_400;
  const byThroughput = Math.floor(budgetQps() / peakQpsPerUser);
  return { byStorage, byThroughput, binding: byStorage <= byThroughput ? 'storage' : 'query throughput' };
}

/** Shards for `users` users of one profile, and what else it runs into. */
export function shardsFor(users, bytesPerUser, day) {
  const per = usersPerDatabase(bytesPerUser, day);
  const storage = Math.ceil(users / per.byStorage);
  const throughput = Math.ceil(users / per.byThroughput);
  const totalBytes = users * bytesPerUser;
  return {
    users,
    storage,
    throughput,
    shards: Math.max(1, storage, throughput),
    totalBytes,
    overAccountStorage: totalBytes > PUBLISHED.accountBytes,
  };
}

/** Users at which the account's 1 TB of D1 storage is used up. */
export const usersPerAccountStorage = (bytesPerUser) => Math.floor(PUBLISHED.accountBytes / bytesPerUser);

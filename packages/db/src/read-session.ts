/**
 * Read replicas through D1's Sessions API (issue 17 §4), only where they are safe. The hint
 * comes from the gateway (packages/shared-middleware read-consistency.ts): `replica` on a
 * signed-in GET when the user wrote nothing the route reads within the read-your-writes
 * window. Anything else — no hint, every write and the reads inside a write — starts at the
 * primary. Within one session D1 is sequentially consistent, so a request that reads after
 * its own write sees it either way.
 */
import { type ShardEnv, userDb } from './shards';

export type ReadConsistency = 'primary' | 'replica';

/** The session a GET route's reads run in ('first-unconstrained' = any replica may answer). */
export function readSession(db: D1Database, hint: ReadConsistency | null | undefined): D1DatabaseSession {
  return db.withSession(hint === 'replica' ? 'first-unconstrained' : 'first-primary');
}

/**
 * The one way a replica-safe GET route opens its reads: the user's shard, in a session the
 * hint chooses (`readConsistencyOf(request)` from shared-middleware). Pass the session only to
 * read functions (they take `D1Reader`); a route that writes uses `userDb` for all its reads.
 */
export async function userReadDb(env: ShardEnv, userId: string, hint: ReadConsistency | null | undefined): Promise<D1DatabaseSession> {
  return readSession(await userDb(env, userId), hint);
}

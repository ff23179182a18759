/**
 * A D1 binding with a read replica that lags, for testing replica reads (packages/db
 * read-session.ts): the local runtime has no replicas. Sessions that may start anywhere
 * ('first-unconstrained') read `replica` (a database that has not seen the latest writes; pass
 * `primary` itself to only record); everything else — plain statements, batches, primary
 * sessions — reaches `primary`. `sessions` records each session's constraint in order.
 */
export function laggingReplica(primary: D1Database, replica: D1Database): { db: D1Database; sessions: string[] } {
  const sessions: string[] = [];
  const db = {
    prepare: (query: string) => primary.prepare(query),
    batch: (statements: D1PreparedStatement[]) => primary.batch(statements),
    exec: (query: string) => primary.exec(query),
    dump: () => primary.dump(),
    withSession(constraint?: string) {
      sessions.push(String(constraint));
      return (constraint === 'first-unconstrained' ? replica : primary).withSession(constraint);
    },
  };
  return { db: db as unknown as D1Database, sessions };
}

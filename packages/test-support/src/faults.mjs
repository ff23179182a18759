/**
 * Fault injection over real bindings: each wrapper forwards every call to the real (local)
 * KV namespace, R2 bucket or D1 database and fails only the operations `fail` selects, the
 * way the platform fails them (a thrown Error from the binding call). Nothing of the code
 * under test is replaced. Pass the wrapper as the binding (`{ ...env, DB_0: failingD1(soleShardDb(env), …) }`).
 *
 * `failNthInsert` injects a D1 failure into the database itself (a trigger), so it also reaches
 * Workers whose env a test cannot wrap (the built services behind the gateway) and fails one
 * statement in the middle of a batch: what proves a multi-row write is one transaction.
 */

/** The error every injected fault throws (its message says it was injected). */
export class InjectedFault extends Error {
  /** @param {string} what */
  constructor(what) {
    super(`injected fault: ${what}`);
    this.name = 'InjectedFault';
  }
}

/**
 * The KV namespace whose first `get` never settles — what a request cancelled mid-read leaves
 * behind for the requests of the isolate waiting on it; every other call goes to `inner`.
 * `reads()` counts the gets.
 * @param {KVNamespace} inner
 * @returns {KVNamespace & { reads: () => number }}
 */
export function kvWithStalledFirstRead(inner) {
  let reads = 0;
  return /** @type {any} */ (
    new Proxy(inner, {
      get: (target, prop) => {
        if (prop === 'reads') return () => reads;
        if (prop !== 'get') return Reflect.get(target, prop);
        return (/** @type {any[]} */ ...args) =>
          ++reads === 1 ? new Promise(() => {}) : /** @type {any} */ (target.get).apply(target, args);
      },
    })
  );
}

/**
 * @param {KVNamespace} inner
 * @param {(op: 'get' | 'getWithMetadata' | 'put' | 'delete' | 'list', key: string) => boolean} fail
 * @returns {KVNamespace}
 */
export function failingKv(inner, fail) {
  /** @param {'get' | 'getWithMetadata' | 'put' | 'delete' | 'list'} op @param {unknown} key */
  const check = (op, key) => {
    if (fail(op, String(key ?? ''))) throw new InjectedFault(`KV ${op} ${String(key ?? '')}`);
  };
  return /** @type {any} */ ({
    /** @param {any} key @param {any} o */
    async get(key, o) {
      check('get', key);
      return inner.get(key, o);
    },
    /** @param {any} key @param {any} o */
    async getWithMetadata(key, o) {
      check('getWithMetadata', key);
      return inner.getWithMetadata(key, o);
    },
    /** @param {string} key @param {any} value @param {any} o */
    async put(key, value, o) {
      check('put', key);
      return inner.put(key, value, o);
    },
    /** @param {string} key */
    async delete(key) {
      check('delete', key);
      return inner.delete(key);
    },
    /** @param {any} o */
    async list(o) {
      check('list', o?.prefix ?? '');
      return inner.list(o);
    },
  });
}

/**
 * @param {R2Bucket} inner
 * @param {(op: 'head' | 'get' | 'put' | 'delete' | 'list', key: string) => boolean} fail
 * @returns {R2Bucket}
 */
export function failingR2(inner, fail) {
  /** @param {'head' | 'get' | 'put' | 'delete' | 'list'} op @param {unknown} key */
  const check = (op, key) => {
    if (fail(op, String(key ?? ''))) throw new InjectedFault(`R2 ${op} ${String(key ?? '')}`);
  };
  return /** @type {any} */ ({
    /** @param {string} key */
    async head(key) {
      check('head', key);
      return inner.head(key);
    },
    /** @param {string} key @param {any} o */
    async get(key, o) {
      check('get', key);
      return inner.get(key, o);
    },
    /** @param {string} key @param {any} value @param {any} o */
    async put(key, value, o) {
      check('put', key);
      return inner.put(key, value, o);
    },
    /** @param {any} keys */
    async delete(keys) {
      check('delete', keys);
      return inner.delete(keys);
    },
    /** @param {any} o */
    async list(o) {
      check('list', o?.prefix ?? '');
      return inner.list(o);
    },
  });
}

/**
 * A D1 database whose statements matching `fail(sql)` throw when run (alone or in a batch:
 * the whole batch then fails before anything is written, as D1 rolls a failed batch back).
 * @param {D1Database} inner
 * @param {(sql: string) => boolean} fail
 * @returns {D1Database}
 */
export function failingD1(inner, fail) {
  const failed = new WeakSet();
  /** @param {string} sql */
  const failingStatement = (sql) => {
    const refuse = async () => {
      throw new InjectedFault(`D1 ${sql.replace(/\s+/g, ' ').slice(0, 80)}`);
    };
    const statement = { bind: () => statement, run: refuse, all: refuse, first: refuse, raw: refuse };
    failed.add(statement);
    return statement;
  };
  return /** @type {any} */ ({
    /** @param {string} sql */
    prepare(sql) {
      return fail(sql) ? failingStatement(sql) : inner.prepare(sql);
    },
    /** @param {any[]} statements */
    async batch(statements) {
      const bad = statements.find((s) => failed.has(s));
      if (bad) return bad.run();
      return inner.batch(statements);
    },
    /** @param {string} sql */
    async exec(sql) {
      if (fail(sql)) throw new InjectedFault(`D1 exec ${sql.slice(0, 80)}`);
      return inner.exec(sql);
    },
    // A read session (replica reads) fails the same statements: it is the same database.
    withSession: (/** @type {any} */ ...a) => {
      const session = /** @type {any} */ (inner).withSession(...a);
      return Object.assign(failingD1(session, fail), { getBookmark: () => session.getBookmark() });
    },
    dump: () => inner.dump(),
  });
}

const quote = (/** @type {string} */ s) => `'${s.replaceAll("'", "''")}'`;

/**
 * Makes D1 refuse the user's next insert into `table` once the user has `n` rows there
 * (n = 1: the second row of a multi-row write fails). A trigger, so it acts inside a batch's
 * transaction exactly where a constraint failure would. Returns a function that removes it.
 * @param {D1Database} db
 * @param {string} table
 * @param {string} userId
 * @param {number} n
 * @param {'INSERT' | 'UPDATE'} [event]
 * @param {string} [when] an extra SQL condition on NEW (e.g. "NEW.status = 'sent'")
 */
export async function failNthInsert(db, table, userId, n, event = 'INSERT', when = 'TRUE') {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const name = `injected_fault_${table}_${event.toLowerCase()}_${userId.replace(/[^A-Za-z0-9]/g, '_')}`;
  await db
    .prepare(
      `CREATE TRIGGER ${name} BEFORE ${event} ON ${table}
       WHEN NEW.user_id = ${quote(userId)} AND (${when})
         AND (SELECT count(*) FROM ${table} WHERE user_id = ${quote(userId)}) >= ${Number(n)}
       BEGIN SELECT RAISE(ABORT, 'injected fault: ${event} ${table}'); END`,
    )
    .run();
  return async () => {
    await db.prepare(`DROP TRIGGER IF EXISTS ${name}`).run();
  };
}

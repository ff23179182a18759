/**
 * A KV binding that behaves like production KV where local workerd does not
 * (../shared/PLATFORM-FACTS.md): a second write (put or delete) to the same key within one
 * second fails with a 429-like error, and a TTL under 60 s is rejected. It also counts reads
 * and writes, so tests and the benchmark can assert how much KV a code path costs.
 *
 * Wrap a real (local) namespace: `prodLikeKv(env.RATE_LIMITS)`; pass it as the binding.
 * Runs inside workerd (vitest-pool-workers) or in Node (Miniflare proxies).
 */

export const MIN_TTL_SECONDS = 60;
export const SAME_KEY_WRITE_INTERVAL_MS = 1000;

/**
 * @param {KVNamespace} inner
 * @param {{ now?: () => number }} [options] clock for tests that move time
 */
export function prodLikeKv(inner, options = {}) {
  const now = options.now ?? (() => Date.now());
  /** @type {Map<string, number>} */
  const lastWrite = new Map();
  /** @type {string[]} */
  const violations = [];
  const stats = { reads: 0, writes: 0, lists: 0, violations };

  /** @param {string} key @param {string} op */
  function checkWriteRate(key, op) {
    const t = now();
    const previous = lastWrite.get(key);
    if (previous !== undefined && t - previous < SAME_KEY_WRITE_INTERVAL_MS) {
      const message = `KV ${op} failed: 429 Too Many Requests (key "${key}" written ${t - previous} ms ago)`;
      stats.violations.push(message);
      throw new Error(message);
    }
    lastWrite.set(key, t);
  }

  /** @param {KVNamespacePutOptions | undefined} o */
  function checkTtl(o) {
    const ttl = o?.expirationTtl;
    if (ttl !== undefined && ttl < MIN_TTL_SECONDS) {
      const message = `KV PUT failed: 400 Invalid expiration_ttl of ${ttl}. Expiration TTL must be at least ${MIN_TTL_SECONDS}.`;
      stats.violations.push(message);
      throw new Error(message);
    }
    if (o?.expiration !== undefined && o.expiration * 1000 < now() + MIN_TTL_SECONDS * 1000) {
      const message = `KV PUT failed: 400 Invalid expiration of ${o.expiration}. Expiration times must be at least ${MIN_TTL_SECONDS} seconds in the future.`;
      stats.violations.push(message);
      throw new Error(message);
    }
  }

  /** @type {KVNamespace & { stats: typeof stats, resetStats(): void }} */
  const kv = {
    stats,
    resetStats() {
      stats.reads = 0;
      stats.writes = 0;
      stats.lists = 0;
      stats.violations.length = 0;
    },
    // @ts-expect-error — overloads are forwarded as they are
    get(key, o) {
      stats.reads += Array.isArray(key) ? key.length : 1;
      return inner.get(key, o);
    },
    // @ts-expect-error — overloads are forwarded as they are
    getWithMetadata(key, o) {
      stats.reads += Array.isArray(key) ? key.length : 1;
      return inner.getWithMetadata(key, o);
    },
    async put(key, value, o) {
      checkTtl(o);
      checkWriteRate(key, 'PUT');
      stats.writes += 1;
      return inner.put(key, value, o);
    },
    async delete(key) {
      checkWriteRate(key, 'DELETE');
      stats.writes += 1;
      return inner.delete(key);
    },
    list(o) {
      stats.lists += 1;
      return inner.list(o);
    },
  };
  return kv;
}

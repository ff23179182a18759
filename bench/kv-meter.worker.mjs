/**
 * The benchmark's instrumented KV: a Worker that owns the real (local) KV namespaces and
 * exposes each one as an RPC entrypoint with the KV method names. The gateway's KV bindings
 * are service bindings to these entrypoints, so every count below is a real call the gateway
 * made on its binding. GET /stats returns the counts; POST /reset zeroes them.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';

const NAMESPACES = ['SESSIONS', 'RATE_LIMITS', 'API_CACHE'];
const empty = () => ({ reads: 0, writes: 0, deletes: 0, lists: 0 });
let stats = Object.fromEntries(NAMESPACES.map((n) => [n, empty()]));

/** @param {string} name */
function meteredNamespace(name) {
  return class extends WorkerEntrypoint {
    get kv() {
      return /** @type {KVNamespace} */ (this.env[name]);
    }
    get(key, options) {
      stats[name].reads += Array.isArray(key) ? key.length : 1;
      return this.kv.get(key, options);
    }
    getWithMetadata(key, options) {
      stats[name].reads += Array.isArray(key) ? key.length : 1;
      return this.kv.getWithMetadata(key, options);
    }
    put(key, value, options) {
      stats[name].writes += 1;
      return this.kv.put(key, value, options);
    }
    delete(key) {
      stats[name].deletes += 1;
      return this.kv.delete(key);
    }
    list(options) {
      stats[name].lists += 1;
      return this.kv.list(options);
    }
  };
}

export const SESSIONS = meteredNamespace('SESSIONS');
export const RATE_LIMITS = meteredNamespace('RATE_LIMITS');
export const API_CACHE = meteredNamespace('API_CACHE');

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/reset' && request.method === 'POST') {
      stats = Object.fromEntries(NAMESPACES.map((n) => [n, empty()]));
      return new Response(null, { status: 204 });
    }
    if (pathname === '/stats') return Response.json(stats);
    return new Response('not found', { status: 404 });
  },
};

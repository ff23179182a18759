/**
 * A typed KV entry: one key builder, one valibot schema, one TTL. Reads parse and validate
 * (a corrupt or outdated value is a logged miss, never a crash); writes validate and clamp
 * the TTL to KV's 60-second minimum (a smaller expirationTtl throws in production).
 */
import * as v from 'valibot';

export const KV_MIN_TTL_SECONDS = 60;

export function clampTtl(seconds: number): number {
  return Math.max(KV_MIN_TTL_SECONDS, Math.ceil(seconds));
}

export interface KvEntrySpec<K, S extends v.GenericSchema> {
  /** The binding the entry lives in, for logs and docs. */
  namespace: string;
  key: (id: K) => string;
  schema: S;
  ttlSeconds: number;
}

export interface KvEntry<K, S extends v.GenericSchema> {
  readonly namespace: string;
  readonly ttlSeconds: number;
  readonly schema: S;
  key(id: K): string;
  get(kv: KVNamespace, id: K): Promise<v.InferOutput<S> | null>;
  put(kv: KVNamespace, id: K, value: v.InferInput<S>, options?: { ttlSeconds?: number }): Promise<void>;
  delete(kv: KVNamespace, id: K): Promise<void>;
}

export function defineKvEntry<K, S extends v.GenericSchema>(spec: KvEntrySpec<K, S>): KvEntry<K, S> {
  const ttlSeconds = clampTtl(spec.ttlSeconds);
  return {
    namespace: spec.namespace,
    ttlSeconds,
    schema: spec.schema,
    key: spec.key,
    async get(kv, id) {
      const key = spec.key(id);
      const raw = await kv.get(key, 'text');
      if (raw === null) return null;
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        logCorrupt(spec.namespace, key, 'not JSON');
        return null;
      }
      const result = v.safeParse(spec.schema, data);
      if (!result.success) {
        logCorrupt(spec.namespace, key, result.issues[0]?.message ?? 'schema mismatch');
        return null;
      }
      return result.output;
    },
    async put(kv, id, value, options) {
      const parsed = v.parse(spec.schema, value);
      await kv.put(spec.key(id), JSON.stringify(parsed), {
        expirationTtl: clampTtl(options?.ttlSeconds ?? ttlSeconds),
      });
    },
    async delete(kv, id) {
      await kv.delete(spec.key(id));
    },
  };
}

function logCorrupt(namespace: string, key: string, why: string): void {
  console.warn(JSON.stringify({ level: 'warn', msg: 'kv_corrupt_value', namespace, key, why }));
}

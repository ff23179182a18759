/** Calls the core Worker the way the gateway does: with a signed identity. */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../src/index';
import type { CoreEnv } from '../src/env';
import { signIdentity, type Identity } from '@jobmatch/shared-middleware';

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  userId?: string | null;
  sessionId?: string;
  /** Calls the Worker's handler directly with these env values swapped in (e.g. a failing KV). */
  envOverrides?: Partial<CoreEnv>;
}

export async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const url = `https://core.internal${path}`;
  const method = o.method ?? 'GET';
  const headers = new Headers(o.headers);
  const identity: Identity = {
    userId: o.userId === undefined ? 'user-a' : o.userId,
    email: o.userId === null ? null : `${o.userId ?? 'user-a'}@example.test`,
    sessionId: o.sessionId ?? 'session-1',
    clientIp: '203.0.113.7',
    requestId: `test-${crypto.randomUUID()}`,
  };
  await signIdentity(env.INTERNAL_SIGNING_SECRET, headers, identity, method, url);
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  if (!o.envOverrides) return SELF.fetch(url, { method, headers, body });
  const ctx = createExecutionContext();
  const response = await worker.fetch!(new Request(url, { method, headers, body }) as any, { ...env, ...o.envOverrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

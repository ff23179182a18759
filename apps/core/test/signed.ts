/** Calls the core Worker the way the gateway does: with a signed identity (`userId: null` is a public call). */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../src/index';
import type { CoreEnv } from '../src/env';
import { signIdentity, type Identity } from '@jobmatch/shared-middleware';

export interface CallOptions {
  method?: string;
  /** JSON-encoded unless it is a string or a FormData (multipart), which are sent as they are. */
  body?: unknown;
  headers?: HeadersInit;
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
    sessionId: o.userId === null ? null : (o.sessionId ?? 'session-1'),
    clientIp: '203.0.113.7',
    requestId: `test-${crypto.randomUUID()}`,
  };
  // Sign the URL as it will be seen (URL parsing normalises dot segments).
  await signIdentity(env.INTERNAL_SIGNING_SECRET, headers, identity, method, new URL(url).href);
  let body: string | FormData | undefined;
  if (o.body instanceof FormData) {
    body = o.body;
  } else if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  if (!o.envOverrides) return SELF.fetch(url, { method, headers, body });
  const ctx = createExecutionContext();
  const response = await worker.fetch!(
    new Request(url, { method, headers, body }) as Parameters<NonNullable<typeof worker.fetch>>[0],
    { ...env, ...o.envOverrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

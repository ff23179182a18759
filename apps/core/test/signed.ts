/** Calls the core Worker the way the gateway does: with a signed identity. */
import { SELF, env } from 'cloudflare:test';
import { signIdentity, type Identity } from '@jobmatch/shared-middleware';

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  userId?: string | null;
}

export async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const url = `https://core.internal${path}`;
  const method = o.method ?? 'GET';
  const headers = new Headers(o.headers);
  const identity: Identity = {
    userId: o.userId === undefined ? 'user-a' : o.userId,
    email: o.userId === null ? null : `${o.userId ?? 'user-a'}@example.test`,
    sessionId: 'session-1',
    clientIp: '203.0.113.7',
    requestId: `test-${crypto.randomUUID()}`,
  };
  await signIdentity(env.INTERNAL_SIGNING_SECRET, headers, identity, method, url);
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return SELF.fetch(url, { method, headers, body });
}

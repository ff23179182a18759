/**
 * A request to an internal service signed the way the gateway signs it, for the services' own
 * suites (each suite then sends it with SELF.fetch or calls its Worker's handler with env swapped).
 */
import { signIdentity, type Identity } from '@jobmatch/shared-middleware';

export interface SignedRequestOptions {
  method?: string;
  /** JSON-encoded unless it is a string or a FormData (multipart), which are sent as they are. */
  body?: unknown;
  headers?: HeadersInit;
  /** The caller; null is a public call (no user), as the gateway forwards public routes. */
  userId?: string | null;
  sessionId?: string;
  clientIp?: string;
}

export async function signedRequest(secret: string, url: string, o: SignedRequestOptions = {}): Promise<Request> {
  const method = o.method ?? 'GET';
  const headers = new Headers(o.headers);
  const userId = o.userId === undefined ? 'user-a' : o.userId;
  const identity: Identity = {
    userId,
    email: userId === null ? null : `${userId}@example.test`,
    sessionId: userId === null ? null : (o.sessionId ?? 'session-1'),
    clientIp: o.clientIp ?? '203.0.113.7',
    requestId: `test-${crypto.randomUUID()}`,
  };
  // Sign the URL as it will be seen (URL parsing normalises dot segments).
  await signIdentity(secret, headers, identity, method, new URL(url).href);
  let body: string | FormData | undefined;
  if (o.body instanceof FormData) {
    body = o.body;
  } else if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return new Request(url, { method, headers, body });
}

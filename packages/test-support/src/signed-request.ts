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
  /** The country the gateway signs (from request.cf.country). */
  country?: string;
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
    country: o.country ?? null,
    requestId: `test-${crypto.randomUUID()}`,
  };
  let body: string | FormData | undefined;
  if (o.body instanceof FormData) {
    body = o.body;
  } else if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  // The signature binds the exact bytes and Content-Type sent (a multipart body's boundary included).
  const draft = new Request(url, { method, headers, body });
  const bytes = body === undefined ? null : await draft.arrayBuffer();
  const sent = new Headers(draft.headers);
  // Sign the URL as it will be seen (URL parsing normalises dot segments).
  await signIdentity(secret, sent, identity, method, new URL(url).href, Date.now(), bytes);
  return new Request(url, { method, headers: sent, body: bytes });
}

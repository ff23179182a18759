/**
 * How concurrent requests of one isolate share a piece of work (a JWKS fetch, a KV read) without
 * sharing its promise. workerd cancels a request whose continuation waits on a promise that
 * another request's I/O settles once that other request has ended: the waiter gets a plain 500
 * ("your Worker's code had hung and would never generate a response"; cloudflare-docs, "The
 * script will never generate a response", cross-request promises). So the request doing the work
 * stores a plain value in module state, and the others poll for it on their own timers.
 */
export const CROSS_REQUEST_POLL_MS = 10;

/**
 * Waits, on this request's own timers, while `pending()` says another request's work is still
 * running, at most `maxMs` (that request may have been cancelled: its work then never ends).
 */
export async function waitWhile(pending: () => boolean, maxMs: number): Promise<void> {
  for (let waited = 0; waited < maxMs && pending(); waited += CROSS_REQUEST_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, CROSS_REQUEST_POLL_MS));
  }
}

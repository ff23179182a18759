/**
 * The floor under any gateway that keeps the contract: per request it signs an identity
 * (HMAC-SHA256 over the same fields as packages/shared-middleware/src/identity.ts), calls the
 * service over a Service Binding and writes one JSON log line, and nothing else (no JWT, no
 * session, no rate limit, no cache). floor-service.worker.mjs is its callee.
 */
const encoder = new TextEncoder();
let key;

export default {
  async fetch(request, env) {
    key ??= crypto.subtle.importKey('raw', encoder.encode(env.SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const url = new URL(request.url);
    const requestId = crypto.randomUUID();
    const timestamp = String(Date.now());
    const canonical = [
      'v1',
      timestamp,
      request.method,
      url.pathname + url.search,
      requestId,
      'user-1',
      'user-1@example.test',
      'session-1',
      '',
    ].join('\n');
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(canonical)));
    const headers = new Headers({
      'x-request-id': requestId,
      'x-jobmatch-timestamp': timestamp,
      'x-jobmatch-signature': [...signature].map((b) => b.toString(16).padStart(2, '0')).join(''),
    });
    const response = await env.SERVICE.fetch(`https://service.internal${url.pathname}${url.search}`, { method: request.method, headers });
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'request',
        service: 'floor',
        requestId,
        method: request.method,
        route: url.pathname,
        status: response.status,
        userId: 'user-1',
      }),
    );
    return new Response(response.body, response);
  },
};

/** Callee of floor-caller.worker.mjs: verifies the HMAC, writes one JSON log line, answers a 400 envelope. */
const encoder = new TextEncoder();
let key;

export default {
  async fetch(request, env) {
    key ??= crypto.subtle.importKey('raw', encoder.encode(env.SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const url = new URL(request.url);
    const h = request.headers;
    const requestId = h.get('x-request-id');
    const canonical = [
      'v1',
      h.get('x-jobmatch-timestamp'),
      request.method,
      url.pathname + url.search,
      requestId,
      'user-1',
      'user-1@example.test',
      'session-1',
      '',
    ].join('\n');
    const hex = h.get('x-jobmatch-signature') ?? '';
    const signature = new Uint8Array(32).map((_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    const ok = await crypto.subtle.verify('HMAC', await key, signature, encoder.encode(canonical));
    const status = ok ? 400 : 401;
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'request',
        service: 'floor-service',
        requestId,
        method: request.method,
        route: url.pathname,
        status,
      }),
    );
    return Response.json(
      { code: ok ? 'VALIDATION_ERROR' : 'UNAUTHENTICATED_INTERNAL', message: 'floor', statusCode: status, requestId },
      { status },
    );
  },
};

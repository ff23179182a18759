/**
 * The page behind the gateway's GET /api/docs (development only; the gateway answers 404
 * elsewhere — production frontends read the JSON document with their own tools): a
 * self-contained page that renders /api/openapi.json (no CDN: the dev stack runs offline).
 * core serves it unsigned at GET /openapi/page; it brings its own script policy (a nonce),
 * which the gateway keeps. Here rather than in the gateway for the gateway's bundle budget.
 */
const SCRIPT = `
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const pre = (o) => '<pre>' + esc(JSON.stringify(o, null, 2)) + '</pre>';
fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  const groups = {};
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) (groups[op.tags?.[0] ?? 'other'] ??= []).push({ path, method, op });
  }
  let html = '<h1>' + esc(doc.info.title) + ' <small>' + esc(doc.info.version) + '</small></h1><p>' + esc(doc.info.description) + '</p>';
  if (doc['x-undocumented']?.length) html += '<p class="warn">Undocumented: ' + esc(doc['x-undocumented'].join(', ')) + '</p>';
  for (const [tag, ops] of Object.entries(groups)) {
    html += '<h2>' + esc(tag) + '</h2>';
    for (const { path, method, op } of ops) {
      const rl = op['x-rate-limit'];
      html += '<details><summary><b class="m">' + method.toUpperCase() + '</b> <code>' + esc(path) + '</code> — ' + esc(op.summary ?? '') +
        (op.security?.length ? ' 🔒' : ' <i>public</i>') + (rl ? ' <small>' + rl.limit + ' / ' + rl.windowSeconds + ' s per ' + esc(rl.per) + '</small>' : '') + '</summary>';
      if (op.parameters) html += '<h4>Parameters</h4>' + pre(op.parameters);
      if (op.requestBody) html += '<h4>Body</h4>' + pre(op.requestBody.content);
      html += '<h4>Responses</h4>' + pre(op.responses) + '</details>';
    }
  }
  document.getElementById('app').innerHTML = html;
}, (e) => { document.getElementById('app').textContent = 'Could not load /api/openapi.json: ' + e; });
`;

export function docsPage(): Response {
  const nonce = crypto.randomUUID().replaceAll('-', '');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>JobMatch AI API</title>
<style nonce="${nonce}">body{font:14px/1.4 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem}
details{border-bottom:1px solid #ddd;padding:.3rem 0}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}
.m{display:inline-block;width:4.5rem}.warn{color:#a00}small{color:#666}</style></head>
<body><div id="app">Loading…</div><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-ancestors 'none'`,
    },
  });
}

/** Security headers for an API that serves JSON (and file downloads) only. */
/** `pagePolicy`: a page of the gateway's own (the dev API docs) replaces the JSON-only policy with its own. */
export function applySecurityHeaders(headers: Headers, environment: string, pagePolicy?: string | null): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('Content-Security-Policy', pagePolicy ?? "default-src 'none'; frame-ancestors 'none'");
  headers.set('Cross-Origin-Resource-Policy', 'same-site');
  if (environment !== 'development') {
    headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
}

/** Mints access tokens the way Supabase (or the local dev key) would. Runs in Node and workerd. */
import { SignJWT, importJWK } from 'jose';
import { AUDIENCE, DEV_ISSUER } from './constants.mjs';

/**
 * @typedef {object} TokenOptions
 * @property {string} sub
 * @property {string} [email]
 * @property {string} [sessionId]
 * @property {string} [issuer]
 * @property {string} [audience]
 * @property {number} [expiresIn] seconds from now; negative for an expired token
 * @property {Record<string, unknown>} [extra]
 */

/**
 * @param {import('jose').JWK} privateJwk
 * @param {TokenOptions} o
 * @returns {Promise<string>}
 */
export async function mintToken(privateJwk, o) {
  const key = await importJWK(privateJwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    email: o.email ?? `${o.sub}@example.test`,
    session_id: o.sessionId ?? crypto.randomUUID(),
    role: 'authenticated',
    ...o.extra,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...(privateJwk.kid ? { kid: privateJwk.kid } : {}) })
    .setSubject(o.sub)
    .setIssuer(o.issuer ?? DEV_ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(key);
}

/**
 * Local development credentials, generated on first use and kept under .wrangler/ (never
 * committed): an ES256 key pair for the dev token issuer and the internal signing secret.
 * The gateway trusts the dev issuer only when ENVIRONMENT is "development".
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { ROOT } from './env.mjs';

export const DEV_AUTH_FILE = join(ROOT, '.wrangler', 'dev-auth.json');
export const DEV_ISSUER = 'jobmatch-local-dev';
export const DEMO_USER = { id: '00000000-0000-4000-8000-000000000001', email: 'demo@jobmatch.local' };

export async function ensureDevAuth() {
  if (existsSync(DEV_AUTH_FILE)) return JSON.parse(readFileSync(DEV_AUTH_FILE, 'utf8'));
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-dev-${Date.now().toString(36)}`;
  const auth = {
    createdAt: new Date().toISOString(),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    internalSigningSecret: randomBytes(32).toString('hex'),
  };
  mkdirSync(dirname(DEV_AUTH_FILE), { recursive: true });
  writeFileSync(DEV_AUTH_FILE, JSON.stringify(auth, null, 2), { mode: 0o600 });
  return auth;
}

/** A token shaped like a Supabase access token, signed by the local dev key. */
export async function mintDevToken(auth, { userId = DEMO_USER.id, email, sessionId, ttlSeconds = 24 * 3600 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: email ?? (userId === DEMO_USER.id ? DEMO_USER.email : `${userId}@example.test`),
    session_id: sessionId ?? crypto.randomUUID(),
    role: 'authenticated',
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: auth.privateJwk.kid })
    .setSubject(userId)
    .setIssuer(DEV_ISSUER)
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await importJWK(auth.privateJwk, 'ES256'));
}

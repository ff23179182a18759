/**
 * OAuth `state`: `{userId}.{nonce}.{expires}.{mac}`. The MAC (signed-url.ts, its own purpose key,
 * over user id + nonce) tells a tampered state from an expired one without a lookup, and the
 * signed user id picks the user's D1 shard at the public callback; the D1 row (oauth_states,
 * migration 0016) binds the nonce to the user and is removed by the one `DELETE … RETURNING`
 * that consumes it, so of two concurrent callbacks with one state at most one finds it (KV has
 * no atomic get-and-delete: both could read the record before either deleted it). Expiry is
 * judged by the signed time; the row's expires_at only lets issuing purge spent attempts.
 */
import { oauthStates, userDb } from '@jobmatch/db';
import { assertSigningSecret, checkResourceSignature, signResource } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from '../env';

export const STATE_TTL_SECONDS = 10 * 60;
const PURPOSE = 'linkedin-oauth-state';
const PROVIDER = 'linkedin';
const STATE_PATTERN = /^([A-Za-z0-9_-]{1,128})\.([A-Za-z0-9_-]{32})\.(\d{10,12})\.([A-Za-z0-9_-]{43})$/;

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

export async function issueState(env: IntegrationsEnv, userId: string, nowMs = Date.now()): Promise<{ state: string; expiresAt: string }> {
  const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
  const nonce = randomNonce();
  const expires = Math.floor(nowMs / 1000) + STATE_TTL_SECONDS;
  const { signature } = await signResource(secret, PURPOSE, `${userId}.${nonce}`, expires);
  await oauthStates.issueOAuthState(
    await userDb(env, userId),
    { userId, email: null },
    { nonce, provider: PROVIDER, expiresAt: new Date(expires * 1000).toISOString() },
  );
  return { state: `${userId}.${nonce}.${expires}.${signature}`, expiresAt: new Date(expires * 1000).toISOString() };
}

export type StateCheck = { kind: 'valid'; userId: string } | { kind: 'invalid' } | { kind: 'expired' };

/** Verifies and consumes a state: valid at most once. */
export async function consumeState(env: IntegrationsEnv, state: string, nowMs = Date.now()): Promise<StateCheck> {
  const match = STATE_PATTERN.exec(state);
  if (!match) return { kind: 'invalid' };
  const [, userId, nonce, expiresText, signature] = match as unknown as [string, string, string, string, string];
  const secret = assertSigningSecret(env.INTERNAL_SIGNING_SECRET);
  const check = await checkResourceSignature(secret, PURPOSE, `${userId}.${nonce}`, Number(expiresText), signature, nowMs);
  if (check === 'invalid') return { kind: check };
  const db = await userDb(env, userId);
  if (check === 'expired') {
    // An expired state is of no further use: drop its record too.
    await oauthStates.consumeOAuthState(db, nonce, PROVIDER);
    return { kind: check };
  }
  const record = await oauthStates.consumeOAuthState(db, nonce, PROVIDER);
  if (!record || record.userId !== userId) return { kind: 'invalid' }; // already used (or never issued here)
  return { kind: 'valid', userId: record.userId };
}

/**
 * Helpers of the auth-attack suites: a scenario issuer of test/jwks-fixture.ts (its own JWKS
 * URL, so each test meets a key set its isolate never fetched) and tokens signed by its key.
 */
import { SignJWT, importJWK, type JWTPayload } from 'jose';
import { expect, inject } from 'vitest';
import { gateway, type Json } from './helpers';
import { ATTACK_KID } from './jwks-fixture';

const fixture = inject('jwksFixture');
const signingKey = importJWK(fixture.privateJwk, 'ES256');

export interface TokenClaims {
  sub?: string;
  iss?: string;
  aud?: string;
  /** Seconds from now. */
  expiresIn?: number;
  notBefore?: number;
  kid?: string;
  sessionId?: string;
  extra?: JWTPayload;
}

export type JwksMode = 'ok' | 'fail' | 'garbage' | 'not-a-key-set';

export function scenarioIssuer(name: string) {
  const id = `${name.replace(/[^a-z0-9]+/gi, '-')}-${crypto.randomUUID().slice(0, 8)}`;
  const issuer = `${fixture.url}/${id}`;
  const jwksUrl = `${issuer}/jwks`;
  return {
    issuer,
    jwksUrl,
    config: { AUTH_ISSUER: issuer, AUTH_JWKS_URL: jwksUrl },
    publicJwk: fixture.publicJwk,
    async mode(mode: JwksMode, delayMs = 0) {
      const res = await fetch(`${issuer}/__mode`, { method: 'POST', body: JSON.stringify({ mode, delayMs }) });
      await res.body?.cancel();
    },
    async fetches(): Promise<number> {
      return ((await (await fetch(`${issuer}/__count`)).json()) as Json).fetches;
    },
    async token(c: TokenClaims = {}): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ email: 'attack@example.test', ...(c.sessionId ? { session_id: c.sessionId } : {}), ...c.extra })
        .setProtectedHeader({ alg: 'ES256', kid: c.kid ?? ATTACK_KID, typ: 'JWT' })
        .setSubject(c.sub ?? `attack-user-${crypto.randomUUID()}`)
        .setIssuer(c.iss ?? issuer)
        .setAudience(c.aud ?? 'authenticated')
        .setIssuedAt(now)
        .setJti(crypto.randomUUID()) // every token distinct: none is answered from the verified-token cache
        .setExpirationTime(now + (c.expiresIn ?? 600));
      if (c.notBefore !== undefined) jwt.setNotBefore(now + c.notBefore);
      return jwt.sign(await signingKey);
    },
  };
}

/** A documentation-range address of its own, so tests never share an invalid-token budget. */
export const freshIp = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;

export function call(path: string, authorization: string | null, config: Record<string, string>, ip = freshIp(), init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (authorization !== null) headers.set('Authorization', authorization);
  headers.set('CF-Connecting-IP', ip);
  return gateway(path, { ...init, headers }, config);
}

export async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as Json;
  expect({ status: res.status, code: body.code }, body.message).toEqual({ status, code });
  expect(body).toMatchObject({ statusCode: status, requestId: expect.any(String), message: expect.any(String) });
}

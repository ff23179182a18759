/**
 * A real third-party OIDC issuer on loopback (oauth2-mock-server): its JWKS endpoint is
 * what the gateway fetches, its tokens are what the gateway must accept when configured.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, importJWK } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import type { TestProject } from 'vitest/node';
import { startJwksFixture } from './jwks-fixture';
import { providerFakes, stopProviderFakes } from './provider-fakes';

export default async function setup(project: TestProject) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('ES256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url!;
  const claims =
    (aud: string, expOffset = 3600) =>
    (_header: unknown, payload: Record<string, unknown>) => {
      const now = Math.floor(Date.now() / 1000);
      Object.assign(payload, {
        sub: 'oidc-user-1',
        email: 'oidc-user@example.test',
        session_id: 'oidc-session-1',
        aud,
        iat: now - 10,
        exp: now + expOffset,
      });
    };
  const validToken = await server.issuer.buildToken({ scopesOrTransform: claims('authenticated') });
  const wrongAudienceToken = await server.issuer.buildToken({ scopesOrTransform: claims('some-other-api') });
  const expiredToken = await server.issuer.buildToken({ scopesOrTransform: claims('authenticated', -3600) });

  // Key-confusion attack: HS256 "signed" with the issuer's *public* key as the HMAC secret.
  const publicJwk = server.issuer.keys.toJSON()[0]!;
  const publicPem = await exportSPKI((await importJWK(publicJwk, 'ES256')) as CryptoKey);
  const now = Math.floor(Date.now() / 1000);
  const hs256WithPublicKeyToken = await new SignJWT({ email: 'attacker@example.test' })
    .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
    .setSubject('oidc-user-1')
    .setIssuer(issuer)
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(publicPem));

  const supabase = await startSupabaseLikeIssuer();
  const jwksFixture = await startJwksFixture();

  project.provide('supabase', supabase.provided);
  project.provide('oidc', {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    validToken,
    wrongAudienceToken,
    expiredToken,
    hs256WithPublicKeyToken,
  });
  project.provide('providers', (await providerFakes()).urls);
  project.provide('jwksFixture', jwksFixture.provided);
  return async () => {
    await server.stop();
    await supabase.stop();
    await jwksFixture.stop();
    await stopProviderFakes();
  };
}

/**
 * A Supabase-shaped issuer: JWKS at {url}/auth/v1/.well-known/jwks.json, tokens with
 * iss {url}/auth/v1 and aud "authenticated". Counts JWKS fetches so tests can see caching.
 */
async function startSupabaseLikeIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = 'supabase-test-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  let jwksFetches = 0;
  const server = createServer((req, res) => {
    if (req.url === '/auth/v1/.well-known/jwks.json') {
      jwksFetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else if (req.url === '/__jwks_fetches') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jwksFetches }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const now = Math.floor(Date.now() / 1000);
  const token = (sub: string) =>
    new SignJWT({ email: `${sub}@example.test`, session_id: `${sub}-session`, role: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(`${url}/auth/v1`)
      .setAudience('authenticated')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  const tokens = await Promise.all(Array.from({ length: 5 }, (_, i) => token(`supabase-user-${i}`)));
  return {
    provided: { url, tokens },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

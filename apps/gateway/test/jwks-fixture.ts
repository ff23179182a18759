/**
 * An issuer whose JWKS endpoint each test can make fail, slow or garbled (Node side, global
 * setup). Every scenario has its own issuer `{url}/{scenario}` and JWKS `{url}/{scenario}/jwks`,
 * so each test meets a key set its isolate has never fetched (a cold isolate for that URL).
 *   POST {url}/{scenario}/__mode  {"mode":"ok"|"fail"|"garbage"|"not-a-key-set","delayMs":n}
 *   GET  {url}/{scenario}/__count → {"fetches":n}
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

export const ATTACK_KID = 'attack-suite-key';

interface Scenario {
  mode: string;
  delayMs: number;
  fetches: number;
}

export async function startJwksFixture() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: ATTACK_KID, alg: 'ES256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: ATTACK_KID, alg: 'ES256' };
  const scenarios = new Map<string, Scenario>();
  const scenarioOf = (name: string) => {
    const known = scenarios.get(name);
    if (known) return known;
    const created = { mode: 'ok', delayMs: 0, fetches: 0 };
    scenarios.set(name, created);
    return created;
  };
  const server = createServer((req, res) => {
    const [, name = '', action = ''] = (req.url ?? '').split('/');
    const scenario = scenarioOf(name);
    if (action === '__mode' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        Object.assign(scenario, JSON.parse(body));
        res.writeHead(204).end();
      });
    } else if (action === '__count') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fetches: scenario.fetches }));
    } else if (action === 'jwks') {
      scenario.fetches++;
      const answer = () => {
        if (res.destroyed) return;
        if (scenario.mode === 'fail') res.writeHead(500).end('upstream exploded');
        else if (scenario.mode === 'garbage') res.writeHead(200, { 'content-type': 'application/json' }).end('<html>{"keys":');
        else if (scenario.mode === 'not-a-key-set')
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[{"no":"kty"}]}');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
      };
      if (scenario.delayMs > 0) setTimeout(answer, scenario.delayMs);
      else answer();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    provided: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, publicJwk, privateJwk },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

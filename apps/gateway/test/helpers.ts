import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { mintToken, type TokenOptions } from '@jobmatch/test-support/tokens';
import worker from '../src/index';
import type { GatewayEnv } from '../src/env';

export type { Json } from '@jobmatch/test-support/common';
export const BASE = 'https://api.jobmatch.test';

/** Calls the real gateway handler; `overrides` swap env values (config, bindings) for one call. */
export async function gateway(path: string, init: RequestInit = {}, overrides: Partial<GatewayEnv> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export function devToken(sub: string, options: Partial<TokenOptions> = {}): Promise<string> {
  return mintToken(JSON.parse(env.TEST_DEV_PRIVATE_JWK), { sub, ...options });
}

export { newUser } from '@jobmatch/test-support/common';

/** An authenticated JSON call as `userId` (a fresh dev token per call; `sessionId` picks its session). */
export async function asUser(
  userId: string,
  path: string,
  init: RequestInit & { json?: unknown; sessionId?: string } = {},
  overrides: Partial<GatewayEnv> = {},
) {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${await devToken(userId, init.sessionId ? { sessionId: init.sessionId } : {})}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return gateway(path, { ...init, headers, body }, overrides);
}

/** Calls the core Worker the way the gateway does: with a signed identity (`userId: null` is a public call). */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../src/index';
import type { CoreEnv } from '../src/env';
import { signedRequest } from '@jobmatch/test-support/signed-request';

export interface CallOptions {
  method?: string;
  /** JSON-encoded unless it is a string or a FormData (multipart), which are sent as they are. */
  body?: unknown;
  headers?: HeadersInit;
  userId?: string | null;
  sessionId?: string;
  /** Calls the Worker's handler directly with these env values swapped in (e.g. a failing KV). */
  envOverrides?: Partial<CoreEnv>;
}

export async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const request = await signedRequest(env.INTERNAL_SIGNING_SECRET, `https://core.internal${path}`, o);
  if (!o.envOverrides) return SELF.fetch(request);
  const ctx = createExecutionContext();
  const response = await worker.fetch!(request as Parameters<NonNullable<typeof worker.fetch>>[0], { ...env, ...o.envOverrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

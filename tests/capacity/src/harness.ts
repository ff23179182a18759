/**
 * The capacity harness Worker: core, ai and integrations' service definitions (the code their
 * Workers deploy, composed as apps/single composes them) behind a control API for run.mjs.
 * Each call gets a fresh Meter, and the service sees an env whose D1 bindings are metered
 * (src/meter.ts); the request is signed exactly as the gateway signs it, so it takes the
 * service's real identity check and routing.
 *
 *   POST /call { service, method, path, userId, body?, form? } → { status, body, meter }
 *   POST /sql  { statements }                                 → { meter }   (seed statements)
 */
import { aiService, type AiEnv } from '@jobmatch/ai/service';
import { coreService, type CoreEnv } from '@jobmatch/core/service';
import { integrationsService, type IntegrationsEnv } from '@jobmatch/integrations/service';
import { createServiceHandler, signIdentity } from '@jobmatch/shared-middleware';
import { Meter, databaseSize, firstD1, meteredEnv } from './meter';

type HarnessEnv = CoreEnv & AiEnv & IntegrationsEnv & { INTERNAL_SIGNING_SECRET: string };
type Handler = (request: Request, env: HarnessEnv, ctx: ExecutionContext) => Promise<Response>;

const HANDLERS: Record<string, Handler> = {
  core: createServiceHandler(coreService) as Handler,
  ai: createServiceHandler(aiService) as Handler,
  integrations: createServiceHandler(integrationsService) as Handler,
};

interface CallSpec {
  service: string;
  method: string;
  path: string;
  userId: string;
  sessionId?: string;
  body?: unknown;
  /** Multipart fields; a `{ name, type, text }` value is sent as a file. */
  form?: Record<string, string | { name: string; type: string; text: string }>;
}

/** Collects waitUntil work so its D1 statements are metered with the request that caused them. */
function collectingContext(ctx: ExecutionContext): { ctx: ExecutionContext; settle: () => Promise<void> } {
  const pending: Promise<unknown>[] = [];
  const own = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => {},
    props: ctx.props,
  } as ExecutionContext;
  return {
    ctx: own,
    async settle() {
      while (pending.length) await Promise.allSettled(pending.splice(0));
    },
  };
}

async function signedServiceRequest(env: HarnessEnv, spec: CallSpec): Promise<Request> {
  const url = new URL(`https://${spec.service}.internal${spec.path}`).href;
  const headers = new Headers();
  // The signature binds the content type and the body's bytes: encode the body first.
  let body: ArrayBuffer | string | null = null;
  if (spec.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(spec.form)) {
      if (typeof v === 'string') form.set(k, v);
      else form.set(k, new File([v.text], v.name, { type: v.type }));
    }
    const encoded = new Request(url, { method: 'POST', body: form }); // multipart with its boundary
    headers.set('content-type', encoded.headers.get('content-type') ?? '');
    body = await encoded.arrayBuffer();
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers.set('content-type', 'application/json');
  }
  await signIdentity(
    env.INTERNAL_SIGNING_SECRET,
    headers,
    {
      userId: spec.userId,
      email: `${spec.userId}@capacity.test`,
      sessionId: spec.sessionId ?? `capacity-session-${spec.userId}`,
      clientIp: '203.0.113.7',
      requestId: crypto.randomUUID(),
    },
    spec.method,
    url,
    Date.now(),
    body,
  );
  return new Request(url, { method: spec.method, headers, body: body ?? undefined });
}

async function call(spec: CallSpec, env: HarnessEnv, outer: ExecutionContext): Promise<Response> {
  const handler = HANDLERS[spec.service];
  if (!handler) return Response.json({ error: `unknown service ${spec.service}` }, { status: 400 });
  const meter = new Meter(await databaseSize(firstD1(env)));
  const { ctx, settle } = collectingContext(outer);
  const response = await handler(await signedServiceRequest(env, spec), meteredEnv(env, meter), ctx);
  const text = await response.text();
  await settle();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, 200);
  }
  return Response.json({ status: response.status, body, meter: meter.report() });
}

async function runStatements(statements: string[], env: HarnessEnv): Promise<Response> {
  const db = firstD1(env);
  const meter = new Meter(await databaseSize(db));
  const metered = firstD1(meteredEnv(env, meter));
  for (const sql of statements) await metered.prepare(sql).run();
  return Response.json({ meter: meter.report() });
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/call') return call((await request.json()) as CallSpec, env, ctx);
    if (request.method === 'POST' && pathname === '/sql') {
      return runStatements(((await request.json()) as { statements: string[] }).statements, env);
    }
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<HarnessEnv>;

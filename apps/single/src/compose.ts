/**
 * The single-Worker composition root: the gateway's request pipeline with its three Service
 * Bindings replaced by in-process calls into the same service definitions the split Workers
 * run. Nothing else changes: the gateway still strips client identity headers and signs the
 * verified identity with INTERNAL_SIGNING_SECRET, and each service still verifies that
 * signature (createServiceHandler) before routing — so a request takes the same checks in
 * either build, only without the extra Worker invocation.
 *
 * Env: one set of bindings serves all four (the configs share names for shared resources:
 * DB, SESSIONS, EXPORTS). The one clash is `AI`: a Service Binding to the ai Worker in the
 * gateway, Workers AI inside the ai service. So the services see the Worker's env as is, and
 * only the gateway's view has CORE / AI / INTEGRATIONS swapped for in-process fetchers.
 */
import { aiService, type AiEnv } from '@jobmatch/ai/service';
import { coreService, scheduled as coreScheduled, type CoreEnv } from '@jobmatch/core/service';
import { handleRequest, type GatewayEnv } from '@jobmatch/gateway/service';
import { integrationsService, type IntegrationsEnv } from '@jobmatch/integrations/service';
import { createServiceHandler } from '@jobmatch/shared-middleware';

/** Everything the four Workers bind, minus the gateway's Service Bindings (they are composed here). */
export type SingleEnv = Omit<GatewayEnv, 'CORE' | 'AI' | 'INTEGRATIONS'> & CoreEnv & AiEnv & IntegrationsEnv;

type ServiceFetch<E> = (request: Request, env: E, ctx: ExecutionContext) => Promise<Response>;

// Built once per isolate, like each split Worker's module-scope handler.
const core = createServiceHandler(coreService);
const ai = createServiceHandler(aiService);
const integrations = createServiceHandler(integrationsService);

/** A Fetcher whose fetch() runs `handler` in this isolate, in the caller's execution context. */
export function inProcessFetcher<E>(handler: ServiceFetch<E>, env: E, ctx: ExecutionContext): Fetcher {
  return {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      handler(input instanceof Request && init === undefined ? input : new Request(input, init), env, ctx),
    connect: () => {
      throw new Error('connect() is not available on an in-process service');
    },
  } as Fetcher;
}

/** The gateway's env for one request: the Worker's bindings plus the three in-process services. */
export function gatewayEnvFor(env: SingleEnv, ctx: ExecutionContext): GatewayEnv {
  return {
    ...env,
    CORE: inProcessFetcher(core, env, ctx),
    AI: inProcessFetcher(ai, env, ctx),
    INTEGRATIONS: inProcessFetcher(integrations, env, ctx),
  };
}

export function fetchSingle(request: Request, env: SingleEnv, ctx: ExecutionContext): Promise<Response> {
  return handleRequest(request, gatewayEnvFor(env, ctx), ctx);
}

export function scheduledSingle(controller: ScheduledController, env: SingleEnv, ctx: ExecutionContext): Promise<void> {
  return coreScheduled(controller, env, ctx);
}

/**
 * integrations' environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Below:
 * secrets and optional vars.
 */
import type { WorkerBindings } from '../worker-configuration';

export type IntegrationsEnv = WorkerBindings & {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
};

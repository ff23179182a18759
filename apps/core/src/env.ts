/**
 * core's environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Below:
 * what the config does not list — secrets, and optional vars that default in code.
 */
import type { WorkerBindings } from '../worker-configuration';

export type CoreEnv = WorkerBindings & {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
  /** Public origin of the gateway (e.g. https://api.example.com); signed URLs are relative without it. */
  PUBLIC_API_URL?: string;
};

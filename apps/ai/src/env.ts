/**
 * ai's environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Workers AI
 * is bound only in staging and production, so the generated type has `AI?: Ai`: local
 * development and tests run without it (see the local provider). Below: secrets and optional vars.
 */
import type { WorkerBindings } from '../worker-configuration';

export type AiEnv = WorkerBindings & {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
};

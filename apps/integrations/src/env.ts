/**
 * integrations' environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Below:
 * secrets and optional vars.
 */
export type IntegrationsEnv = Cloudflare.Env & {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;
};

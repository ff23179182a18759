/** The gateway's Service Bindings name Workers that exist, per environment (parsed from the jsonc configs). */
import { describe, expect, it } from 'vitest';
import { ENVS, WORKER_APPS, envConfig, parseJsonc, readConfig, serviceBindingProblems } from './support/wrangler-configs';

const configs = Object.fromEntries(WORKER_APPS.map((app) => [app, readConfig(app)]));

describe('gateway service bindings', () => {
  it('each names a Worker defined in the same environment', () => {
    expect(serviceBindingProblems(configs)).toEqual([]);
  });

  it('bind CORE, AI and INTEGRATIONS (what the gateway forwards to) in every environment', () => {
    for (const env of ENVS) {
      const bindings = (envConfig(configs.gateway, env).services ?? []).map((s: { binding: string }) => s.binding).sort();
      expect(bindings, env || 'development').toEqual(['AI', 'CORE', 'INTEGRATIONS']);
    }
  });

  it('the check catches a misspelt service and a binding to another environment', () => {
    const broken = structuredClone(configs);
    broken.gateway.env.staging.services[0].service = 'jobmatch-core-stagin';
    broken.gateway.env.production.services[1].service = 'jobmatch-ai-staging';
    expect(serviceBindingProblems(broken)).toEqual([
      expect.stringContaining('gateway staging: binding CORE → "jobmatch-core-stagin"'),
      expect.stringContaining('gateway production: binding AI → "jobmatch-ai-staging"'),
    ]);
  });

  it('parses JSONC: comments, URLs inside strings, trailing commas', () => {
    expect(parseJsonc('{\n // c\n "a": "https://x/y", /* b */ "b": [1, 2,],\n}')).toEqual({ a: 'https://x/y', b: [1, 2] });
  });
});

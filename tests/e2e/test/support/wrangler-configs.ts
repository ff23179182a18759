/** The Workers' wrangler.jsonc files, parsed as JSONC (comments, trailing commas), per environment. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { parseJsonc } from '../../../../scripts/lib/jsonc.mjs';

export { parseJsonc };

export const ENVS = ['', 'staging', 'production'] as const;
export type EnvName = (typeof ENVS)[number];

export const WORKER_APPS = readdirSync(join(REPO_ROOT, 'apps')).filter((app) => existsSync(join(REPO_ROOT, 'apps', app, 'wrangler.jsonc')));

export function readConfig(app: string): any {
  return parseJsonc(readFileSync(join(REPO_ROOT, 'apps', app, 'wrangler.jsonc'), 'utf8'));
}

/** The effective config of one environment ('' = top level). Like wrangler, bindings are not inherited. */
export function envConfig(config: any, env: EnvName): any {
  if (!env) return config;
  const section = config.env?.[env];
  if (!section) throw new Error(`no env.${env}`);
  return { ...section, name: section.name ?? `${config.name}-${env}` };
}

/**
 * Problems with the gateway's Service Bindings in `configs`: each must name a Worker that some
 * config defines *in the same environment* (a staging gateway bound to a production service, or
 * to a misspelt name, would deploy and then fail at the first request).
 */
export function serviceBindingProblems(configs: Record<string, any>, caller = 'gateway'): string[] {
  const problems: string[] = [];
  for (const env of ENVS) {
    const defined = new Map<string, string>();
    for (const [app, config] of Object.entries(configs)) defined.set(envConfig(config, env).name, app);
    for (const binding of envConfig(configs[caller], env).services ?? []) {
      const owner = defined.get(binding.service);
      if (!owner || owner === caller) {
        problems.push(
          `${caller} ${env || 'development'}: binding ${binding.binding} → "${binding.service}", which no Worker config defines in ${env || 'development'}`,
        );
      }
    }
  }
  return problems;
}

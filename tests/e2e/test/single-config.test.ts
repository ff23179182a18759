/**
 * apps/single/wrangler.jsonc binds everything the four Workers bind, per environment, with the
 * same resources, so the single build runs the same code against the same data. A Worker that
 * gains a binding or var without the single config following (node scripts/single-config.mjs) fails here.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { describe, expect, it } from 'vitest';
import { ENVS, envConfig, readConfig } from './support/wrangler-configs';

const SPLIT = ['gateway', 'core', 'ai', 'integrations'];
const single = readConfig('single');

/** binding → resource, for every kind of binding the services use. */
function bindingsOf(config: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of config.kv_namespaces ?? []) out.set(`kv ${kv.binding}`, kv.id);
  for (const db of config.d1_databases ?? []) out.set(`d1 ${db.binding}`, `${db.database_name} ${db.database_id}`);
  for (const r2 of config.r2_buckets ?? []) out.set(`r2 ${r2.binding}`, r2.bucket_name);
  for (const d of config.durable_objects?.bindings ?? []) out.set(`do ${d.name}`, d.class_name);
  if (config.ai) out.set(`ai ${config.ai.binding}`, 'workers-ai');
  for (const [name, value] of Object.entries(config.vars ?? {})) out.set(`var ${name}`, String(value));
  for (const cron of config.triggers?.crons ?? []) out.set(`cron ${cron}`, cron);
  return out;
}

describe('single-Worker config', () => {
  it('is what scripts/single-config.mjs generates from the four configs', () => {
    const r = spawnSync('node', ['scripts/single-config.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  for (const env of ENVS) {
    it(`binds every binding, var and cron of the split Workers (${env || 'development'})`, () => {
      const mine = bindingsOf(envConfig(single, env));
      const missing: string[] = [];
      for (const app of SPLIT) {
        const config = envConfig(readConfig(app), env);
        for (const [binding, resource] of bindingsOf(config)) {
          if (mine.get(binding) !== resource)
            missing.push(`${app}: ${binding} = ${resource} (single has ${mine.get(binding) ?? 'nothing'})`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it('has no Service Binding (the services run in-process) and its own Worker names', () => {
    for (const env of ENVS) {
      expect(envConfig(single, env).services ?? []).toEqual([]);
      expect(envConfig(single, env).name).toBe(`jobmatch-single${env ? `-${env}` : ''}`);
    }
    expect(single.migrations).toEqual(readConfig('gateway').migrations);
  });
});

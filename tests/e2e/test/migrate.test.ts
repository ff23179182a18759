/**
 * `npm run migrate`: one command applies packages/db/migrations to every D1 shard of a config
 * (local path; `--remote` runs the same wrangler command per shard against Cloudflare). Here on
 * the dev stack's two-shard config (`npm run dev -- --shards 2` writes the same file).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDevShardConfig } from '../../../scripts/lib/shards.mjs';

const QUIET = { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...QUIET }, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('npm run migrate', () => {
  const state = mkdtempSync(join(tmpdir(), 'jobmatch-migrate-'));
  afterAll(() => rmSync(state, { recursive: true, force: true }));
  const config: string = writeDevShardConfig(join(REPO_ROOT, 'apps', 'core', 'wrangler.jsonc'), 2);
  const migrations = readdirSync(join(REPO_ROOT, 'packages', 'db', 'migrations')).filter((f) => f.endsWith('.sql')).length;

  it('applies every migration to each shard, once', () => {
    const first = run('npm', ['run', '-s', 'migrate', '--', '--config', config, '--persist-to', state]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain(`migrate DB_0 (jobmatch-db-dev): ok, ${migrations} applied`);
    expect(first.out).toContain(`migrate DB_1 (jobmatch-db-dev-shard-1): ok, ${migrations} applied`);
    const again = run('npm', ['run', '-s', 'migrate', '--', '--config', config, '--persist-to', state]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('migrate DB_0 (jobmatch-db-dev): ok, 0 applied');
    expect(again.out).toContain('migrate DB_1 (jobmatch-db-dev-shard-1): ok, 0 applied');
  }, 240_000); // four wrangler runs; slow on a shared 2-core machine

  it('leaves the second shard with the same schema (the directory table included)', () => {
    const tables = (binding: string) => {
      const r = run(join(REPO_ROOT, 'node_modules', '.bin', 'wrangler'), [
        'd1',
        'execute',
        binding,
        '--local',
        '--persist-to',
        state,
        '-c',
        config,
        '--json',
        '--command',
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' ORDER BY name",
      ]);
      expect(r.code, r.out).toBe(0);
      return (JSON.parse(r.out.slice(r.out.indexOf('['))) as { results: { name: string }[] }[])[0]!.results.map((t) => t.name);
    };
    const first = tables('DB_0');
    expect(first).toContain('shard_directory');
    expect(tables('DB_1')).toEqual(first);
  }, 120_000);

  it('refuses an environment the config does not have', () => {
    const r = run('npm', ['run', '-s', 'migrate', '--', '--env', 'nowhere']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('no environment "nowhere"');
  });
});

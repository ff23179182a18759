/**
 * One team deploys one Worker: `npm run deploy -- <worker> <env> --dry-run` runs only that
 * app's deploy:<env> through turbo --filter; the per-Worker CI workflows match the workspace graph.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { describe, expect, it } from 'vitest';
import { WORKER_APPS } from './support/wrangler-configs';

const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', TURBO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('npm run deploy', () => {
  it('dry-runs exactly one Worker for one environment', () => {
    const { code, out } = run('npm', ['run', '-s', 'deploy', '--', 'core', 'staging', '--dry-run']);
    expect(code, out).toBe(0);
    expect(out).toContain('Packages in scope: @jobmatch/core\n');
    expect(out).toContain('wrangler deploy --env staging --dry-run');
    expect(out).toContain('DB_0 (jobmatch-db-staging)');
    expect(out).toContain('--dry-run: exiting now.');
    expect(out).toMatch(/bundle: .*index\.js \(\d+\.\d KiB, not uploaded\)/);
    expect(out).not.toContain('@jobmatch/gateway');
    expect(out).not.toContain('jobmatch-db-production');
  });

  it('refuses an unknown Worker or environment with the usage line', () => {
    for (const args of [['nope', 'staging'], ['core', 'development'], ['core']]) {
      const { code, out } = run('npm', ['run', '-s', 'deploy', '--', ...args, '--dry-run']);
      expect(code, out).toBe(2);
      expect(out).toContain('usage: npm run deploy -- <');
    }
  });

  it('every Worker keeps its own deploy:staging / deploy:production scripts', () => {
    for (const app of WORKER_APPS) {
      const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'apps', app, 'package.json'), 'utf8')).scripts;
      expect(scripts['deploy:staging'], app).toBe('wrangler deploy --env staging');
      expect(scripts['deploy:production'], app).toBe('wrangler deploy --env production');
    }
  });
});

describe('CI workflows', () => {
  it('are what scripts/ci-workflows.mjs generates from the workspace graph', () => {
    const { code, out } = run('node', ['scripts/ci-workflows.mjs', '--check']);
    expect(code, out).toBe(0);
  });

  it('one per Worker: path-filtered, pinned pnpm, deploys with the API token secret', () => {
    const pnpm = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).packageManager.split('@')[1];
    for (const app of WORKER_APPS) {
      const yml = readFileSync(join(REPO_ROOT, '.github', 'workflows', `${app}.yml`), 'utf8');
      expect(yml).toContain(`      - 'apps/${app}/**'`);
      expect(yml).toContain("      - 'packages/shared-middleware/**'");
      expect(yml).toContain(`npx -y pnpm@${pnpm} install --frozen-lockfile`);
      expect(yml).toContain(`--filter=...@jobmatch/${app}`);
      expect(yml).toContain(`npm run deploy -- ${app} `);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions' own expression syntax, checked literally.
      expect(yml).toContain('CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_API_TOKEN }}');
      expect(yml).toContain(`tags: ['${app}-v*']`);
      expect(yml).toContain('workflow_dispatch:');
      // A service's workflow does not fire on another service's changes.
      for (const other of ['core', 'ai', 'integrations'].filter((o) => o !== app && app !== 'single')) {
        expect(yml).not.toContain(`'apps/${other}/**'`);
      }
    }
  });
});

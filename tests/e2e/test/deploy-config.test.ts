/** Every Worker bundles for every environment, offline, exactly as `wrangler deploy` would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, appDir } from '@jobmatch/test-support/node';
import { describe, expect, it } from 'vitest';

const APPS = ['gateway', 'core', 'ai', 'integrations', 'single'];
const ENVS = ['', 'staging', 'production'];
const wrangler = join(REPO_ROOT, 'node_modules/.bin/wrangler');

describe('wrangler deploy --dry-run', () => {
  for (const app of APPS) {
    for (const env of ENVS) {
      it(`${app} ${env || 'development'}`, () => {
        const out = mkdtempSync(join(tmpdir(), `dry-${app}-`));
        try {
          // `--env=` names the top-level (development) environment explicitly, as an operator would.
          const args = ['deploy', '--dry-run', '--outdir', out, `--env=${env}`];
          const run = spawnSync(wrangler, args, {
            cwd: appDir(app),
            env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', FORCE_COLOR: '0' },
            encoding: 'utf8',
          });
          const log = run.stdout;
          expect(run.status, run.stderr).toBe(0);
          expect(log).toContain('--dry-run: exiting now.');
          // A config warning (e.g. a var set at the top level but missing from an environment,
          // which environments do not inherit) is a deploy that differs from what was meant.
          expect(run.stderr.split('\n').filter((line) => /WARNING/.test(line))).toEqual([]);
          const bundle = readFileSync(join(out, 'index.js'), 'utf8');
          expect(bundle.length).toBeGreaterThan(1000);
          // Each environment binds its own resources: the gateway its env's services, the
          // services their env's database.
          const expected = app === 'gateway' ? `jobmatch-core${env ? `-${env}` : ''})` : `jobmatch-db-${env || 'dev'}`;
          expect(log).toContain(expected);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      });
    }
  }
});

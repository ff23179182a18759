/**
 * `npm run dev -- --shards 2`: the dev stack on two local D1 shards (DB_0, DB_1), both
 * migrated, the demo user seeded on DB_0, new users spread over both.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from './support/dev-stack';

let dev: DevStack | undefined;
beforeAll(async () => {
  dev = await startDevStack(['--shards', '2']);
}, 180_000);
afterAll(async () => {
  await dev?.stop();
}, 60_000);

const QUIET = { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };
const tokenFor = (user: string) =>
  spawnSync('node', ['scripts/token.mjs', '--user', user], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();

describe('npm run dev -- --shards 2', () => {
  it('migrates both shards, keeps the demo user on DB_0 and spreads new users over both', async () => {
    expect(dev!.output()).toContain('2 D1 shards');
    expect(dev!.output()).toMatch(/migrate DB_1 \(jobmatch-db-dev-shard-1\): ok, \d+ applied/);
    const demo = await fetch(`${dev!.url}/api/jobs?limit=100`, { headers: { Authorization: `Bearer ${dev!.token}` } });
    expect(((await demo.json()) as { total: number }).total).toBe(6);
    // Fixed ids: the spread is a stable hash of the id (the same ids land on both in apps/single's suite).
    const users = Array.from({ length: 8 }, (_, i) => `spread-user-${i}`);
    for (const user of users) {
      const headers = { Authorization: `Bearer ${tokenFor(user)}`, 'Content-Type': 'application/json' };
      const made = await fetch(`${dev!.url}/api/jobs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `Job of ${user}`, company: 'A' }),
      });
      expect(made.status).toBe(201);
      const listed = (await (await fetch(`${dev!.url}/api/jobs`, { headers })).json()) as { jobs: { title: string }[] };
      expect(listed.jobs.map((j) => j.title)).toEqual([`Job of ${user}`]);
    }
    const r = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'wrangler'),
      [
        'd1',
        'execute',
        'DB_0',
        '--local',
        '--persist-to',
        dev!.state,
        '-c',
        join(REPO_ROOT, 'apps', 'core', 'wrangler.dev-shards.jsonc'),
        '--json',
        '--command',
        "SELECT shard, count(*) AS n FROM shard_directory WHERE user_id LIKE 'spread-user-%' GROUP BY shard ORDER BY shard",
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...QUIET }, encoding: 'utf8' },
    );
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const rows = (JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { results: { shard: number; n: number }[] }[])[0]!.results;
    expect(rows.map((x) => x.shard)).toEqual([0, 1]);
  }, 180_000);
});

/**
 * The README's first command: `npm run dev` starts the four Workers with wrangler dev on
 * embedded defaults, migrated and seeded, and prints a dev token that works.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { afterAll, describe, expect, it } from 'vitest';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('npm run dev', () => {
  const state = mkdtempSync(join(tmpdir(), 'jobmatch-dev-state-'));
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(async () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        /* gone */
      }
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(state, { recursive: true, force: true });
  });

  it('starts the stack, prints a working dev token, and stops by process group', async () => {
    const port = await freePort();
    child = spawn('node', ['scripts/dev.mjs', '--port', String(port), '--state', state], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const token = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 90 s:\n${output}`)), 90_000);
      const poll = setInterval(() => {
        const match = /export TOKEN=(\S+)/.exec(output);
        if (match?.[1]) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]);
        }
      }, 200);
    });
    expect(output).toContain('(health: ok)');
    const res = await fetch(`http://127.0.0.1:${port}/api/jobs?limit=100`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { jobs: { id: string; saved: boolean }[]; total: number };
    // The printed token is the demo user's, and the seed gave them jobs (6 in packages/db/seed/0001_demo_user_jobs.sql).
    expect(body.total).toBe(6);
    const saved = (await (
      await fetch(`http://127.0.0.1:${port}/api/jobs?saved=true&archived=false&search=workers`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { jobs: { title: string }[] };
    expect(saved.jobs.map((j) => j.title)).toEqual(['Senior Backend Engineer']);

    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise((r) => child!.once('exit', r));
    child = undefined;
    expect(code).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 120_000);
});

/**
 * The README's first command: `npm run dev` starts the four Workers with wrangler dev on
 * embedded defaults, migrated and seeded, and prints a dev token that works.
 */
import type { Json } from '@jobmatch/test-support/common';
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
      await fetch(`http://127.0.0.1:${port}/api/jobs?saved=true&archived=false&search=workers`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { jobs: { title: string }[] };
    expect(saved.jobs.map((j) => j.title)).toEqual(['Senior Backend Engineer']);

    // The demo user's day: save a job, track an application, see the seeded profile.
    const api = async (method: string, path: string, json?: unknown) => {
      const r = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
        body: json ? JSON.stringify(json) : undefined,
      });
      return { status: r.status, body: (await r.json()) as Json, cache: r.headers.get('X-Cache') };
    };
    const job2 = '10000000-0000-4000-8000-000000000002';
    expect((await api('PATCH', `/api/jobs/${job2}`, { isSaved: true })).body.saved).toBe(true);
    const tracked = await api('POST', '/api/tracked-applications', {
      jobId: job2,
      company: 'Cloud Harbor',
      jobTitle: 'Platform Engineer',
      status: 'applied',
    });
    expect(tracked.status).toBe(201);
    const active = await api('GET', '/api/tracked-applications/active');
    const activeIds = active.body.activeApplications.map((t: { id: string }) => t.id);
    expect(activeIds).toEqual(expect.arrayContaining([tracked.body.id, '30000000-0000-4000-8000-000000000001']));
    const complete = await api('GET', '/api/profile/complete');
    expect(complete.status).toBe(200);
    expect(complete.body.skills.length).toBeGreaterThanOrEqual(6);
    // The gateway's API cache: a repeat is a HIT, a write makes it a MISS again.
    expect((await api('GET', '/api/profile/complete')).cache).toBe('HIT');
    expect((await api('POST', '/api/skills', { name: `Zig ${Date.now()}` })).status).toBe(201);
    expect((await api('GET', '/api/profile/complete')).cache).toBe('MISS');

    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise((r) => child!.once('exit', r));
    child = undefined;
    expect(code).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 120_000);
});

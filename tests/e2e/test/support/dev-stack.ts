/** `npm run dev` (scripts/dev.mjs) on a free port with a temporary state folder, for Node-side tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@jobmatch/test-support/node';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface DevStack {
  url: string;
  token: string;
  state: string;
  logsDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startDevStack(extraArgs: string[] = [], timeoutMs = 150_000): Promise<DevStack> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'jobmatch-dev-state-'));
  const child: ChildProcess = spawn('node', ['scripts/dev.mjs', '--port', String(port), '--state', state, ...extraArgs], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        /* gone */
      }
      await exited;
    }
    rmSync(state, { recursive: true, force: true });
  };
  try {
    const token = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      const poll = setInterval(() => {
        const match = /export TOKEN=(\S+)/.exec(output);
        if (match?.[1] || child.exitCode !== null) {
          clearInterval(poll);
          clearTimeout(timer);
          if (match?.[1]) resolve(match[1]);
          else reject(new Error(`npm run dev exited (${child.exitCode}):\n${output}`));
        }
      }, 200);
    });
    return { url: `http://127.0.0.1:${port}`, token, state, logsDir: join(state, 'logs'), output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

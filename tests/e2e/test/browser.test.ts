/**
 * A real browser against `npm run dev`: headless Chromium (Debian `chromium`, driven by
 * playwright-core) loads a page from the gateway's dev APP_URL origin (http://localhost:5173)
 * and one from an origin the gateway does not allow, and each calls the gateway with the dev
 * token. The allowed page reads the data and the exposed rate-limit and request-id headers;
 * the browser itself blocks the other (CORS). The request the page made is then traced across
 * the gateway and core with `npm run logs`, from the dev stack's log files.
 *
 * The pages come from a local HTTP server: the disallowed one on an ephemeral port
 * (http://127.0.0.1:<port>), the allowed one on port 5173, which the gateway's dev config fixes.
 * When 5173 is taken (a developer's Vite), the browser gets http://localhost:5173/… through
 * page.route from the ephemeral server instead; such a page has no network address, so Chromium's
 * Local Network Access check would refuse its loopback fetch, and only that fallback turns it off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '@jobmatch/test-support/node';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from './support/dev-stack';

const ALLOWED_ORIGIN = 'http://localhost:5173';
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const executablePath = CANDIDATES.find((p): p is string => !!p && existsSync(p));
const SKIP_REASON = `no Chromium found (looked at ${CANDIDATES.filter(Boolean).join(', ')}; set CHROMIUM_PATH, or apt-get install -y chromium — .ci/run does)`;

// The page's own code: what a frontend does (fetch with a bearer token, read exposed headers).
const PAGE = `<!doctype html><meta charset="utf-8"><title>JobMatch browser check</title>
<script>
window.callApi = async (base, token) => {
  try {
    const res = await fetch(base + '/api/jobs?limit=3', { headers: { Authorization: 'Bearer ' + token } });
    const body = await res.json();
    return {
      ok: true,
      status: res.status,
      total: body.total,
      titles: body.jobs.map((j) => j.title),
      requestId: res.headers.get('X-Request-Id'),
      limit: res.headers.get('X-RateLimit-Limit'),
      remaining: res.headers.get('X-RateLimit-Remaining'),
      reset: res.headers.get('X-RateLimit-Reset'),
      policy: res.headers.get('RateLimit-Policy'),
      cache: res.headers.get('X-Cache'),
    };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
};
</script>`;

let dev: DevStack | undefined;
let pages: Server | undefined;
let pagesUrl = '';
let browser: Browser | undefined;
let allowedServer: Server | undefined;

beforeAll(async () => {
  if (!executablePath) return;
  pages = createServer((req, res) => {
    if (req.url?.startsWith('/app.html')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pages!.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  allowedServer = await new Promise<Server | undefined>((resolve) => {
    const server = createServer(pages!.listeners('request')[0] as Parameters<typeof createServer>[0]);
    server.once('error', () => resolve(undefined)); // 5173 in use: page.route fallback
    server.listen(Number(new URL(ALLOWED_ORIGIN).port), '127.0.0.1', () => resolve(server));
  });
  dev = await startDevStack();
  // launch() gives every run a fresh temporary profile (playwright refuses --user-data-dir here).
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The page can reach nothing but loopback.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]',
      ...(allowedServer ? [] : ['--disable-features=LocalNetworkAccessChecks']),
    ],
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  for (const server of [pages, allowedServer]) await new Promise((r) => (server ? server.close(r) : r(null)));
}, 60_000);

describe.skipIf(!executablePath)(`headless Chromium against npm run dev${executablePath ? '' : ` — skipped: ${SKIP_REASON}`}`, () => {
  it(`a page from ${ALLOWED_ORIGIN} reads data and the exposed rate-limit and request-id headers`, async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    if (!allowedServer) {
      // Port 5173 is taken: answer http://localhost:5173/* from the page server (see the file comment).
      await page.route(`${ALLOWED_ORIGIN}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname;
        await route.fulfill({ response: await route.fetch({ url: `${pagesUrl}${path}` }) });
      });
    }
    await page.goto(`${ALLOWED_ORIGIN}/app.html`);
    expect(await page.evaluate(() => location.origin)).toBe(ALLOWED_ORIGIN);
    const result = await page.evaluate(([base, token]) => (window as any).callApi(base, token), [dev!.url, dev!.token] as const);
    expect(result, JSON.stringify({ result, console: consoleLines })).toMatchObject({ ok: true, status: 200, total: 6, cache: 'MISS' });
    expect(result.titles).toHaveLength(3);
    expect(result.titles.every((t: unknown) => typeof t === 'string')).toBe(true);
    expect(result.requestId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(Number(result.limit)).toBeGreaterThan(0);
    expect(Number(result.remaining)).toBe(Number(result.limit) - 1);
    expect(Number.isNaN(Date.parse(result.reset))).toBe(false);
    expect(result.policy).toMatch(/^"[a-z-]+";q=\d+;w=\d+$/);
    await context.close();

    // The same request, joined across the gateway and core from the dev stack's log files.
    const traceOf = () =>
      spawnSync('node', ['scripts/logs.mjs', dev!.logsDir, '--trace', result.requestId], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    await expect.poll(traceOf, { timeout: 5_000 }).toMatch(/core\s+GET \/api\/jobs\s+200/);
    const out = traceOf();
    expect(out.split('\n')[0]).toBe(
      `request ${result.requestId}  GET /api/jobs → 200 in ${/→ 200 in (\d+) ms/.exec(out)![1]} ms  user 00000000-0000-4000-8000-000000000001`,
    );
    expect(out).toMatch(/gateway\s+GET \/api\/jobs\s+200\s+\d+ ms\s+→ core \d+ ms \(200\)/);
  });

  it('a page from a disallowed origin is blocked by the browser', async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${pagesUrl}/app.html`);
    const origin = await page.evaluate(() => location.origin);
    expect(origin).toBe(pagesUrl);
    const result = await page.evaluate(([base, token]) => (window as any).callApi(base, token), [dev!.url, dev!.token] as const);
    expect(result).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
    await expect.poll(() => consoleErrors.some((e) => e.includes(`from origin '${origin}' has been blocked by CORS policy`))).toBe(true);
    await context.close();

    // The gateway refused the preflight (403, no CORS headers): the browser did not just fail to connect.
    const preflight = await fetch(`${dev!.url}/api/jobs`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/**
 * Gateway tests run inside workerd with the three services as real auxiliary Workers
 * (their built bundles, bindings read from their own wrangler configs), real local KV and
 * D1, plus deliberately broken Workers for upstream-failure tests.
 */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { TEST_LOG_LEVEL, TEST_SIGNING_SECRET } from '@jobmatch/test-support/constants';
import { MIGRATIONS_DIR, builtServices, generateDevKeys, sharedD1Id } from '@jobmatch/test-support/node';
import { defineConfig } from 'vitest/config';
import { providerFakes } from './test/provider-fakes';

const FAULTY_THROWS = `export default { async fetch() { throw new Error('boom: simulated service crash'); } };`;
const FAULTY_HANGS = `export default { async fetch() { await new Promise((r) => setTimeout(r, 20000)); return new Response('late'); } };`;
const FAULTY_PLAIN_500 = `export default { async fetch() { return new Response('<html>oops</html>', { status: 500 }); } };`;
// Garbage that is not a crash: a truncated JSON 200, and an HTML 4xx instead of the envelope.
const FAULTY_GARBAGE = `export default { async fetch(request) {
  if (request.method === 'GET') return new Response('{"jobs": [{"id": "x", "tit', { headers: { 'Content-Type': 'application/json' } });
  return new Response('<html><body>I am a teapot</body></html>', { status: 418, headers: { 'Content-Type': 'text/html' } });
} };`;

export default defineConfig(async () => {
  const devKeys = await generateDevKeys();
  const { integrationsVars } = await providerFakes();
  return {
    plugins: [
      cloudflareTest({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
            LOG_LEVEL: TEST_LOG_LEVEL,
            DEV_JWT_PUBLIC_JWK: JSON.stringify(devKeys.publicJwk),
            TEST_DEV_PRIVATE_JWK: JSON.stringify(devKeys.privateJwk),
            TEST_MIGRATIONS: await readD1Migrations(MIGRATIONS_DIR),
          },
          // The services' D1, bound here too so the setup file can migrate it.
          d1Databases: { TEST_DB: sharedD1Id() },
          serviceBindings: {
            FAULTY_THROWS: 'faulty-throws',
            FAULTY_HANGS: 'faulty-hangs',
            FAULTY_PLAIN_500: 'faulty-plain-500',
            FAULTY_GARBAGE: 'faulty-garbage',
          },
          workers: [
            ...builtServices().map((w: any) =>
              w.name === 'jobmatch-integrations' ? { ...w, bindings: { ...w.bindings, ...integrationsVars } } : w,
            ),
            { name: 'faulty-throws', modules: true, script: FAULTY_THROWS, compatibilityDate: '2026-04-20' },
            { name: 'faulty-hangs', modules: true, script: FAULTY_HANGS, compatibilityDate: '2026-04-20' },
            { name: 'faulty-plain-500', modules: true, script: FAULTY_PLAIN_500, compatibilityDate: '2026-04-20' },
            { name: 'faulty-garbage', modules: true, script: FAULTY_GARBAGE, compatibilityDate: '2026-04-20' },
          ],
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: ['./test/global-setup.ts'],
      setupFiles: ['./test/apply-migrations.ts'],
      // CI is a shared 2-core machine: a request-heavy test may take seconds there; a real hang still fails.
      testTimeout: 30_000,
      silent: 'passed-only' as const,
    },
  };
});

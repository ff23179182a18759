/**
 * The single Worker under test, in workerd with its own wrangler config (one Worker, no
 * auxiliary services). Besides its own tests it runs the gateway's generated route-case suite
 * (apps/gateway/test/core-routes.test.ts + route-cases/) unchanged: those cases call the
 * gateway through `worker` from `../src/index` in apps/gateway/test/helpers.ts, and the alias
 * below resolves exactly that import to this Worker's entry instead — same cases, other build.
 * It runs on two D1 shards (see `d1Databases`); single.test.ts asserts users land on both.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { TEST_SIGNING_SECRET } from '@jobmatch/test-support/constants';
import { MIGRATIONS_DIR, generateDevKeys } from '@jobmatch/test-support/node';
import { defineConfig } from 'vitest/config';

const SINGLE_ENTRY = fileURLToPath(new URL('./src/index.ts', import.meta.url).href);
const GATEWAY_HELPERS = fileURLToPath(new URL('../gateway/test/helpers.ts', import.meta.url).href);

export default defineConfig(async () => {
  const devKeys = await generateDevKeys();
  return {
    plugins: [
      {
        // Only the gateway test helpers' import of their Worker entry is redirected.
        name: 'gateway-cases-on-single-worker',
        enforce: 'pre' as const,
        resolveId(source: string, importer: string | undefined) {
          return source === '../src/index' && importer?.split('?')[0] === GATEWAY_HELPERS ? SINGLE_ENTRY : null;
        },
      },
      {
        // integrations ships its PDF font as a wrangler Data module (its `rules`). The pool's
        // module loader cannot fetch a Data module from outside this app's folder, so under test
        // the font becomes a module that builds the same ArrayBuffer from the file's bytes.
        name: 'data-module-font',
        enforce: 'pre' as const,
        resolveId(source: string, importer: string | undefined) {
          // The id must not end in .ttf, or the pool's Data rule claims it again.
          return source.endsWith('.ttf') && importer ? `\0font:${resolve(dirname(importer.split('?')[0]!), source)}.js` : null;
        },
        load(id: string) {
          if (!id.startsWith('\0font:')) return null;
          const base64 = readFileSync(id.slice('\0font:'.length, -'.js'.length)).toString('base64');
          return `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)).buffer;`;
        },
      },
      cloudflareTest({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
            DEV_JWT_PUBLIC_JWK: JSON.stringify(devKeys.publicJwk),
            TEST_DEV_PRIVATE_JWK: JSON.stringify(devKeys.privateJwk),
            TEST_MIGRATIONS: await readD1Migrations(MIGRATIONS_DIR),
          },
          // Two shards (DB_0 from wrangler.jsonc + DB_1), new users spread over both: every test
          // here and every gateway route case runs against a sharded deployment.
          d1Databases: { DB_1: 'single-test-shard-1' },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts', '../gateway/test/core-routes.test.ts'],
      setupFiles: ['./test/apply-migrations.ts'],
      // CI is a shared 2-core machine: a request-heavy test may take seconds there; a real hang still fails.
      testTimeout: 30_000,
      silent: 'passed-only' as const,
    },
  };
});

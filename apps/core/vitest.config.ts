import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { TEST_LOG_LEVEL, TEST_SIGNING_SECRET } from '@jobmatch/test-support/constants';
import { MIGRATIONS_DIR } from '@jobmatch/test-support/node';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET,
          LOG_LEVEL: TEST_LOG_LEVEL,
          TEST_MIGRATIONS: await readD1Migrations(MIGRATIONS_DIR),
        },
        // A database no setup file touches: migrations.test.ts applies the migrations to it from empty.
        // SECOND_SHARD: handed to the Worker as DB_1 by shards.test.ts (the rest runs on one shard).
        d1Databases: { EMPTY_DB: 'core-test-empty-db', SECOND_SHARD: 'core-test-shard-1' },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
    // CI is a shared 2-core machine: a request-heavy test may take seconds there; a real hang still fails.
    testTimeout: 30_000,
    silent: 'passed-only' as const,
  },
}));

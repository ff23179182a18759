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
          // Flush measured usage quickly, so a test's waitUntil does not wait 5 s.
          AI_USAGE_FLUSH_MS: '20',
          TEST_MIGRATIONS: await readD1Migrations(MIGRATIONS_DIR),
        },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
    // The first PDF parse loads pdf.js into the isolate (seconds on a shared 2-core machine).
    testTimeout: 30_000,
    silent: 'passed-only' as const,
  },
}));

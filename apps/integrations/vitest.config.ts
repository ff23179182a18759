import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { TEST_LOG_LEVEL, TEST_SIGNING_SECRET } from '@jobmatch/test-support/constants';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: { bindings: { INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET, LOG_LEVEL: TEST_LOG_LEVEL } },
    }),
  ],
  test: { include: ['test/**/*.test.ts'], silent: 'passed-only' as const },
});

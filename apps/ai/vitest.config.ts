import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { TEST_SIGNING_SECRET } from '@jobmatch/test-support/constants';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: { bindings: { INTERNAL_SIGNING_SECRET: TEST_SIGNING_SECRET } },
    }),
  ],
  test: { include: ['test/**/*.test.ts'], silent: 'passed-only' as const },
});

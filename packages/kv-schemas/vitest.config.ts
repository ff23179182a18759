import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        kvNamespaces: ['TEST_KV'],
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    silent: 'passed-only' as const,
  },
});

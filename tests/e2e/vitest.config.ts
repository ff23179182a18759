import { defineConfig } from 'vitest/config';

// Node-side tests: the built bundles in a standalone Miniflare, and the deploy builds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    silent: 'passed-only' as const,
  },
});

import { defineConfig } from 'vitest/config';

// Node-side: the smoke run of `npm run capacity` (never the full measurement).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    silent: 'passed-only' as const,
  },
});

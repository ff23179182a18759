import { defineConfig } from 'vitest/config';

// Node-side: reads the repository's sources, runs no Worker.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], silent: 'passed-only' as const },
});

/** shared-middleware in workerd: validation, errors, logging, the service skeleton, runIdempotent over the real D1 store. */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        d1Databases: ['DB_0'],
        bindings: { TEST_MIGRATIONS: await readD1Migrations('../db/migrations') },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
    silent: 'passed-only' as const,
  },
}));

/** The table modules against a real local D1 in workerd, migrated from packages/db/migrations. */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        // DB_0 … DB_2: shards for the accessor and move tests. MIGRATION_DB: no setup file touches it;
        // tests migrate it step by step.
        d1Databases: ['DB_0', 'DB_1', 'DB_2', 'MIGRATION_DB'],
        bindings: { TEST_MIGRATIONS: await readD1Migrations('./migrations') },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
    silent: 'passed-only' as const,
  },
}));

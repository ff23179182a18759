/** The table modules against a real local D1 in workerd, migrated from packages/db/migrations. */
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        // DB_1: the second shard of the move tool's tests (test/shard-move.test.ts).
        d1Databases: ['DB', 'DB_1'],
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

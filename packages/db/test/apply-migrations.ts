import { applyD1Migrations, env } from 'cloudflare:test';

// Three shards (DB_0 … DB_2) for the shard accessor's tests; the table modules' tests use DB_0.
// Idempotent: applyD1Migrations records what it applied.
for (const db of [env.DB_0, env.DB_1, env.DB_2]) await applyD1Migrations(db, env.TEST_MIGRATIONS);

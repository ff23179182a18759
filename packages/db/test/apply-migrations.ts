import { applyD1Migrations, env } from 'cloudflare:test';

// Idempotent: applyD1Migrations records what it applied. DB_1 is the move tests' second shard.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DB_1, env.TEST_MIGRATIONS);

// The shard directory is migration 0012 (built in parallel to the move tool); until it is
// here, create the agreed table in DB (= DB_0, where the directory lives). A no-op once 0012 is.
await env.DB.prepare(
  'CREATE TABLE IF NOT EXISTS shard_directory (user_id TEXT PRIMARY KEY, shard INTEGER NOT NULL, assigned_at TEXT NOT NULL)',
).run();

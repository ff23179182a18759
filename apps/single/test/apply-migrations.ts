import { applyD1Migrations, env } from 'cloudflare:test';
import { shardDbs } from '@jobmatch/db';

// Every bound shard gets the same schema. Idempotent: applyD1Migrations records what it applied.
for (const { db } of shardDbs(env)) await applyD1Migrations(db, env.TEST_MIGRATIONS);

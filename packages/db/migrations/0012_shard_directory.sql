-- Which D1 database (shard DB_0 … DB_{n-1}) holds each user's rows (packages/db/src/shards.ts).
-- Authoritative only in DB_0; created on every shard so every shard has one schema. A user
-- without a row lives on DB_0 (everyone from before sharding), so adding a shard moves no one.
-- No foreign key to users: the user's rows may live on another shard than this table.
CREATE TABLE IF NOT EXISTS shard_directory (
  user_id     TEXT PRIMARY KEY,
  shard       INTEGER NOT NULL CHECK (shard >= 0),
  assigned_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_shard_directory_shard ON shard_directory (shard);

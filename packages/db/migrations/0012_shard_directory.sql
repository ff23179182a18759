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

-- Session ids (the token's session_id claim, sessions.id, and the frontend's per-tab names,
-- session_aliases.id) are global: KV session:{id} and the gateway key on the id alone. With one
-- database their primary keys kept one id to one user; across shards this table does (in DB_0).
CREATE TABLE IF NOT EXISTS session_owners (
  session_id TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('token', 'name')), -- a token session id, or a client's name for one
  claimed_at TEXT NOT NULL
);
-- Sessions from before this migration keep their owner.
INSERT OR IGNORE INTO session_owners (session_id, user_id, kind, claimed_at) SELECT id, user_id, 'token', created_at FROM sessions;
INSERT OR IGNORE INTO session_owners (session_id, user_id, kind, claimed_at) SELECT id, user_id, 'name', created_at FROM session_aliases;

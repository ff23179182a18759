-- ai Worker: the per-user semantic search index and the measured usage counters behind
-- /api/analytics/*. Text ids, ISO-8601 UTC timestamps, user_id → users(id) ON DELETE CASCADE.

-- One embedding per job and embedding model. `job_updated_at` is the jobs.updated_at the vector
-- was computed from, so a search re-embeds only jobs whose row changed since (and, when the
-- embedded text's SHA-256 `content_hash` is unchanged, merely re-stamps the row). The vector is
-- little-endian Float32 as base64 TEXT: D1 returns BLOB columns as arrays of byte numbers, which
-- measured 4–6x slower to read and decode for 1,000 × 768 dims (bench/AI-RESULTS.md).
CREATE TABLE IF NOT EXISTS job_embeddings (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id         TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  model          TEXT NOT NULL,
  dimensions     INTEGER NOT NULL CHECK (dimensions > 0),
  content_hash   TEXT NOT NULL,
  job_updated_at TEXT NOT NULL,
  vector         TEXT NOT NULL,
  indexed_at     TEXT NOT NULL,
  UNIQUE (user_id, model, job_id)
);
CREATE INDEX IF NOT EXISTS idx_job_embeddings_job ON job_embeddings (job_id);

-- Measured model/cache usage per user, UTC day, provider, model and metric, added to in
-- coalesced batches (one flush per isolate every few seconds, never one write per request).
CREATE TABLE IF NOT EXISTS ai_usage_counters (
  id       TEXT PRIMARY KEY,
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day      TEXT NOT NULL,               -- YYYY-MM-DD (UTC)
  subject  TEXT NOT NULL,               -- 'provider:model' for calls, 'cache:<name>' for caches
  task     TEXT NOT NULL,               -- job_analysis, job_parse, embedding, … or '' for caches
  calls            INTEGER NOT NULL DEFAULT 0,
  failures         INTEGER NOT NULL DEFAULT 0,
  prompt_tokens    INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  latency_ms_total INTEGER NOT NULL DEFAULT 0,
  hits             INTEGER NOT NULL DEFAULT 0,
  misses           INTEGER NOT NULL DEFAULT 0,
  saved_usd_micros INTEGER NOT NULL DEFAULT 0,
  updated_at       TEXT NOT NULL,
  UNIQUE (user_id, day, subject, task)
);

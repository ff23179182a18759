-- Job searches run by the integrations Worker (POST /api/jobs/scrape): one row per search with
-- what was asked, how many new jobs it saved and which sources failed. The jobs themselves live
-- in `jobs` (source = the board), de-duplicated per user by jobs.dedup_hash.
CREATE TABLE IF NOT EXISTS job_searches (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  keywords    TEXT NOT NULL,               -- JSON array of strings
  filters     TEXT NOT NULL DEFAULT '{}',  -- JSON object: location, workArrangement, salary, …
  sources     TEXT NOT NULL DEFAULT '[]',  -- JSON array: the sources queried
  job_count   INTEGER NOT NULL DEFAULT 0,  -- new jobs saved
  errors      TEXT NOT NULL DEFAULT '[]',  -- JSON array of {source, message}
  created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_job_searches_user_created ON job_searches (user_id, created_at DESC);

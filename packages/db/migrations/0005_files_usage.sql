-- Files in R2 (metadata), per-user usage limits, email history and cached job compatibility
-- analyses. Text UUID ids, ISO-8601 UTC timestamps, user_id → users(id) ON DELETE CASCADE.

-- One row per stored R2 object. The object key is users/{user_id}/{bucket}/…; the row is the
-- authority for ownership, content type (detected from the bytes at upload) and the name.
-- Deleting marks deleted_at first (downloads stop at once), then removes the object and the
-- row; scheduled maintenance finishes whatever a failed delete left behind.
CREATE TABLE IF NOT EXISTS files (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  bucket        TEXT NOT NULL CHECK (bucket IN ('avatars', 'resumes', 'exports')),
  key           TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL CHECK (size >= 0),
  original_name TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  -- Last time maintenance saw the R2 object exist (null: never checked).
  verified_at   TEXT,
  deleted_at    TEXT,
  UNIQUE (bucket, key)
);
-- Reads by key are scoped by user; lists are per user and bucket, newest first.
CREATE INDEX IF NOT EXISTS idx_files_user_key ON files (user_id, key);
CREATE INDEX IF NOT EXISTS idx_files_user_bucket_created ON files (user_id, bucket, created_at DESC);
-- Maintenance: rows marked deleted, and live rows by when their object was last verified.
CREATE INDEX IF NOT EXISTS idx_files_deleted ON files (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_files_verified ON files (verified_at, created_at) WHERE deleted_at IS NULL;

-- The current period's counter per user and kind (emails, ai_generations, …). Periods are
-- calendar-aligned in UTC ('day' or 'month'); maintenance rolls expired periods, and the
-- access module rolls lazily too, so a missed cron run never blocks a user.
CREATE TABLE IF NOT EXISTS usage_limits (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  period       TEXT NOT NULL DEFAULT 'month' CHECK (period IN ('day', 'month')),
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  used         INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
  limit_value  INTEGER NOT NULL CHECK (limit_value >= 0),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (user_id, kind)
);
CREATE INDEX IF NOT EXISTS idx_usage_limits_period_end ON usage_limits (period_end);

-- Emails sent on a user's behalf (integrations Worker: POST /api/emails/send, GET /api/emails/history).
CREATE TABLE IF NOT EXISTS email_history (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- No FK: the application may be deleted while its sent mail stays in the history.
  application_id      TEXT,
  recipient_email     TEXT NOT NULL,
  subject             TEXT NOT NULL,
  body                TEXT,
  provider            TEXT NOT NULL,
  provider_message_id TEXT,
  status              TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  error               TEXT,
  sent_at             TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_email_history_user_created ON email_history (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_email_history_user_application ON email_history (user_id, application_id, created_at DESC);

-- AI compatibility analyses of a job against a profile version (ai Worker). A profile write
-- bumps users.profile_version, so an analysis of an older version is simply not found.
CREATE TABLE IF NOT EXISTS job_compatibility_analyses (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id          TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  profile_version INTEGER NOT NULL,
  analysis        TEXT NOT NULL,  -- JSON object
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (user_id, job_id, profile_version)
);
CREATE INDEX IF NOT EXISTS idx_job_analyses_user_created ON job_compatibility_analyses (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_job_analyses_job ON job_compatibility_analyses (job_id);

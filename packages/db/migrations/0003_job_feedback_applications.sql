-- Job feedback, spam reports, applications and tracked applications (core, issue 4).
-- Text UUID ids, ISO-8601 UTC timestamps, user_id → users(id) ON DELETE CASCADE.
-- Enumerations are CHECK constraints that mirror the validation schemas in apps/core.

-- One feedback per user and job (a new vote replaces the old one).
CREATE TABLE IF NOT EXISTS job_feedback (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id        TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  feedback_type TEXT NOT NULL CHECK (feedback_type IN (
                  'thumbs_up', 'thumbs_down', 'not_interested', 'applied', 'saved', 'hidden',
                  'reported_spam', 'reported_scam', 'reported_expired')),
  reason        TEXT,
  custom_reason TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (user_id, job_id)
);
CREATE INDEX IF NOT EXISTS idx_job_feedback_job ON job_feedback (job_id);

-- Reports kept for moderation. They outlive the job (job_id becomes NULL on delete), so the
-- reported posting is copied; one report per user, job and kind.
CREATE TABLE IF NOT EXISTS spam_reports (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id        TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  report_type   TEXT NOT NULL CHECK (report_type IN ('spam', 'scam', 'expired')),
  reason        TEXT,
  custom_reason TEXT,
  job_title     TEXT NOT NULL,
  job_company   TEXT NOT NULL,
  job_url       TEXT,
  job_source    TEXT,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
  created_at    TEXT NOT NULL,
  UNIQUE (user_id, job_id, report_type)
);
CREATE INDEX IF NOT EXISTS idx_spam_reports_job ON spam_reports (job_id);
CREATE INDEX IF NOT EXISTS idx_spam_reports_status_created ON spam_reports (status, created_at);

-- Generated or hand-made applications. Deleting the job keeps the application (job_id NULL);
-- job_title and company are the application's own copy.
CREATE TABLE IF NOT EXISTS applications (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id              TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  job_title           TEXT NOT NULL,
  company             TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN (
                        'draft', 'submitted', 'viewed', 'interviewing', 'offered', 'rejected',
                        'withdrawn', 'accepted')),
  variants            TEXT NOT NULL DEFAULT '[]',  -- JSON [{id, name, resume, coverLetter, aiRationale}]
  selected_variant_id TEXT,
  submitted_at        TEXT,                        -- first time the status became 'submitted'
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
-- GET /api/applications (newest first, optionally by status) and lookups by job.
CREATE INDEX IF NOT EXISTS idx_applications_user_created ON applications (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_applications_user_status_created ON applications (user_id, status, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_applications_job ON applications (job_id);

-- The application tracker. status_history is appended by the server on every status change.
CREATE TABLE IF NOT EXISTS tracked_applications (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id              TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  application_id      TEXT REFERENCES applications(id) ON DELETE SET NULL,
  company             TEXT NOT NULL,
  job_title           TEXT NOT NULL,
  location            TEXT,
  match_score         REAL CHECK (match_score IS NULL OR (match_score >= 0 AND match_score <= 100)),
  status              TEXT NOT NULL DEFAULT 'applied' CHECK (status IN (
                        'applied', 'screening', 'interview_scheduled', 'interview_completed',
                        'offer', 'accepted', 'rejected', 'withdrawn')),
  status_history      TEXT NOT NULL DEFAULT '[]',  -- JSON [{status, changed_at, note?}]
  applied_date        TEXT,
  interviews          TEXT NOT NULL DEFAULT '[]',  -- JSON array of interview objects
  recruiter           TEXT,                        -- JSON object or NULL
  hiring_manager      TEXT,                        -- JSON object or NULL
  follow_up_actions   TEXT NOT NULL DEFAULT '[]',  -- JSON array
  offer_details       TEXT,                        -- JSON object or NULL
  next_action         TEXT,
  next_action_date    TEXT,
  next_interview_date TEXT,
  notes               TEXT,
  archived            INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
-- GET /api/tracked-applications (filters archived / status, newest change first) and /active.
CREATE INDEX IF NOT EXISTS idx_tracked_user_updated ON tracked_applications (user_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_user_archived_updated ON tracked_applications (user_id, archived, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_user_status_updated ON tracked_applications (user_id, status, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_job ON tracked_applications (job_id);
CREATE INDEX IF NOT EXISTS idx_tracked_application ON tracked_applications (application_id);

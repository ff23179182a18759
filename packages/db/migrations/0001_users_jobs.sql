-- Users and jobs: the tables the foundation serves. Ids are text UUIDs, timestamps ISO-8601 UTC.
-- Every user-owned table references users(id) ON DELETE CASCADE.

CREATE TABLE IF NOT EXISTS users (
  id                   TEXT PRIMARY KEY,
  email                TEXT,
  first_name           TEXT,
  last_name            TEXT,
  phone                TEXT,
  location             TEXT,
  street_address       TEXT,
  city                 TEXT,
  state                TEXT,
  postal_code          TEXT,
  country              TEXT,
  linkedin_url         TEXT,
  photo_url            TEXT,
  current_title        TEXT,
  professional_summary TEXT,
  -- Bumped by every write to profile, work experience, education or skills, so caches
  -- keyed on it (AI analyses) go stale at once.
  profile_version      INTEGER NOT NULL DEFAULT 1,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS jobs (
  id               TEXT PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title            TEXT NOT NULL,
  company          TEXT NOT NULL,
  location         TEXT,
  description      TEXT,
  url              TEXT,
  source           TEXT NOT NULL DEFAULT 'manual',
  job_type         TEXT,
  experience_level TEXT,
  work_arrangement TEXT,
  salary_min       INTEGER,
  salary_max       INTEGER,
  required_skills  TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  preferred_skills TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  match_score      REAL,
  saved            INTEGER NOT NULL DEFAULT 0 CHECK (saved IN (0, 1)),
  archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  dedup_hash       TEXT,
  added_at         TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
-- List queries: newest first per user, filtered by archived / saved.
CREATE INDEX IF NOT EXISTS idx_jobs_user_archived_added ON jobs (user_id, archived, added_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_user_saved_added ON jobs (user_id, saved, added_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_user_dedup ON jobs (user_id, dedup_hash);
-- Scheduled maintenance archives by age.
CREATE INDEX IF NOT EXISTS idx_jobs_archived_added ON jobs (archived, added_at);

-- Full-text search over title, company, description and skills. The FTS row carries the
-- job's id and queries join on it (jobs.id = jobs_fts.job_id), never on an implicit rowid.
CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(
  job_id UNINDEXED,
  title,
  company,
  description,
  skills,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (job_id, title, company, description, skills)
  VALUES (new.id, new.title, new.company, coalesce(new.description, ''),
          new.required_skills || ' ' || new.preferred_skills);
END;

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_delete AFTER DELETE ON jobs BEGIN
  DELETE FROM jobs_fts WHERE job_id = old.id;
END;

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_update
AFTER UPDATE OF title, company, description, required_skills, preferred_skills ON jobs BEGIN
  DELETE FROM jobs_fts WHERE job_id = old.id;
  INSERT INTO jobs_fts (job_id, title, company, description, skills)
  VALUES (new.id, new.title, new.company, coalesce(new.description, ''),
          new.required_skills || ' ' || new.preferred_skills);
END;

-- Profile slice: work experience, education, skills, resumes, job preferences, gap analyses
-- and security events. Ids are text UUIDs, timestamps ISO-8601 UTC, JSON columns hold text.
-- Every table references users(id) ON DELETE CASCADE and has an index for each list query.
-- Writes to work_experience, education and skills bump users.profile_version (in the same
-- D1 batch, see packages/db/src/profile-version.ts). Lists order by time and break ties of the
-- same millisecond on rowid (insertion order), so newest-first is deterministic.

CREATE TABLE IF NOT EXISTS work_experience (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  company         TEXT NOT NULL,
  location        TEXT,
  employment_type TEXT,
  start_date      TEXT NOT NULL,                 -- YYYY, YYYY-MM or YYYY-MM-DD
  end_date        TEXT,                          -- null while current
  is_current      INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
  description     TEXT,
  accomplishments TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
-- GET /api/profile/work-experience and /complete: newest first per user.
CREATE INDEX IF NOT EXISTS idx_work_experience_user_start ON work_experience (user_id, start_date DESC);

CREATE TABLE IF NOT EXISTS education (
  id             TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  institution    TEXT NOT NULL,
  degree         TEXT,
  field_of_study TEXT,
  start_date     TEXT,
  end_date       TEXT,
  grade          TEXT,
  description    TEXT,
  highlights     TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_education_user_start ON education (user_id, start_date DESC);

CREATE TABLE IF NOT EXISTS skills (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  -- Case-folded name (NFKC + Unicode lower case, computed by packages/db/src/skills.ts):
  -- SQLite's NOCASE only folds ASCII, and "Ä" and "ä" are the same skill.
  name_key     TEXT NOT NULL,
  level        TEXT CHECK (level IN ('beginner', 'intermediate', 'advanced', 'expert')),
  endorsements INTEGER NOT NULL DEFAULT 0 CHECK (endorsements >= 0),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
-- One skill per name per user; also the list index (ordered by name) and the batch upsert target.
CREATE UNIQUE INDEX IF NOT EXISTS idx_skills_user_name_key ON skills (user_id, name_key);

CREATE TABLE IF NOT EXISTS resumes (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  file_key    TEXT NOT NULL,                     -- R2 key under users/{userId}/…
  title       TEXT,
  file_name   TEXT,
  mime_type   TEXT,
  size_bytes  INTEGER,
  parsed_data TEXT,                              -- JSON object from /api/resume/parse, or null
  is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_resumes_user_created ON resumes (user_id, created_at DESC);
-- At most one primary resume per user.
CREATE UNIQUE INDEX IF NOT EXISTS idx_resumes_user_primary ON resumes (user_id) WHERE is_primary = 1;

-- One row per user (the user's search preferences).
CREATE TABLE IF NOT EXISTS job_preferences (
  user_id             TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  desired_titles      TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  desired_locations   TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  work_arrangements   TEXT NOT NULL DEFAULT '[]',  -- JSON array: remote, hybrid, on-site
  job_types           TEXT NOT NULL DEFAULT '[]',  -- JSON array: full-time, contract, …
  experience_levels   TEXT NOT NULL DEFAULT '[]',  -- JSON array
  industries          TEXT NOT NULL DEFAULT '[]',  -- JSON array
  company_sizes       TEXT NOT NULL DEFAULT '[]',  -- JSON array
  keywords            TEXT NOT NULL DEFAULT '[]',  -- JSON array
  excluded_keywords   TEXT NOT NULL DEFAULT '[]',  -- JSON array
  salary_min          INTEGER CHECK (salary_min IS NULL OR salary_min >= 0),
  salary_max          INTEGER CHECK (salary_max IS NULL OR salary_max >= 0),
  salary_currency     TEXT,
  willing_to_relocate INTEGER NOT NULL DEFAULT 0 CHECK (willing_to_relocate IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max)
);

CREATE TABLE IF NOT EXISTS gap_analyses (
  id                        TEXT PRIMARY KEY,
  user_id                   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  gap_count                 INTEGER NOT NULL DEFAULT 0 CHECK (gap_count >= 0),
  red_flag_count            INTEGER NOT NULL DEFAULT 0 CHECK (red_flag_count >= 0),
  urgency                   TEXT NOT NULL DEFAULT 'MEDIUM' CHECK (urgency IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
  overall_assessment        TEXT,
  identified_gaps_and_flags TEXT NOT NULL DEFAULT '[]',  -- JSON array of objects
  next_steps                TEXT,                        -- JSON object, or null
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_gap_analyses_user_created ON gap_analyses (user_id, created_at DESC);

-- One row per clarification question of an analysis; `answer` is filled in later.
CREATE TABLE IF NOT EXISTS gap_analysis_answers (
  id               TEXT PRIMARY KEY,
  gap_analysis_id  TEXT NOT NULL REFERENCES gap_analyses(id) ON DELETE CASCADE,
  user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id      INTEGER NOT NULL,
  priority         TEXT NOT NULL DEFAULT 'MEDIUM' CHECK (priority IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
  gap_addressed    TEXT,
  question         TEXT NOT NULL,
  context          TEXT,
  expected_outcome TEXT,
  answer           TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
-- An analysis's questions in order; also the PATCH …/answer lookup.
CREATE UNIQUE INDEX IF NOT EXISTS idx_gap_answers_analysis_question ON gap_analysis_answers (gap_analysis_id, question_id);
-- The users → answers cascade.
CREATE INDEX IF NOT EXISTS idx_gap_answers_user ON gap_analysis_answers (user_id);

CREATE TABLE IF NOT EXISTS security_events (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  action     TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('success', 'failed')),
  device     TEXT,
  browser    TEXT,
  os         TEXT,
  location   TEXT,
  ip_address TEXT,
  user_agent TEXT,
  metadata   TEXT,                               -- JSON object, or null
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_security_events_user_created ON security_events (user_id, created_at DESC);

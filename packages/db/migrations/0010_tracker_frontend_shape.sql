-- rebuild: tracked_applications gets the frontend tracker's full status list and its
-- activity_log and tags. SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt (the SQLite-documented 12-step way, inside the one transaction D1 applies a
-- migration file in). This file is therefore not re-runnable statement by statement: the
-- migrations test exempts files that start with "-- rebuild:" from the raw re-run.
PRAGMA defer_foreign_keys = true;

CREATE TABLE tracked_applications_rebuild (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id              TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  application_id      TEXT REFERENCES applications(id) ON DELETE SET NULL,
  company             TEXT NOT NULL,
  job_title           TEXT NOT NULL,
  location            TEXT,
  match_score         REAL CHECK (match_score IS NULL OR (match_score >= 0 AND match_score <= 100)),
  status              TEXT NOT NULL DEFAULT 'applied' CHECK (status IN (
                        'applied', 'response_received', 'screening', 'interview_scheduled',
                        'interview_completed', 'offer', 'offer_accepted', 'offer_declined',
                        'accepted', 'rejected', 'withdrawn', 'abandoned')),
  status_history      TEXT NOT NULL DEFAULT '[]',  -- JSON [{status, date, note?}], server-written
  applied_date        TEXT,
  interviews          TEXT NOT NULL DEFAULT '[]',  -- JSON InterviewEntry[]
  recruiter           TEXT,                        -- JSON Contact or NULL
  hiring_manager      TEXT,                        -- JSON Contact or NULL
  follow_up_actions   TEXT NOT NULL DEFAULT '[]',  -- JSON FollowUpAction[]
  offer_details       TEXT,                        -- JSON object or NULL
  next_action         TEXT,
  next_action_date    TEXT,
  next_interview_date TEXT,
  notes               TEXT,
  activity_log        TEXT NOT NULL DEFAULT '[]',  -- JSON ActivityLogEntry[] (client-written)
  tags                TEXT NOT NULL DEFAULT '[]',  -- JSON string[]
  archived            INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

-- History entries were {status, changed_at, note?}, the frontend reads {status, date, note?}.
INSERT INTO tracked_applications_rebuild (id, user_id, job_id, application_id, company, job_title, location, match_score,
  status, status_history, applied_date, interviews, recruiter, hiring_manager, follow_up_actions, offer_details,
  next_action, next_action_date, next_interview_date, notes, archived, created_at, updated_at)
SELECT id, user_id, job_id, application_id, company, job_title, location, match_score, status,
  coalesce((SELECT json_group_array(CASE WHEN json_type(h.value, '$.note') IS NULL
                                         THEN json_object('status', json_extract(h.value, '$.status'), 'date', json_extract(h.value, '$.changed_at'))
                                         ELSE json_object('status', json_extract(h.value, '$.status'), 'date', json_extract(h.value, '$.changed_at'),
                                                          'note', json_extract(h.value, '$.note')) END)
            FROM json_each(CASE WHEN json_valid(t.status_history) THEN t.status_history ELSE '[]' END) AS h), '[]'),
  applied_date, interviews, recruiter, hiring_manager, follow_up_actions, offer_details,
  next_action, next_action_date, next_interview_date, notes, archived, created_at, updated_at
FROM tracked_applications AS t;

DROP TABLE tracked_applications;
ALTER TABLE tracked_applications_rebuild RENAME TO tracked_applications;

-- The same indexes as 0003 (same names and text, so re-running 0003 stays a no-op).
CREATE INDEX IF NOT EXISTS idx_tracked_user_updated ON tracked_applications (user_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_user_archived_updated ON tracked_applications (user_id, archived, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_user_status_updated ON tracked_applications (user_id, status, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_tracked_job ON tracked_applications (job_id);
CREATE INDEX IF NOT EXISTS idx_tracked_application ON tracked_applications (application_id);

-- The frontend's own session ids (64 hex, made at sign-in, kept per tab in sessionStorage):
-- each is a name for the token session (sessions.id, the access token's session_id claim) it
-- was registered from. Revoking a name revokes that token session; enforcement stays on the
-- token's claim. A name belongs to one user and one token session for good.
CREATE TABLE IF NOT EXISTS session_aliases (
  id          TEXT PRIMARY KEY,            -- the client's session id
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  last_active TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_session_aliases_session ON session_aliases (session_id);
CREATE INDEX IF NOT EXISTS idx_session_aliases_user ON session_aliases (user_id, id);

-- Per-user storage counters and caps (security issue 14, item 4). GENERATED from
-- packages/db/src/quotas.ts by storageSchemaSql() in packages/db/src/user-storage.ts; do not edit by hand.
-- Triggers on each capped table keep user_storage exact; the cap triggers on user_storage abort the
-- statement whose increase passes a cap. Re-runnable: every statement is IF NOT EXISTS or an upsert.

CREATE TABLE IF NOT EXISTS storage_quotas (
  resource  TEXT PRIMARY KEY,
  max_rows  INTEGER NOT NULL CHECK (max_rows >= 0),
  max_bytes INTEGER NOT NULL CHECK (max_bytes >= 0)
);
INSERT INTO storage_quotas (resource, max_rows, max_bytes) VALUES
  ('jobs', 5000, 67108864),
  ('gapAnalyses', 200, 33554432),
  ('files', 500, 262144000),
  ('applications', 1000, 67108864),
  ('trackedApplications', 2000, 33554432),
  ('resumes', 100, 16777216),
  ('profile', 1000, 8388608),
  ('jobSearches', 2000, 16777216),
  ('emails', 5000, 67108864)
ON CONFLICT (resource) DO UPDATE SET max_rows = excluded.max_rows, max_bytes = excluded.max_bytes;

-- Users whose writes on this shard skip the caps: the shard move tool, while it copies a user
-- (who may be over a lowered cap) into this shard. No foreign key: written before the user's row.
CREATE TABLE IF NOT EXISTS storage_quota_exemptions (
  user_id    TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS user_storage (
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  resource TEXT NOT NULL,
  row_count  INTEGER NOT NULL DEFAULT 0,
  byte_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, resource)
) WITHOUT ROWID;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'jobs', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(title AS BLOB)), 0) + coalesce(length(CAST(company AS BLOB)), 0) + coalesce(length(CAST(location AS BLOB)), 0) + coalesce(length(CAST(description AS BLOB)), 0) + coalesce(length(CAST(url AS BLOB)), 0) + coalesce(length(CAST(required_skills AS BLOB)), 0) + coalesce(length(CAST(preferred_skills AS BLOB)), 0)), 0) AS b FROM jobs GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'gapAnalyses', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(overall_assessment AS BLOB)), 0) + coalesce(length(CAST(identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(next_steps AS BLOB)), 0)), 0) AS b FROM gap_analyses GROUP BY user_id
  UNION ALL SELECT user_id, 0 AS n, coalesce(sum(coalesce(length(CAST(question AS BLOB)), 0) + coalesce(length(CAST(gap_addressed AS BLOB)), 0) + coalesce(length(CAST(context AS BLOB)), 0) + coalesce(length(CAST(expected_outcome AS BLOB)), 0) + coalesce(length(CAST(answer AS BLOB)), 0)), 0) AS b FROM gap_analysis_answers GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'files', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(size), 0) AS b FROM files GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'applications', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(job_title AS BLOB)), 0) + coalesce(length(CAST(company AS BLOB)), 0) + coalesce(length(CAST(variants AS BLOB)), 0)), 0) AS b FROM applications GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'trackedApplications', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(company AS BLOB)), 0) + coalesce(length(CAST(job_title AS BLOB)), 0) + coalesce(length(CAST(location AS BLOB)), 0) + coalesce(length(CAST(status_history AS BLOB)), 0) + coalesce(length(CAST(interviews AS BLOB)), 0) + coalesce(length(CAST(recruiter AS BLOB)), 0) + coalesce(length(CAST(hiring_manager AS BLOB)), 0) + coalesce(length(CAST(follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(offer_details AS BLOB)), 0) + coalesce(length(CAST(next_action AS BLOB)), 0) + coalesce(length(CAST(notes AS BLOB)), 0) + coalesce(length(CAST(activity_log AS BLOB)), 0) + coalesce(length(CAST(tags AS BLOB)), 0)), 0) AS b FROM tracked_applications GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'resumes', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(title AS BLOB)), 0) + coalesce(length(CAST(file_name AS BLOB)), 0) + coalesce(length(CAST(parsed_data AS BLOB)), 0)), 0) AS b FROM resumes GROUP BY user_id
  UNION ALL SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(title AS BLOB)), 0) + coalesce(length(CAST(sections AS BLOB)), 0) + coalesce(length(CAST(formats AS BLOB)), 0)), 0) AS b FROM resume_documents GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'profile', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(title AS BLOB)), 0) + coalesce(length(CAST(company AS BLOB)), 0) + coalesce(length(CAST(location AS BLOB)), 0) + coalesce(length(CAST(description AS BLOB)), 0) + coalesce(length(CAST(accomplishments AS BLOB)), 0)), 0) AS b FROM work_experience GROUP BY user_id
  UNION ALL SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(institution AS BLOB)), 0) + coalesce(length(CAST(degree AS BLOB)), 0) + coalesce(length(CAST(field_of_study AS BLOB)), 0) + coalesce(length(CAST(grade AS BLOB)), 0) + coalesce(length(CAST(description AS BLOB)), 0) + coalesce(length(CAST(highlights AS BLOB)), 0)), 0) AS b FROM education GROUP BY user_id
  UNION ALL SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(name AS BLOB)), 0)), 0) AS b FROM skills GROUP BY user_id
  UNION ALL SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(narrative AS BLOB)), 0)), 0) AS b FROM work_experience_narratives GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'jobSearches', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(keywords AS BLOB)), 0) + coalesce(length(CAST(filters AS BLOB)), 0) + coalesce(length(CAST(sources AS BLOB)), 0) + coalesce(length(CAST(errors AS BLOB)), 0)), 0) AS b FROM job_searches GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

INSERT INTO user_storage (user_id, resource, row_count, byte_count)
SELECT user_id, 'emails', sum(n), sum(b) FROM (
  SELECT user_id, count(*) AS n, coalesce(sum(coalesce(length(CAST(recipient_email AS BLOB)), 0) + coalesce(length(CAST(subject AS BLOB)), 0) + coalesce(length(CAST(body AS BLOB)), 0) + coalesce(length(CAST(error AS BLOB)), 0)), 0) AS b FROM email_history GROUP BY user_id
) WHERE true GROUP BY user_id
ON CONFLICT (user_id, resource) DO UPDATE SET row_count = excluded.row_count, byte_count = excluded.byte_count;

CREATE TRIGGER IF NOT EXISTS user_storage_jobs_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'jobs', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.url AS BLOB)), 0) + coalesce(length(CAST(NEW.required_skills AS BLOB)), 0) + coalesce(length(CAST(NEW.preferred_skills AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_jobs_delete AFTER DELETE ON jobs BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.url AS BLOB)), 0) + coalesce(length(CAST(OLD.required_skills AS BLOB)), 0) + coalesce(length(CAST(OLD.preferred_skills AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'jobs';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_jobs_update AFTER UPDATE ON jobs
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.url AS BLOB)), 0) + coalesce(length(CAST(NEW.required_skills AS BLOB)), 0) + coalesce(length(CAST(NEW.preferred_skills AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.url AS BLOB)), 0) + coalesce(length(CAST(OLD.required_skills AS BLOB)), 0) + coalesce(length(CAST(OLD.preferred_skills AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.url AS BLOB)), 0) + coalesce(length(CAST(NEW.required_skills AS BLOB)), 0) + coalesce(length(CAST(NEW.preferred_skills AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.url AS BLOB)), 0) + coalesce(length(CAST(OLD.required_skills AS BLOB)), 0) + coalesce(length(CAST(OLD.preferred_skills AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'jobs';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_jobs_owner AFTER UPDATE OF user_id ON jobs
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.url AS BLOB)), 0) + coalesce(length(CAST(OLD.required_skills AS BLOB)), 0) + coalesce(length(CAST(OLD.preferred_skills AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'jobs';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'jobs', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.url AS BLOB)), 0) + coalesce(length(CAST(NEW.required_skills AS BLOB)), 0) + coalesce(length(CAST(NEW.preferred_skills AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_gap_analyses_insert AFTER INSERT ON gap_analyses BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'gapAnalyses', 1, coalesce(length(CAST(NEW.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(NEW.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(NEW.next_steps AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analyses_delete AFTER DELETE ON gap_analyses BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(OLD.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(OLD.next_steps AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'gapAnalyses';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analyses_update AFTER UPDATE ON gap_analyses
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(NEW.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(NEW.next_steps AS BLOB)), 0)) - (coalesce(length(CAST(OLD.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(OLD.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(OLD.next_steps AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(NEW.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(NEW.next_steps AS BLOB)), 0)) - (coalesce(length(CAST(OLD.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(OLD.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(OLD.next_steps AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'gapAnalyses';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analyses_owner AFTER UPDATE OF user_id ON gap_analyses
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(OLD.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(OLD.next_steps AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'gapAnalyses';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'gapAnalyses', 1, coalesce(length(CAST(NEW.overall_assessment AS BLOB)), 0) + coalesce(length(CAST(NEW.identified_gaps_and_flags AS BLOB)), 0) + coalesce(length(CAST(NEW.next_steps AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_gap_analysis_answers_insert AFTER INSERT ON gap_analysis_answers BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'gapAnalyses', 0, coalesce(length(CAST(NEW.question AS BLOB)), 0) + coalesce(length(CAST(NEW.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(NEW.context AS BLOB)), 0) + coalesce(length(CAST(NEW.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(NEW.answer AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analysis_answers_delete AFTER DELETE ON gap_analysis_answers BEGIN
  UPDATE user_storage SET row_count = row_count - 0, byte_count = byte_count - (coalesce(length(CAST(OLD.question AS BLOB)), 0) + coalesce(length(CAST(OLD.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(OLD.context AS BLOB)), 0) + coalesce(length(CAST(OLD.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(OLD.answer AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'gapAnalyses';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analysis_answers_update AFTER UPDATE ON gap_analysis_answers
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.question AS BLOB)), 0) + coalesce(length(CAST(NEW.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(NEW.context AS BLOB)), 0) + coalesce(length(CAST(NEW.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(NEW.answer AS BLOB)), 0)) - (coalesce(length(CAST(OLD.question AS BLOB)), 0) + coalesce(length(CAST(OLD.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(OLD.context AS BLOB)), 0) + coalesce(length(CAST(OLD.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(OLD.answer AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.question AS BLOB)), 0) + coalesce(length(CAST(NEW.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(NEW.context AS BLOB)), 0) + coalesce(length(CAST(NEW.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(NEW.answer AS BLOB)), 0)) - (coalesce(length(CAST(OLD.question AS BLOB)), 0) + coalesce(length(CAST(OLD.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(OLD.context AS BLOB)), 0) + coalesce(length(CAST(OLD.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(OLD.answer AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'gapAnalyses';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_gap_analysis_answers_owner AFTER UPDATE OF user_id ON gap_analysis_answers
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 0, byte_count = byte_count - (coalesce(length(CAST(OLD.question AS BLOB)), 0) + coalesce(length(CAST(OLD.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(OLD.context AS BLOB)), 0) + coalesce(length(CAST(OLD.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(OLD.answer AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'gapAnalyses';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'gapAnalyses', 0, coalesce(length(CAST(NEW.question AS BLOB)), 0) + coalesce(length(CAST(NEW.gap_addressed AS BLOB)), 0) + coalesce(length(CAST(NEW.context AS BLOB)), 0) + coalesce(length(CAST(NEW.expected_outcome AS BLOB)), 0) + coalesce(length(CAST(NEW.answer AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_files_insert AFTER INSERT ON files BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'files', 1, NEW.size)
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_files_delete AFTER DELETE ON files BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (OLD.size)
    WHERE user_id = OLD.user_id AND resource = 'files';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_files_update AFTER UPDATE ON files
WHEN OLD.user_id IS NEW.user_id AND (NEW.size) - (OLD.size) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (NEW.size) - (OLD.size) WHERE user_id = NEW.user_id AND resource = 'files';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_files_owner AFTER UPDATE OF user_id ON files
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (OLD.size)
    WHERE user_id = OLD.user_id AND resource = 'files';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'files', 1, NEW.size)
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_applications_insert AFTER INSERT ON applications BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'applications', 1, coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.variants AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_applications_delete AFTER DELETE ON applications BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.variants AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'applications';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_applications_update AFTER UPDATE ON applications
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.variants AS BLOB)), 0)) - (coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.variants AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.variants AS BLOB)), 0)) - (coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.variants AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'applications';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_applications_owner AFTER UPDATE OF user_id ON applications
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.variants AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'applications';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'applications', 1, coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.variants AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_tracked_applications_insert AFTER INSERT ON tracked_applications BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'trackedApplications', 1, coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.status_history AS BLOB)), 0) + coalesce(length(CAST(NEW.interviews AS BLOB)), 0) + coalesce(length(CAST(NEW.recruiter AS BLOB)), 0) + coalesce(length(CAST(NEW.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(NEW.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(NEW.offer_details AS BLOB)), 0) + coalesce(length(CAST(NEW.next_action AS BLOB)), 0) + coalesce(length(CAST(NEW.notes AS BLOB)), 0) + coalesce(length(CAST(NEW.activity_log AS BLOB)), 0) + coalesce(length(CAST(NEW.tags AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_tracked_applications_delete AFTER DELETE ON tracked_applications BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.status_history AS BLOB)), 0) + coalesce(length(CAST(OLD.interviews AS BLOB)), 0) + coalesce(length(CAST(OLD.recruiter AS BLOB)), 0) + coalesce(length(CAST(OLD.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(OLD.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(OLD.offer_details AS BLOB)), 0) + coalesce(length(CAST(OLD.next_action AS BLOB)), 0) + coalesce(length(CAST(OLD.notes AS BLOB)), 0) + coalesce(length(CAST(OLD.activity_log AS BLOB)), 0) + coalesce(length(CAST(OLD.tags AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'trackedApplications';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_tracked_applications_update AFTER UPDATE ON tracked_applications
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.status_history AS BLOB)), 0) + coalesce(length(CAST(NEW.interviews AS BLOB)), 0) + coalesce(length(CAST(NEW.recruiter AS BLOB)), 0) + coalesce(length(CAST(NEW.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(NEW.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(NEW.offer_details AS BLOB)), 0) + coalesce(length(CAST(NEW.next_action AS BLOB)), 0) + coalesce(length(CAST(NEW.notes AS BLOB)), 0) + coalesce(length(CAST(NEW.activity_log AS BLOB)), 0) + coalesce(length(CAST(NEW.tags AS BLOB)), 0)) - (coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.status_history AS BLOB)), 0) + coalesce(length(CAST(OLD.interviews AS BLOB)), 0) + coalesce(length(CAST(OLD.recruiter AS BLOB)), 0) + coalesce(length(CAST(OLD.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(OLD.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(OLD.offer_details AS BLOB)), 0) + coalesce(length(CAST(OLD.next_action AS BLOB)), 0) + coalesce(length(CAST(OLD.notes AS BLOB)), 0) + coalesce(length(CAST(OLD.activity_log AS BLOB)), 0) + coalesce(length(CAST(OLD.tags AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.status_history AS BLOB)), 0) + coalesce(length(CAST(NEW.interviews AS BLOB)), 0) + coalesce(length(CAST(NEW.recruiter AS BLOB)), 0) + coalesce(length(CAST(NEW.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(NEW.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(NEW.offer_details AS BLOB)), 0) + coalesce(length(CAST(NEW.next_action AS BLOB)), 0) + coalesce(length(CAST(NEW.notes AS BLOB)), 0) + coalesce(length(CAST(NEW.activity_log AS BLOB)), 0) + coalesce(length(CAST(NEW.tags AS BLOB)), 0)) - (coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.status_history AS BLOB)), 0) + coalesce(length(CAST(OLD.interviews AS BLOB)), 0) + coalesce(length(CAST(OLD.recruiter AS BLOB)), 0) + coalesce(length(CAST(OLD.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(OLD.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(OLD.offer_details AS BLOB)), 0) + coalesce(length(CAST(OLD.next_action AS BLOB)), 0) + coalesce(length(CAST(OLD.notes AS BLOB)), 0) + coalesce(length(CAST(OLD.activity_log AS BLOB)), 0) + coalesce(length(CAST(OLD.tags AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'trackedApplications';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_tracked_applications_owner AFTER UPDATE OF user_id ON tracked_applications
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.job_title AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.status_history AS BLOB)), 0) + coalesce(length(CAST(OLD.interviews AS BLOB)), 0) + coalesce(length(CAST(OLD.recruiter AS BLOB)), 0) + coalesce(length(CAST(OLD.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(OLD.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(OLD.offer_details AS BLOB)), 0) + coalesce(length(CAST(OLD.next_action AS BLOB)), 0) + coalesce(length(CAST(OLD.notes AS BLOB)), 0) + coalesce(length(CAST(OLD.activity_log AS BLOB)), 0) + coalesce(length(CAST(OLD.tags AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'trackedApplications';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'trackedApplications', 1, coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.job_title AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.status_history AS BLOB)), 0) + coalesce(length(CAST(NEW.interviews AS BLOB)), 0) + coalesce(length(CAST(NEW.recruiter AS BLOB)), 0) + coalesce(length(CAST(NEW.hiring_manager AS BLOB)), 0) + coalesce(length(CAST(NEW.follow_up_actions AS BLOB)), 0) + coalesce(length(CAST(NEW.offer_details AS BLOB)), 0) + coalesce(length(CAST(NEW.next_action AS BLOB)), 0) + coalesce(length(CAST(NEW.notes AS BLOB)), 0) + coalesce(length(CAST(NEW.activity_log AS BLOB)), 0) + coalesce(length(CAST(NEW.tags AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_resumes_insert AFTER INSERT ON resumes BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'resumes', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.file_name AS BLOB)), 0) + coalesce(length(CAST(NEW.parsed_data AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_resumes_delete AFTER DELETE ON resumes BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.file_name AS BLOB)), 0) + coalesce(length(CAST(OLD.parsed_data AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'resumes';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_resumes_update AFTER UPDATE ON resumes
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.file_name AS BLOB)), 0) + coalesce(length(CAST(NEW.parsed_data AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.file_name AS BLOB)), 0) + coalesce(length(CAST(OLD.parsed_data AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.file_name AS BLOB)), 0) + coalesce(length(CAST(NEW.parsed_data AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.file_name AS BLOB)), 0) + coalesce(length(CAST(OLD.parsed_data AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'resumes';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_resumes_owner AFTER UPDATE OF user_id ON resumes
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.file_name AS BLOB)), 0) + coalesce(length(CAST(OLD.parsed_data AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'resumes';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'resumes', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.file_name AS BLOB)), 0) + coalesce(length(CAST(NEW.parsed_data AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_resume_documents_insert AFTER INSERT ON resume_documents BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'resumes', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.sections AS BLOB)), 0) + coalesce(length(CAST(NEW.formats AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_resume_documents_delete AFTER DELETE ON resume_documents BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.sections AS BLOB)), 0) + coalesce(length(CAST(OLD.formats AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'resumes';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_resume_documents_update AFTER UPDATE ON resume_documents
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.sections AS BLOB)), 0) + coalesce(length(CAST(NEW.formats AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.sections AS BLOB)), 0) + coalesce(length(CAST(OLD.formats AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.sections AS BLOB)), 0) + coalesce(length(CAST(NEW.formats AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.sections AS BLOB)), 0) + coalesce(length(CAST(OLD.formats AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'resumes';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_resume_documents_owner AFTER UPDATE OF user_id ON resume_documents
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.sections AS BLOB)), 0) + coalesce(length(CAST(OLD.formats AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'resumes';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'resumes', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.sections AS BLOB)), 0) + coalesce(length(CAST(NEW.formats AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_insert AFTER INSERT ON work_experience BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.accomplishments AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_delete AFTER DELETE ON work_experience BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.accomplishments AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_update AFTER UPDATE ON work_experience
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.accomplishments AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.accomplishments AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.accomplishments AS BLOB)), 0)) - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.accomplishments AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'profile';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_owner AFTER UPDATE OF user_id ON work_experience
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.title AS BLOB)), 0) + coalesce(length(CAST(OLD.company AS BLOB)), 0) + coalesce(length(CAST(OLD.location AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.accomplishments AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.title AS BLOB)), 0) + coalesce(length(CAST(NEW.company AS BLOB)), 0) + coalesce(length(CAST(NEW.location AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.accomplishments AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_education_insert AFTER INSERT ON education BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.institution AS BLOB)), 0) + coalesce(length(CAST(NEW.degree AS BLOB)), 0) + coalesce(length(CAST(NEW.field_of_study AS BLOB)), 0) + coalesce(length(CAST(NEW.grade AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.highlights AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_education_delete AFTER DELETE ON education BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.institution AS BLOB)), 0) + coalesce(length(CAST(OLD.degree AS BLOB)), 0) + coalesce(length(CAST(OLD.field_of_study AS BLOB)), 0) + coalesce(length(CAST(OLD.grade AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.highlights AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_education_update AFTER UPDATE ON education
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.institution AS BLOB)), 0) + coalesce(length(CAST(NEW.degree AS BLOB)), 0) + coalesce(length(CAST(NEW.field_of_study AS BLOB)), 0) + coalesce(length(CAST(NEW.grade AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.highlights AS BLOB)), 0)) - (coalesce(length(CAST(OLD.institution AS BLOB)), 0) + coalesce(length(CAST(OLD.degree AS BLOB)), 0) + coalesce(length(CAST(OLD.field_of_study AS BLOB)), 0) + coalesce(length(CAST(OLD.grade AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.highlights AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.institution AS BLOB)), 0) + coalesce(length(CAST(NEW.degree AS BLOB)), 0) + coalesce(length(CAST(NEW.field_of_study AS BLOB)), 0) + coalesce(length(CAST(NEW.grade AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.highlights AS BLOB)), 0)) - (coalesce(length(CAST(OLD.institution AS BLOB)), 0) + coalesce(length(CAST(OLD.degree AS BLOB)), 0) + coalesce(length(CAST(OLD.field_of_study AS BLOB)), 0) + coalesce(length(CAST(OLD.grade AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.highlights AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'profile';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_education_owner AFTER UPDATE OF user_id ON education
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.institution AS BLOB)), 0) + coalesce(length(CAST(OLD.degree AS BLOB)), 0) + coalesce(length(CAST(OLD.field_of_study AS BLOB)), 0) + coalesce(length(CAST(OLD.grade AS BLOB)), 0) + coalesce(length(CAST(OLD.description AS BLOB)), 0) + coalesce(length(CAST(OLD.highlights AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.institution AS BLOB)), 0) + coalesce(length(CAST(NEW.degree AS BLOB)), 0) + coalesce(length(CAST(NEW.field_of_study AS BLOB)), 0) + coalesce(length(CAST(NEW.grade AS BLOB)), 0) + coalesce(length(CAST(NEW.description AS BLOB)), 0) + coalesce(length(CAST(NEW.highlights AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_skills_insert AFTER INSERT ON skills BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.name AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_skills_delete AFTER DELETE ON skills BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.name AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_skills_update AFTER UPDATE ON skills
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.name AS BLOB)), 0)) - (coalesce(length(CAST(OLD.name AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.name AS BLOB)), 0)) - (coalesce(length(CAST(OLD.name AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'profile';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_skills_owner AFTER UPDATE OF user_id ON skills
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.name AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.name AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_narratives_insert AFTER INSERT ON work_experience_narratives BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.narrative AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_narratives_delete AFTER DELETE ON work_experience_narratives BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.narrative AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_narratives_update AFTER UPDATE ON work_experience_narratives
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.narrative AS BLOB)), 0)) - (coalesce(length(CAST(OLD.narrative AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.narrative AS BLOB)), 0)) - (coalesce(length(CAST(OLD.narrative AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'profile';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_work_experience_narratives_owner AFTER UPDATE OF user_id ON work_experience_narratives
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.narrative AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'profile';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'profile', 1, coalesce(length(CAST(NEW.narrative AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_job_searches_insert AFTER INSERT ON job_searches BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'jobSearches', 1, coalesce(length(CAST(NEW.keywords AS BLOB)), 0) + coalesce(length(CAST(NEW.filters AS BLOB)), 0) + coalesce(length(CAST(NEW.sources AS BLOB)), 0) + coalesce(length(CAST(NEW.errors AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_job_searches_delete AFTER DELETE ON job_searches BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.keywords AS BLOB)), 0) + coalesce(length(CAST(OLD.filters AS BLOB)), 0) + coalesce(length(CAST(OLD.sources AS BLOB)), 0) + coalesce(length(CAST(OLD.errors AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'jobSearches';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_job_searches_update AFTER UPDATE ON job_searches
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.keywords AS BLOB)), 0) + coalesce(length(CAST(NEW.filters AS BLOB)), 0) + coalesce(length(CAST(NEW.sources AS BLOB)), 0) + coalesce(length(CAST(NEW.errors AS BLOB)), 0)) - (coalesce(length(CAST(OLD.keywords AS BLOB)), 0) + coalesce(length(CAST(OLD.filters AS BLOB)), 0) + coalesce(length(CAST(OLD.sources AS BLOB)), 0) + coalesce(length(CAST(OLD.errors AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.keywords AS BLOB)), 0) + coalesce(length(CAST(NEW.filters AS BLOB)), 0) + coalesce(length(CAST(NEW.sources AS BLOB)), 0) + coalesce(length(CAST(NEW.errors AS BLOB)), 0)) - (coalesce(length(CAST(OLD.keywords AS BLOB)), 0) + coalesce(length(CAST(OLD.filters AS BLOB)), 0) + coalesce(length(CAST(OLD.sources AS BLOB)), 0) + coalesce(length(CAST(OLD.errors AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'jobSearches';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_job_searches_owner AFTER UPDATE OF user_id ON job_searches
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.keywords AS BLOB)), 0) + coalesce(length(CAST(OLD.filters AS BLOB)), 0) + coalesce(length(CAST(OLD.sources AS BLOB)), 0) + coalesce(length(CAST(OLD.errors AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'jobSearches';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'jobSearches', 1, coalesce(length(CAST(NEW.keywords AS BLOB)), 0) + coalesce(length(CAST(NEW.filters AS BLOB)), 0) + coalesce(length(CAST(NEW.sources AS BLOB)), 0) + coalesce(length(CAST(NEW.errors AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

CREATE TRIGGER IF NOT EXISTS user_storage_email_history_insert AFTER INSERT ON email_history BEGIN
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'emails', 1, coalesce(length(CAST(NEW.recipient_email AS BLOB)), 0) + coalesce(length(CAST(NEW.subject AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;
CREATE TRIGGER IF NOT EXISTS user_storage_email_history_delete AFTER DELETE ON email_history BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.recipient_email AS BLOB)), 0) + coalesce(length(CAST(OLD.subject AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'emails';
END;
-- Same owner: one counter update by the difference (a shrink is never refused, even over the cap).
CREATE TRIGGER IF NOT EXISTS user_storage_email_history_update AFTER UPDATE ON email_history
WHEN OLD.user_id IS NEW.user_id AND (coalesce(length(CAST(NEW.recipient_email AS BLOB)), 0) + coalesce(length(CAST(NEW.subject AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0)) - (coalesce(length(CAST(OLD.recipient_email AS BLOB)), 0) + coalesce(length(CAST(OLD.subject AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0)) <> 0 BEGIN
  UPDATE user_storage SET byte_count = byte_count + (coalesce(length(CAST(NEW.recipient_email AS BLOB)), 0) + coalesce(length(CAST(NEW.subject AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0)) - (coalesce(length(CAST(OLD.recipient_email AS BLOB)), 0) + coalesce(length(CAST(OLD.subject AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0)) WHERE user_id = NEW.user_id AND resource = 'emails';
END;
-- Another owner (no route does this; counters stay exact anyway): out of one, into the other.
CREATE TRIGGER IF NOT EXISTS user_storage_email_history_owner AFTER UPDATE OF user_id ON email_history
WHEN OLD.user_id IS NOT NEW.user_id BEGIN
  UPDATE user_storage SET row_count = row_count - 1, byte_count = byte_count - (coalesce(length(CAST(OLD.recipient_email AS BLOB)), 0) + coalesce(length(CAST(OLD.subject AS BLOB)), 0) + coalesce(length(CAST(OLD.body AS BLOB)), 0) + coalesce(length(CAST(OLD.error AS BLOB)), 0))
    WHERE user_id = OLD.user_id AND resource = 'emails';
  INSERT INTO user_storage (user_id, resource, row_count, byte_count) VALUES (NEW.user_id, 'emails', 1, coalesce(length(CAST(NEW.recipient_email AS BLOB)), 0) + coalesce(length(CAST(NEW.subject AS BLOB)), 0) + coalesce(length(CAST(NEW.body AS BLOB)), 0) + coalesce(length(CAST(NEW.error AS BLOB)), 0))
    ON CONFLICT (user_id, resource) DO UPDATE SET row_count = row_count + excluded.row_count, byte_count = byte_count + excluded.byte_count;
END;

-- Only increases past a cap are refused, so a user over a lowered cap can still delete and shrink.
CREATE TRIGGER IF NOT EXISTS user_storage_cap_insert BEFORE INSERT ON user_storage
WHEN NOT EXISTS (SELECT 1 FROM storage_quota_exemptions e WHERE e.user_id = NEW.user_id) AND EXISTS (SELECT 1 FROM storage_quotas q WHERE q.resource = NEW.resource
                           AND ((NEW.row_count > 0 AND NEW.row_count > q.max_rows) OR (NEW.byte_count > 0 AND NEW.byte_count > q.max_bytes)))
BEGIN
  SELECT RAISE(ABORT, (SELECT 'STORAGE_QUOTA_EXCEEDED:' || json_object('resource', q.resource, 'limit', json_object('rows', q.max_rows, 'bytes', q.max_bytes), 'used', json_object('rows', 0, 'bytes', 0)) FROM storage_quotas q WHERE q.resource = NEW.resource));
END;
CREATE TRIGGER IF NOT EXISTS user_storage_cap_update BEFORE UPDATE ON user_storage
WHEN NOT EXISTS (SELECT 1 FROM storage_quota_exemptions e WHERE e.user_id = NEW.user_id) AND EXISTS (SELECT 1 FROM storage_quotas q WHERE q.resource = NEW.resource
                           AND ((NEW.row_count > OLD.row_count AND NEW.row_count > q.max_rows) OR (NEW.byte_count > OLD.byte_count AND NEW.byte_count > q.max_bytes)))
BEGIN
  SELECT RAISE(ABORT, (SELECT 'STORAGE_QUOTA_EXCEEDED:' || json_object('resource', q.resource, 'limit', json_object('rows', q.max_rows, 'bytes', q.max_bytes), 'used', json_object('rows', OLD.row_count, 'bytes', OLD.byte_count)) FROM storage_quotas q WHERE q.resource = NEW.resource));
END;

-- Job search, redesigned (replaces 0001's jobs_fts).
--
-- 0001 kept the job id in an UNINDEXED FTS column, so every job delete or edit scanned the
-- whole index to find the row (DELETE … WHERE job_id = ?), and MATCH ran over every user's
-- jobs before the user filter. Now:
--  * jobs_fts is an external-content table keyed by the job's rowid: the triggers remove the
--    old entry with FTS5's 'delete' command (a lookup by rowid, not a scan) and the index holds
--    no copy of the text.
--  * every entry carries an `owner` token ('u' + hex of the user id, exact and collision-free)
--    and every search ANDs it, so MATCH walks only the caller's entries.
--  * prefix indexes for 2 and 3 characters answer short prefix terms from one doclist instead
--    of merging every term that starts with them; the API refuses shorter words (400).
-- The rowid of jobs is not an INTEGER PRIMARY KEY alias: anything that renumbers it (VACUUM,
-- a table rebuild) must be followed by INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild').

DROP TRIGGER IF EXISTS jobs_fts_after_insert;
DROP TRIGGER IF EXISTS jobs_fts_after_delete;
DROP TRIGGER IF EXISTS jobs_fts_after_update;
DROP TABLE IF EXISTS jobs_fts;

-- What the index is built from, one row per job, named as the FTS columns ('rebuild' reads it).
CREATE VIEW IF NOT EXISTS jobs_fts_source AS
  SELECT rowid AS job_rowid,
         'u' || hex(user_id) AS owner,
         title,
         company,
         coalesce(description, '') AS description,
         required_skills || ' ' || preferred_skills AS skills
  FROM jobs;

CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(
  owner,
  title,
  company,
  description,
  skills,
  content = 'jobs_fts_source',
  content_rowid = 'job_rowid',
  prefix = '2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Moves the existing jobs into the new index.
INSERT INTO jobs_fts (jobs_fts) VALUES ('rebuild');

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, owner, title, company, description, skills)
  VALUES (new.rowid, 'u' || hex(new.user_id), new.title, new.company, coalesce(new.description, ''),
          new.required_skills || ' ' || new.preferred_skills);
END;

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_delete AFTER DELETE ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, owner, title, company, description, skills)
  VALUES ('delete', old.rowid, 'u' || hex(old.user_id), old.title, old.company, coalesce(old.description, ''),
          old.required_skills || ' ' || old.preferred_skills);
END;

CREATE TRIGGER IF NOT EXISTS jobs_fts_after_update
AFTER UPDATE OF user_id, title, company, description, required_skills, preferred_skills ON jobs BEGIN
  INSERT INTO jobs_fts (jobs_fts, rowid, owner, title, company, description, skills)
  VALUES ('delete', old.rowid, 'u' || hex(old.user_id), old.title, old.company, coalesce(old.description, ''),
          old.required_skills || ' ' || old.preferred_skills);
  INSERT INTO jobs_fts (rowid, owner, title, company, description, skills)
  VALUES (new.rowid, 'u' || hex(new.user_id), new.title, new.company, coalesce(new.description, ''),
          new.required_skills || ' ' || new.preferred_skills);
END;

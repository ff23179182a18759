-- Move fences (issue 17, the shard move tool in packages/db/src/shard-move/). While a user is
-- being moved off this shard, a row in user_moves holds their writes back: every user-scoped
-- table has three triggers that abort a write of a fenced user with RAISE(ABORT, 'USER_MOVING'),
-- which packages/shared-middleware answers as 503 USER_MOVING with Retry-After. Reads are not
-- touched. INSERT stays fenced in every state (a late write must never land on the shard the
-- user left); UPDATE and DELETE are let through only in state 'purging', when the tool deletes
-- the copied rows (and ON DELETE SET NULL children update). A table added later that holds
-- user rows needs the same three triggers in its own migration: packages/db/test/shard-move.test.ts
-- fails until it has them. Costs one primary-key lookup in a (nearly empty) table per write.
CREATE TABLE IF NOT EXISTS user_moves (
  user_id      TEXT PRIMARY KEY,
  -- copying → copied → switched → purging → done (packages/db/src/user-moves.ts)
  state        TEXT NOT NULL CHECK (state IN ('copying', 'copied', 'switched', 'purging', 'done')),
  source_shard INTEGER NOT NULL CHECK (source_shard >= 0),
  target_shard INTEGER NOT NULL CHECK (target_shard >= 0),
  started_at   TEXT NOT NULL,
  switched_at  TEXT,                          -- when the directory row pointed at the target
  updated_at   TEXT NOT NULL,
  CHECK (source_shard <> target_shard)
);

CREATE TRIGGER IF NOT EXISTS user_moves_fence_users_insert BEFORE INSERT ON users
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_users_update BEFORE UPDATE ON users
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.id, NEW.id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_users_delete BEFORE DELETE ON users
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_jobs_insert BEFORE INSERT ON jobs
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_jobs_update BEFORE UPDATE ON jobs
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_jobs_delete BEFORE DELETE ON jobs
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_sessions_insert BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_sessions_update BEFORE UPDATE ON sessions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_sessions_delete BEFORE DELETE ON sessions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_aliases_insert BEFORE INSERT ON session_aliases
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_aliases_update BEFORE UPDATE ON session_aliases
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_aliases_delete BEFORE DELETE ON session_aliases
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_revocations_insert BEFORE INSERT ON session_revocations
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_revocations_update BEFORE UPDATE ON session_revocations
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_session_revocations_delete BEFORE DELETE ON session_revocations
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_feedback_insert BEFORE INSERT ON job_feedback
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_feedback_update BEFORE UPDATE ON job_feedback
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_feedback_delete BEFORE DELETE ON job_feedback
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_spam_reports_insert BEFORE INSERT ON spam_reports
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_spam_reports_update BEFORE UPDATE ON spam_reports
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_spam_reports_delete BEFORE DELETE ON spam_reports
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_applications_insert BEFORE INSERT ON applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_applications_update BEFORE UPDATE ON applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_applications_delete BEFORE DELETE ON applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_tracked_applications_insert BEFORE INSERT ON tracked_applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_tracked_applications_update BEFORE UPDATE ON tracked_applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_tracked_applications_delete BEFORE DELETE ON tracked_applications
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_insert BEFORE INSERT ON work_experience
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_update BEFORE UPDATE ON work_experience
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_delete BEFORE DELETE ON work_experience
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_narratives_insert BEFORE INSERT ON work_experience_narratives
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_narratives_update BEFORE UPDATE ON work_experience_narratives
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_work_experience_narratives_delete BEFORE DELETE ON work_experience_narratives
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_education_insert BEFORE INSERT ON education
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_education_update BEFORE UPDATE ON education
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_education_delete BEFORE DELETE ON education
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_skills_insert BEFORE INSERT ON skills
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_skills_update BEFORE UPDATE ON skills
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_skills_delete BEFORE DELETE ON skills
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_resumes_insert BEFORE INSERT ON resumes
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_resumes_update BEFORE UPDATE ON resumes
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_resumes_delete BEFORE DELETE ON resumes
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_resume_documents_insert BEFORE INSERT ON resume_documents
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_resume_documents_update BEFORE UPDATE ON resume_documents
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_resume_documents_delete BEFORE DELETE ON resume_documents
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_preferences_insert BEFORE INSERT ON job_preferences
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_preferences_update BEFORE UPDATE ON job_preferences
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_preferences_delete BEFORE DELETE ON job_preferences
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analyses_insert BEFORE INSERT ON gap_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analyses_update BEFORE UPDATE ON gap_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analyses_delete BEFORE DELETE ON gap_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analysis_answers_insert BEFORE INSERT ON gap_analysis_answers
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analysis_answers_update BEFORE UPDATE ON gap_analysis_answers
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_gap_analysis_answers_delete BEFORE DELETE ON gap_analysis_answers
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_security_events_insert BEFORE INSERT ON security_events
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_security_events_update BEFORE UPDATE ON security_events
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_security_events_delete BEFORE DELETE ON security_events
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_files_insert BEFORE INSERT ON files
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_files_update BEFORE UPDATE ON files
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_files_delete BEFORE DELETE ON files
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_limits_insert BEFORE INSERT ON usage_limits
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_limits_update BEFORE UPDATE ON usage_limits
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_limits_delete BEFORE DELETE ON usage_limits
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_email_history_insert BEFORE INSERT ON email_history
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_email_history_update BEFORE UPDATE ON email_history
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_email_history_delete BEFORE DELETE ON email_history
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_compatibility_analyses_insert BEFORE INSERT ON job_compatibility_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_compatibility_analyses_update BEFORE UPDATE ON job_compatibility_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_compatibility_analyses_delete BEFORE DELETE ON job_compatibility_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_idempotency_keys_insert BEFORE INSERT ON idempotency_keys
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_idempotency_keys_update BEFORE UPDATE ON idempotency_keys
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_idempotency_keys_delete BEFORE DELETE ON idempotency_keys
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_embeddings_insert BEFORE INSERT ON job_embeddings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_embeddings_update BEFORE UPDATE ON job_embeddings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_embeddings_delete BEFORE DELETE ON job_embeddings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_ai_usage_counters_insert BEFORE INSERT ON ai_usage_counters
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_ai_usage_counters_update BEFORE UPDATE ON ai_usage_counters
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_ai_usage_counters_delete BEFORE DELETE ON ai_usage_counters
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_searches_insert BEFORE INSERT ON job_searches
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_searches_update BEFORE UPDATE ON job_searches
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_searches_delete BEFORE DELETE ON job_searches
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_subscriptions_insert BEFORE INSERT ON subscriptions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_subscriptions_update BEFORE UPDATE ON subscriptions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_subscriptions_delete BEFORE DELETE ON subscriptions
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_payment_methods_insert BEFORE INSERT ON payment_methods
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_payment_methods_update BEFORE UPDATE ON payment_methods
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_payment_methods_delete BEFORE DELETE ON payment_methods
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_invoices_insert BEFORE INSERT ON invoices
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_invoices_update BEFORE UPDATE ON invoices
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_invoices_delete BEFORE DELETE ON invoices
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_caps_insert BEFORE INSERT ON usage_caps
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_caps_update BEFORE UPDATE ON usage_caps
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_usage_caps_delete BEFORE DELETE ON usage_caps
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_user_security_settings_insert BEFORE INSERT ON user_security_settings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_user_security_settings_update BEFORE UPDATE ON user_security_settings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_user_security_settings_delete BEFORE DELETE ON user_security_settings
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_spam_analyses_insert BEFORE INSERT ON job_spam_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_spam_analyses_update BEFORE UPDATE ON job_spam_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_job_spam_analyses_delete BEFORE DELETE ON job_spam_analyses
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

-- OAuth `state` records (LinkedIn sign-in), moved from KV OAUTH_STATES: KV has no atomic
-- get-and-delete, so two concurrent callbacks with one state could both read the record before
-- either deleted it and import twice. Consumption is now one `DELETE … RETURNING` (D1 runs one
-- statement at a time): at most one caller gets the row. Keyed by the state's random nonce; the
-- callback is public, so the nonce is the only thing it knows before the row names the user.
CREATE TABLE IF NOT EXISTS oauth_states (
  id          TEXT PRIMARY KEY,  -- the state's nonce
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider    TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
-- Issuing a state purges the user's expired ones.
CREATE INDEX IF NOT EXISTS idx_oauth_states_user_expires ON oauth_states (user_id, expires_at);

-- A user-scoped table: the move fence of 0013 holds its writes back while its user is moved.
CREATE TRIGGER IF NOT EXISTS user_moves_fence_oauth_states_insert BEFORE INSERT ON oauth_states
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = NEW.user_id)
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_oauth_states_update BEFORE UPDATE ON oauth_states
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id IN (OLD.user_id, NEW.user_id) AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;
CREATE TRIGGER IF NOT EXISTS user_moves_fence_oauth_states_delete BEFORE DELETE ON oauth_states
WHEN EXISTS (SELECT 1 FROM user_moves WHERE user_id = OLD.user_id AND state <> 'purging')
BEGIN SELECT RAISE(ABORT, 'USER_MOVING'); END;

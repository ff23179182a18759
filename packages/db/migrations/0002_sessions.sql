-- Session audit records (D1). The fast path (revocation and activity) lives in KV SESSIONS;
-- this table is the durable, queryable history behind GET/DELETE /api/sessions.
CREATE TABLE IF NOT EXISTS sessions (
  id          TEXT PRIMARY KEY,            -- the access token's session_id claim
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_type TEXT,
  device_os   TEXT,
  browser     TEXT,
  user_agent  TEXT,
  ip_address  TEXT,
  location    TEXT,
  created_at  TEXT NOT NULL,
  last_active TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT                         -- null while active
);
CREATE INDEX IF NOT EXISTS idx_sessions_user_active ON sessions (user_id, revoked_at, last_active DESC);
CREATE INDEX IF NOT EXISTS idx_sessions_expires ON sessions (expires_at);

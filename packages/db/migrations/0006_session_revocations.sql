-- Durable session revocations. A revocation outlives the session's audit row (which the cron
-- purges after expiry) so a revoked session can never be registered again, and it records
-- whether KV SESSIONS has the revocation yet: a failed KV write is redone by the next DELETE
-- or by the cron, never forgotten.
CREATE TABLE IF NOT EXISTS session_revocations (
  id           TEXT PRIMARY KEY,            -- the revoked session's id
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  revoked_at   TEXT NOT NULL,
  kv_synced_at TEXT,                        -- null until KV SESSIONS says "revoked"
  expires_at   TEXT NOT NULL                -- kept (and refused) until then
);
CREATE INDEX IF NOT EXISTS idx_session_revocations_unsynced ON session_revocations (kv_synced_at, revoked_at);
CREATE INDEX IF NOT EXISTS idx_session_revocations_user ON session_revocations (user_id, kv_synced_at);
CREATE INDEX IF NOT EXISTS idx_session_revocations_expires ON session_revocations (expires_at);

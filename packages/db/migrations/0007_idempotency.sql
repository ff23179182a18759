-- Idempotency-Key records for side-effecting POSTs (application generation, email sends).
-- A key is claimed before the work starts (status 'pending') and completed with the answer
-- the first request got, so a retry replays that answer instead of generating or sending twice.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope           TEXT NOT NULL,              -- the route, e.g. 'POST /api/emails/send'
  idempotency_key TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,              -- SHA-256 of the request body: a reused key with another body is refused
  status          TEXT NOT NULL CHECK (status IN ('pending', 'done')),
  response_status INTEGER,
  response_body   TEXT,
  created_at      TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  UNIQUE (user_id, scope, idempotency_key)
);
CREATE INDEX IF NOT EXISTS idx_idempotency_keys_expires ON idempotency_keys (expires_at);

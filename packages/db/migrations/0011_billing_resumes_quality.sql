-- Settings (billing, usage caps, 2FA state), structured resumes, work-experience narratives,
-- scrape runs and rule-based job-quality results (core, issue 16 part B).
-- Text UUID ids, ISO-8601 UTC timestamps, user_id → users(id) ON DELETE CASCADE.
-- Every statement is IF NOT EXISTS (no ALTER TABLE: a re-run must be a no-op), so new
-- attributes of existing concepts get their own tables.

-- A paid subscription as the payment provider reports it. No row = the free ('basic') plan.
CREATE TABLE IF NOT EXISTS subscriptions (
  id                       TEXT PRIMARY KEY,
  user_id                  TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  plan                     TEXT NOT NULL CHECK (plan IN ('basic', 'premium')),
  billing_cycle            TEXT NOT NULL DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly', 'annual')),
  status                   TEXT NOT NULL CHECK (status IN ('active', 'canceled', 'past_due', 'trialing')),
  current_period_start     TEXT NOT NULL,
  current_period_end       TEXT NOT NULL,
  cancel_at_period_end     INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
  trial_end                TEXT,
  provider                 TEXT,                    -- e.g. 'stripe'
  provider_subscription_id TEXT,
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS payment_methods (
  id                         TEXT PRIMARY KEY,
  user_id                    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type                       TEXT NOT NULL DEFAULT 'card' CHECK (type IN ('card')),
  brand                      TEXT NOT NULL CHECK (brand IN ('visa', 'mastercard', 'amex', 'discover')),
  last4                      TEXT NOT NULL CHECK (length(last4) = 4),
  exp_month                  INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year                   INTEGER NOT NULL,
  is_default                 INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  provider_payment_method_id TEXT,
  added_at                   TEXT NOT NULL,
  updated_at                 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_payment_methods_user_added ON payment_methods (user_id, added_at DESC);
CREATE UNIQUE INDEX IF NOT EXISTS idx_payment_methods_user_default ON payment_methods (user_id) WHERE is_default = 1;

-- Amounts in minor units (cents) so sums are exact; the API answers major units.
CREATE TABLE IF NOT EXISTS invoices (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  invoice_number      TEXT,
  invoice_date        TEXT NOT NULL,
  amount_cents        INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency            TEXT NOT NULL DEFAULT 'usd',
  status              TEXT NOT NULL CHECK (status IN ('paid', 'failed', 'pending', 'refunded')),
  description         TEXT NOT NULL,
  card_brand          TEXT,                         -- copy of the card charged (the method may be removed)
  card_last4          TEXT,
  pdf_url             TEXT,
  line_items          TEXT NOT NULL DEFAULT '[]',   -- JSON [{description, quantity, unit_price_cents}]
  provider_invoice_id TEXT,
  created_at          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_invoices_user_date ON invoices (user_id, invoice_date DESC);

-- Personal usage caps a user set below their plan's limits (PATCH /api/billing/usage-limits).
-- NULL = the plan's limit.
CREATE TABLE IF NOT EXISTS usage_caps (
  user_id             TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  max_applications    INTEGER CHECK (max_applications IS NULL OR max_applications >= 0),
  max_resume_variants INTEGER CHECK (max_resume_variants IS NULL OR max_resume_variants >= 0),
  max_job_searches    INTEGER CHECK (max_job_searches IS NULL OR max_job_searches >= 0),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

-- Account security settings the API reports (Settings → Security). No row = 2FA off.
CREATE TABLE IF NOT EXISTS user_security_settings (
  user_id                TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  two_factor_enabled     INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_enabled IN (0, 1)),
  backup_codes_generated INTEGER NOT NULL DEFAULT 0 CHECK (backup_codes_generated IN (0, 1)),
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL
);

-- The frontend's structured resumes (/api/resume): a master and tailored variants, with
-- sections as JSON. (The older `resumes` table holds uploaded-file metadata.)
CREATE TABLE IF NOT EXISTS resume_documents (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type       TEXT NOT NULL CHECK (type IN ('master', 'tailored')),
  title      TEXT NOT NULL,
  sections   TEXT NOT NULL DEFAULT '{}',  -- JSON object (header, summary, experience, education, skills)
  formats    TEXT NOT NULL DEFAULT '[]',  -- JSON array of 'pdf' | 'docx' | 'txt'
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_resume_documents_user_created ON resume_documents (user_id, created_at DESC);

-- One narrative per work experience (upserted); goes with the experience.
CREATE TABLE IF NOT EXISTS work_experience_narratives (
  id                 TEXT PRIMARY KEY,
  user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  work_experience_id TEXT NOT NULL UNIQUE REFERENCES work_experience(id) ON DELETE CASCADE,
  narrative          TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_narratives_user_created ON work_experience_narratives (user_id, created_at);

-- Search runs (job_searches) are recorded by the scrape: migration 0009.

-- The latest rule-based spam analysis of a job (POST /api/spam-detection/analyze/:jobId).
CREATE TABLE IF NOT EXISTS job_spam_analyses (
  id               TEXT PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  job_id           TEXT NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
  rules_version    INTEGER NOT NULL,
  spam_probability REAL NOT NULL CHECK (spam_probability >= 0 AND spam_probability <= 1),
  recommendation   TEXT NOT NULL CHECK (recommendation IN ('safe', 'review', 'spam')),
  result           TEXT NOT NULL,         -- JSON: the full answer
  analyzed_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_job_spam_analyses_user ON job_spam_analyses (user_id, recommendation);

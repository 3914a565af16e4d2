-- PostgreSQL twin of migrations/009_mail.sql.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  template TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'outbox')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  claimed_by TEXT,
  claimed_until TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient, created_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);

-- The language a person's mail is written in (set when they are invited).
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en'));

-- PostgreSQL twin of migrations/004_integration.sql.
CREATE TABLE response_scores (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  team_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  value_scores TEXT NOT NULL,
  knockouts TEXT NOT NULL
);
CREATE INDEX response_scores_team ON response_scores (team_id);

CREATE TABLE programme_embed_origins (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  PRIMARY KEY (programme_id, origin)
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_keys_programme ON api_keys (programme_id, created_at);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX webhooks_programme ON webhooks (programme_id, created_at);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

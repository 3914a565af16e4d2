-- Incubators (issue 6): per-value scores and knock-outs stored at submit time for the cohort
-- dashboard, with re-take chains as teams, sites allowed to embed a programme's test, API keys and webhooks.

-- What the engine computed at submit that the cohort overview needs, one row per submitted response:
-- per value the score (unrounded; null when not scored) and status as JSON {"<value>": [score, status]},
-- the knock-outs as JSON [[question, option], …], and the team. One row per response (not per value)
-- keeps a 10,000-team overview at 10,000 rows read. Responses submitted before this migration are
-- filled in by server/integration/plugin.ts.
-- A team is a chain of attempts (responses.previous_response_id); team_id is the id of the chain's
-- first attempt, fixed at submit time, so grouping needs no recursive query (and survives the first
-- attempt being deleted later). attempt counts from 1.
CREATE TABLE response_scores (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  team_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  value_scores TEXT NOT NULL,
  knockouts TEXT NOT NULL
) STRICT;
CREATE INDEX response_scores_team ON response_scores (team_id);

-- Sites (origins, e.g. https://incubator.example) allowed to frame /embed/<code>.
CREATE TABLE programme_embed_origins (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  PRIMARY KEY (programme_id, origin)
) STRICT, WITHOUT ROWID;

-- Keys for the integration API: only the SHA-256 of the key is kept; prefix is shown to tell keys apart.
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
) STRICT;
CREATE INDEX api_keys_programme ON api_keys (programme_id, created_at);

-- The signing secret must be kept as is (HMAC needs it to sign); it is shown once, at creation.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE INDEX webhooks_programme ON webhooks (programme_id, created_at);

-- The delivery queue and log in one: a row per event per webhook, retried with back-off until
-- delivered or out of attempts.
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
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

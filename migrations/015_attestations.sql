-- Signed reports (issue 15). The public halves of the signing keys, so every instance publishes every
-- key any instance signs with (/.well-known/jwks.json) and a revocation reaches all of them at once.
-- The private halves never enter the database (SIGNING_KEYS_FILE / SIGNING_KEYS): a dump holds nothing
-- that can sign.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- One row per signed statement about a submitted report in one language. code is the short code on
-- paper (and the JWS's jti). The row outlives its response, without content: deleting the response
-- sets withdrawn_at and clears response_id and jws, so the status page can still say "withdrawn".
-- A later attempt, or a new statement for changed content (a corrected answer, a new company name),
-- sets superseded_at on the older ones.
CREATE TABLE attestations (
  code TEXT PRIMARY KEY,
  response_id TEXT,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  kid TEXT NOT NULL REFERENCES signing_keys(kid),
  report_sha256 TEXT NOT NULL,
  -- A fingerprint of what the report is built from (revision, company name, earlier attempts, catalogue):
  -- showing the report finds its statement by this, without hashing the whole report on every view.
  basis TEXT NOT NULL,
  jws TEXT,
  issued_at TEXT NOT NULL,
  superseded_at TEXT,
  withdrawn_at TEXT
) STRICT;
-- One statement per content: two instances signing the same report at once keep one.
CREATE UNIQUE INDEX attestations_content ON attestations (response_id, locale, report_sha256);
CREATE INDEX attestations_basis ON attestations (response_id, locale, basis, issued_at);

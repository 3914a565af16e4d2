-- PostgreSQL twin of migrations/015_attestations.sql.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE attestations (
  code TEXT PRIMARY KEY,
  response_id TEXT,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  kid TEXT NOT NULL REFERENCES signing_keys(kid),
  report_sha256 TEXT NOT NULL,
  basis TEXT NOT NULL,
  jws TEXT,
  issued_at TEXT NOT NULL,
  superseded_at TEXT,
  withdrawn_at TEXT
);
CREATE UNIQUE INDEX attestations_content ON attestations (response_id, locale, report_sha256);
CREATE INDEX attestations_basis ON attestations (response_id, locale, basis, issued_at);

-- Startup contact addresses and deadline reminders (issue 14, item 6). A startup may leave an e-mail
-- address for reminders and messages about its submission: opt-in (consent_at is when it ticked the
-- consent), revocable (the row is deleted), shown to the programme only with a second, separate
-- consent (show_consent_at). It is kept on the response where it was left and found from every
-- attempt of the same team; deleting that response deletes the address.
CREATE TABLE startup_contacts (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  -- The programme the startup joined (its join code) or shared with: whose deadline it is reminded of.
  programme_id TEXT REFERENCES programmes(id) ON DELETE SET NULL,
  consent_at TEXT NOT NULL,
  show_consent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX startup_contacts_programme ON startup_contacts (programme_id);

-- Unsubscribe links: every mail to a startup carries its own token; only its hash is kept. Any of
-- them revokes the address, and they go with it.
CREATE TABLE startup_contact_tokens (
  token_hash TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES startup_contacts(response_id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX startup_contact_tokens_response ON startup_contact_tokens (response_id, created_at);

-- Each deadline reminder once: the row is written in the transaction that queues the mail, so of
-- several instances (or runs) only the first writes it and mails. A moved deadline is a new deadline.
CREATE TABLE reminders_sent (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  deadline TEXT NOT NULL,
  days_before INTEGER NOT NULL,
  -- 'startup:<response id>' or 'assessor:<user id>'.
  recipient TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (programme_id, deadline, days_before, recipient)
) STRICT;

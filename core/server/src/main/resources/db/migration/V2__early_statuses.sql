-- Delivery statuses that arrive before the send they belong to is recorded: a provider may call back within
-- milliseconds of accepting a message, before the dispatcher has written down the provider's message id. They wait
-- here, keyed by that id's blind index, for at most a few minutes, and are applied when the send is recorded.
CREATE TABLE early_statuses (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  provider_ref  BLOB    NOT NULL,
  status        TEXT    NOT NULL,
  status_code   TEXT,
  status_detail TEXT,
  retryable     INTEGER NOT NULL DEFAULT 0 CHECK (retryable IN (0, 1)),
  received_at   INTEGER NOT NULL
);
CREATE INDEX early_statuses_ref ON early_statuses (provider_ref);
CREATE INDEX early_statuses_received ON early_statuses (received_at);
CREATE INDEX early_statuses_org ON early_statuses (org_id);

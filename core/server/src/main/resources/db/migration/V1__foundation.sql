-- Switchboard schema, version 1.
-- Rules: every personal value (message text, contact address, contact name, attachment) is stored sealed to the
-- organization's public key (crypto_box_seal); what the server must use unattended (provider credentials, volunteer
-- e-mails, the hotline's own numbers, pending outbound payloads) is encrypted under the server master key; lookups
-- go through keyed BLAKE2b blind indexes. Times are epoch milliseconds.

CREATE TABLE orgs (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  timezone     TEXT    NOT NULL,
  public_key   BLOB    NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE inboxes (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  name         TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX inboxes_org ON inboxes (org_id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs (id),
  email_index   BLOB    NOT NULL UNIQUE,
  email_enc     BLOB    NOT NULL,
  name_enc      BLOB    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'volunteer')),
  password_hash TEXT    NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  user_id      INTEGER NOT NULL REFERENCES users (id),
  lookup       BLOB    NOT NULL UNIQUE,
  label        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The org secret key, wrapped (crypto_secretbox) under a key derived from a member password, the recovery code,
-- an API token or an invitation. The encoded wrap carries its own KDF parameters, salt and nonce.
CREATE TABLE key_wraps (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  kind         TEXT    NOT NULL CHECK (kind IN ('member', 'recovery', 'token', 'invitation')),
  user_id      INTEGER REFERENCES users (id),
  token_id     INTEGER REFERENCES api_tokens (id) ON DELETE CASCADE,
  wrap         BLOB    NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX key_wraps_org ON key_wraps (org_id, kind);
CREATE UNIQUE INDEX key_wraps_member ON key_wraps (user_id) WHERE kind = 'member';
CREATE UNIQUE INDEX key_wraps_token ON key_wraps (token_id) WHERE kind = 'token';

-- A provider account (or the built-in web chat): its settings encrypted under the master key.
CREATE TABLE connectors (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs (id),
  type          TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  config_enc    BLOB    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('unchecked', 'active', 'error')),
  state_detail  TEXT    NOT NULL DEFAULT '',
  checked_at    INTEGER,
  webhook_token TEXT    NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL
);
CREATE INDEX connectors_org ON connectors (org_id);

-- One activated number (or sender) of a connector; bound to at most one inbox. A number is active once per appliance.
CREATE TABLE channels (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs (id),
  connector_id  INTEGER NOT NULL REFERENCES connectors (id),
  inbox_id      INTEGER REFERENCES inboxes (id),
  address_index BLOB    NOT NULL,
  address_enc   BLOB    NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  provider_ref  TEXT    NOT NULL DEFAULT '',
  label         TEXT    NOT NULL DEFAULT '',
  kinds         TEXT    NOT NULL DEFAULT '',
  webhook_state TEXT    NOT NULL DEFAULT 'unknown'
                CHECK (webhook_state IN ('unknown', 'configured', 'missing', 'not_needed')),
  created_at    INTEGER NOT NULL
);
CREATE INDEX channels_connector ON channels (connector_id);
CREATE UNIQUE INDEX channels_active_address ON channels (address_index) WHERE active = 1;

-- name_check: a keyed hash of the name, scoped to the contact, so an unchanged name is not sealed again on every
-- message (it reveals only whether a contact's name changed).
CREATE TABLE contacts (
  id                  INTEGER PRIMARY KEY,
  org_id              INTEGER NOT NULL REFERENCES orgs (id),
  name_sealed         BLOB,
  name_check          BLOB,
  blocked             INTEGER NOT NULL DEFAULT 0,
  opted_out           INTEGER NOT NULL DEFAULT 0,
  identity_changed_at INTEGER,
  created_at          INTEGER NOT NULL
);
CREATE INDEX contacts_org ON contacts (org_id);

-- scheme: the kind of the address last used (tel, whatsapp, signal, webchat) — not personal.
CREATE TABLE contact_addresses (
  id             INTEGER PRIMARY KEY,
  org_id         INTEGER NOT NULL REFERENCES orgs (id),
  contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  address_index  BLOB    NOT NULL,
  address_sealed BLOB    NOT NULL,
  scheme         TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  UNIQUE (org_id, address_index)
);
CREATE INDEX contact_addresses_contact ON contact_addresses (contact_id);

CREATE TABLE conversations (
  id                       INTEGER PRIMARY KEY,
  org_id                   INTEGER NOT NULL REFERENCES orgs (id),
  inbox_id                 INTEGER NOT NULL REFERENCES inboxes (id),
  contact_id               INTEGER NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE CASCADE,
  status                   TEXT    NOT NULL DEFAULT 'open'
                           CHECK (status IN ('open', 'snoozed', 'closed', 'archived')),
  assignee_id              INTEGER REFERENCES users (id),
  reply_channel_id         INTEGER REFERENCES channels (id),
  reply_address_id         INTEGER REFERENCES contact_addresses (id),
  last_message_id          INTEGER,
  last_inbound_message_id  INTEGER,
  last_message_at          INTEGER NOT NULL,
  last_inbound_at          INTEGER,
  disappearing_seconds     INTEGER,
  created_at               INTEGER NOT NULL
);
CREATE INDEX conversations_recent ON conversations (org_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_status ON conversations (org_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversations_assignee ON conversations (org_id, assignee_id, last_message_at DESC, id DESC);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES orgs (id),
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  channel_id      INTEGER REFERENCES channels (id),
  direction       TEXT    NOT NULL CHECK (direction IN ('in', 'out', 'note')),
  author_id       INTEGER REFERENCES users (id),
  body_sealed     BLOB    NOT NULL,
  quote_sealed    BLOB,
  status          TEXT    NOT NULL
                  CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed', 'note')),
  status_code     TEXT,
  status_detail   TEXT,
  provider_ref    BLOB,
  media_count     INTEGER NOT NULL DEFAULT 0,
  expires_at      INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_provider_ref ON messages (provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX messages_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL;

-- Provider retries are dropped by a keyed hash of the provider message id, per connector.
CREATE TABLE inbound_seen (
  connector_id INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
  provider_key BLOB    NOT NULL,
  seen_at      INTEGER NOT NULL,
  PRIMARY KEY (connector_id, provider_key)
) WITHOUT ROWID;

CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  message_id   INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  state        TEXT    NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
  meta_sealed  BLOB,
  data_sealed  BLOB,
  size         INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

-- Inbound attachments still to download from the provider (reference encrypted under the master key).
CREATE TABLE media_fetches (
  attachment_id   INTEGER PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
  connector_id    INTEGER NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
  ref_enc         BLOB    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT
);

-- Replies waiting to be sent; the payload (recipient, text, media) is encrypted under the master key and the row
-- is deleted once the provider accepted or finally refused the message.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES orgs (id),
  message_id      INTEGER NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
  channel_id      INTEGER NOT NULL REFERENCES channels (id),
  payload_enc     BLOB    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending')),
  last_error      TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);

-- Media of outbound messages, served at an unguessable link to providers that fetch by URL (Twilio MMS).
CREATE TABLE outbound_media (
  token        TEXT    PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  message_id   INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  data_enc     BLOB    NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX outbound_media_expiry ON outbound_media (expires_at);

-- The consent and do-not-contact ledger: who, when, which channel, how.
CREATE TABLE consent_events (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  contact_id   INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  channel_id   INTEGER REFERENCES channels (id),
  opted_out    INTEGER NOT NULL,
  how          TEXT    NOT NULL,
  actor_id     INTEGER REFERENCES users (id),
  created_at   INTEGER NOT NULL
);
CREATE INDEX consent_events_contact ON consent_events (contact_id, id);

CREATE TABLE conversation_reads (
  conversation_id      INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id              INTEGER NOT NULL REFERENCES users (id),
  last_read_message_id INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

-- Web chat visitors: each holds the secret half of a key pair in a cookie; their copy of the conversation is sealed
-- to that key, so only their browser can read it back.
CREATE TABLE webchat_visitors (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs (id),
  channel_id    INTEGER NOT NULL REFERENCES channels (id),
  visitor_index BLOB    NOT NULL UNIQUE,
  public_key    BLOB    NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE webchat_transcript (
  id           INTEGER PRIMARY KEY,
  visitor_id   INTEGER NOT NULL REFERENCES webchat_visitors (id) ON DELETE CASCADE,
  message_id   INTEGER REFERENCES messages (id) ON DELETE CASCADE,
  direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  body_sealed  BLOB    NOT NULL,
  created_at   INTEGER NOT NULL,
  seen_at      INTEGER
);
CREATE INDEX webchat_transcript_visitor ON webchat_transcript (visitor_id, id);

-- Staff accounts (created with `portal create-user`; there is no public sign-up), their
-- sessions and failed logins. Sessions and login counts live in the database so several
-- portal instances share them.

-- role: 'admin' (the management unit: everything) or 'coordinator' (their regions only).
CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    -- Base32 TOTP secret; NULL until a second factor is set up.
    totp_secret TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE staff_user_regions (
    user_id INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (user_id, region_code)
);

-- The cookie holds a random token; the database keeps its SHA-256.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    -- Absolute end, whatever the activity.
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_user_idx ON staff_sessions (user_id);

-- Failed logins, counted per address and per account over a sliding window.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client TEXT NOT NULL,
    email TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_client_idx ON login_failures (client, at);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);

-- Internal notes on a request: staff only, never shown to the requester.
CREATE TABLE ta_request_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES staff_users (id),
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ta_request_notes_request_idx ON ta_request_notes (request_id);

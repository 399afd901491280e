-- A link a member of staff asked for to set a new password (SHA-256 of its secret): it
-- works once, for 10 minutes, and an account with a second factor still needs its code.
CREATE TABLE staff_password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX staff_password_resets_user_idx ON staff_password_resets (user_id);

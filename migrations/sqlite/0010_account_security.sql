-- The time step of the last one-time code accepted for each account: a code is good once.
ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT;
-- What a session was opened with ("Firefox, Windows"), so its owner can tell it apart in
-- their list of sessions.
ALTER TABLE staff_sessions ADD COLUMN device TEXT;

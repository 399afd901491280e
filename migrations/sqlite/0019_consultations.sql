-- The consultation rounds on a request's TA fiche (positive silence): the management unit
-- sends the fiche to consultees with a deadline (a UTC instant; the offset it was typed in is
-- kept to show it back). A round closes when everyone answered or at its deadline; a
-- consultee silent then counts as agreeing. An objection waits for the management unit's
-- decision: proceed, or revise the fiche and open another round.
CREATE TABLE ta_consultations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    utc_offset TEXT NOT NULL,
    remind_at TEXT NOT NULL,
    -- When the round was recorded closed: at the last answer, or by the hourly job after the
    -- deadline (the silent then counted as agreeing).
    closed_at TEXT,
    decision TEXT,
    decision_reason TEXT,
    decided_at TEXT,
    decided_by TEXT,
    UNIQUE (request_id, round)
);

-- One consultee of a round, with their single-use link (its SHA-256 only) and their answer.
-- Only digests are kept, so the reminder carries a second link of its own; either takes the
-- one answer.
CREATE TABLE ta_consultees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES ta_consultations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    is_requester INTEGER NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    answer TEXT,
    comment TEXT,
    answered_at TEXT,
    reminded_at TEXT,
    reminder_token_sha256 TEXT UNIQUE
);
CREATE INDEX ta_consultees_consultation_idx ON ta_consultees (consultation_id);

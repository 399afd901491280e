-- Technical-assistance requests: drafts, submitted requests, their history, reference
-- numbers, the e-mail outbox and the audit log. The PostgreSQL twin has the same tables.

CREATE TABLE ta_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    tracking_token_hash TEXT NOT NULL UNIQUE,
    stage TEXT NOT NULL,
    -- The region whose coordinators hold the file; NULL for organisations spanning regions,
    -- which the management unit holds.
    region_code TEXT REFERENCES regions (code),
    requester_type TEXT NOT NULL,
    country_iso3 TEXT REFERENCES countries (iso3),
    organisation_code TEXT REFERENCES regional_organisations (code),
    institution TEXT NOT NULL,
    department TEXT,
    official_name TEXT NOT NULL,
    official_position TEXT NOT NULL,
    work_language TEXT NOT NULL,
    focal_name TEXT NOT NULL,
    focal_position TEXT NOT NULL,
    focal_email TEXT NOT NULL,
    focal_phone TEXT NOT NULL,
    typology_code TEXT NOT NULL REFERENCES typologies (code),
    background TEXT NOT NULL,
    objectives TEXT NOT NULL,
    expected_results TEXT NOT NULL,
    beneficiaries TEXT NOT NULL,
    policy_link TEXT,
    other_support TEXT,
    preferred_start TEXT NOT NULL,
    preferred_end TEXT,
    -- The requester's interface language: e-mails to them are written in it.
    locale TEXT NOT NULL,
    decline_reason TEXT,
    -- Set when the completed request is published on the map.
    intervention_id INTEGER REFERENCES interventions (id),
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ta_requests_stage_idx ON ta_requests (stage);
CREATE INDEX ta_requests_region_idx ON ta_requests (region_code);

-- A request being filled in. form_json holds every field exactly as typed (JSON of field
-- name -> values), so nothing is lost between steps or on an error. Reached only through a
-- secret link; the database keeps the SHA-256 of the secret, never the secret.
CREATE TABLE ta_drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    form_json TEXT NOT NULL,
    locale TEXT NOT NULL,
    resume_link_sent_to TEXT,
    request_id INTEGER REFERENCES ta_requests (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE ta_request_topics (
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (request_id, topic_code)
);

-- The request's history as the requester sees it (submission, stage moves, messages).
-- actor: 'requester', 'system' or 'staff:<id>'.
CREATE TABLE ta_request_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_stage TEXT,
    to_stage TEXT,
    body TEXT
);
CREATE INDEX ta_request_events_request_idx ON ta_request_events (request_id);

-- Last number handed out per kind of reference and year.
CREATE TABLE reference_counters (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Every e-mail the portal writes. Sent over SMTP when configured; otherwise it waits here,
-- readable by the management unit, so nothing is silently dropped.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- What the message is about, e.g. 'ta_request:12'.
    about TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent_idx ON outbox (sent_at);

-- Who did what to which record, when, from which state to which. Append-only: the triggers
-- refuse any change or deletion.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    detail TEXT
);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

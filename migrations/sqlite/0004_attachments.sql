-- Files attached to a TA request (the official request letter). The file itself lives in
-- PORTAL_FILES_DIR, never a served folder, under stored_name (random); only staff can
-- download it. A draft holds at most one letter: a new upload replaces the old one.
CREATE TABLE ta_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id INTEGER NOT NULL REFERENCES ta_drafts (id),
    request_id INTEGER REFERENCES ta_requests (id),
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ta_attachments_draft_idx ON ta_attachments (draft_id);
CREATE INDEX ta_attachments_request_idx ON ta_attachments (request_id);

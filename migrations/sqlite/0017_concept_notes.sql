-- The concept note staff draft with the requester at the concept-note stage, one row per
-- version: a save never overwrites what the requester read or agreed to. The requester
-- agrees to one version (agreed_at); a later version needs its own agreement.
CREATE TABLE ta_concept_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    context TEXT NOT NULL,
    objectives TEXT NOT NULL,
    approach TEXT NOT NULL,
    expected_results TEXT NOT NULL,
    timeline TEXT NOT NULL,
    work_language TEXT NOT NULL,
    written_at TEXT NOT NULL,
    -- 'staff:<id>', as in the audit log.
    written_by TEXT NOT NULL,
    agreed_at TEXT,
    UNIQUE (request_id, version)
);

-- What the requester wrote about a version of the concept note.
CREATE TABLE ta_concept_note_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ta_concept_note_comments_request_idx ON ta_concept_note_comments (request_id);

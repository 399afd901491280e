-- The baseline assessment staff write at its stage: findings and recommendations, and each
-- fiche indicator's baseline value (in the indicator's unit) with when it was measured and
-- where it comes from.
CREATE TABLE ta_baselines (
    request_id INTEGER PRIMARY KEY REFERENCES ta_requests (id) ON DELETE CASCADE,
    findings TEXT NOT NULL,
    recommendations TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);

CREATE TABLE ta_indicator_baselines (
    indicator_id INTEGER PRIMARY KEY REFERENCES ta_fiche_indicators (id) ON DELETE CASCADE,
    value INTEGER NOT NULL,
    measured_on TEXT NOT NULL,
    source TEXT NOT NULL,
    written_at TEXT NOT NULL
);

-- Documents of a request's stages (the baseline report, the intervention's outputs): PDFs
-- staff upload, one per post, each shown to the public and the requester (public = 1) or to
-- staff only.
CREATE TABLE ta_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    title TEXT NOT NULL,
    public INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL
);
CREATE INDEX ta_documents_request_idx ON ta_documents (request_id, stage);

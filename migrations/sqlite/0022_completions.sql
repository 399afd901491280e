-- Completing a TA: each fiche indicator's achieved value with its day and source, or the
-- reason none could be measured (one or the other); the lessons learned; and the requester's
-- assessment given on the tracking link (two marks from 1 to 5, whether follow-up is wanted
-- and what, and comments).
CREATE TABLE ta_indicator_results (
    indicator_id INTEGER PRIMARY KEY REFERENCES ta_fiche_indicators (id) ON DELETE CASCADE,
    achieved INTEGER,
    achieved_on TEXT,
    source TEXT,
    unmeasured_reason TEXT,
    written_at TEXT NOT NULL,
    CHECK ((achieved IS NULL) <> (unmeasured_reason IS NULL))
);

CREATE TABLE ta_lessons (
    request_id INTEGER PRIMARY KEY REFERENCES ta_requests (id) ON DELETE CASCADE,
    lessons TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);

CREATE TABLE ta_assessments (
    request_id INTEGER PRIMARY KEY REFERENCES ta_requests (id) ON DELETE CASCADE,
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    follow_up_needs TEXT,
    comments TEXT,
    given_at TEXT NOT NULL
);

-- A request that follows up a completed one names it.
ALTER TABLE ta_requests ADD COLUMN follows_id INTEGER REFERENCES ta_requests (id) ON DELETE SET NULL;
CREATE INDEX ta_requests_follows_idx ON ta_requests (follows_id);

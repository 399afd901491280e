-- The TA fiche (terms of reference) staff write at the TA-fiche stage: its frame, the results
-- it expects with their indicators, and the activities it plans. Partners and SDG targets are
-- codes of fixed lists (rules::ta_fiche), kept space-separated.
CREATE TABLE ta_fiches (
    request_id INTEGER PRIMARY KEY REFERENCES ta_requests (id) ON DELETE CASCADE,
    objectives TEXT NOT NULL,
    partners TEXT NOT NULL,
    partner_names TEXT,
    sdg_targets TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);

CREATE TABLE ta_fiche_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    result TEXT NOT NULL
);
CREATE INDEX ta_fiche_results_request_idx ON ta_fiche_results (request_id);

CREATE TABLE ta_fiche_indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    result_id INTEGER NOT NULL REFERENCES ta_fiche_results (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    unit TEXT NOT NULL,
    target INTEGER NOT NULL,
    verification TEXT NOT NULL
);
CREATE INDEX ta_fiche_indicators_result_idx ON ta_fiche_indicators (result_id);

CREATE TABLE ta_fiche_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    -- NULL for an activity held remotely.
    place TEXT,
    language TEXT NOT NULL,
    participants INTEGER NOT NULL
);
CREATE INDEX ta_fiche_activities_request_idx ON ta_fiche_activities (request_id);

-- The experts the TA needs: topics and languages as space-separated codes, working days at
-- most 60 each (rules::assignment::MAX_WORKING_DAYS).
CREATE TABLE ta_fiche_experts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    profile TEXT NOT NULL,
    topics TEXT NOT NULL,
    languages TEXT NOT NULL,
    working_days INTEGER NOT NULL
);
CREATE INDEX ta_fiche_experts_request_idx ON ta_fiche_experts (request_id);

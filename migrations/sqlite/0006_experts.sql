-- The expert roster. Personal data: erasing an expert deletes the experts row, and every
-- table below that names them goes with it (ON DELETE CASCADE); the CV file is removed by
-- the application. The audit log names experts only by number.

CREATE TABLE experts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- draft: being filled in; unverified: submitted, address not confirmed yet;
    -- active: on the roster; inactive: not updated for too long (see the daily job).
    status TEXT NOT NULL,
    -- The application's secret link while it is a draft (SHA-256 of the secret).
    draft_token_hash TEXT UNIQUE,
    -- Every answer as typed (field -> values), so nothing is lost and the profile can be
    -- edited with the same steps; the columns and tables below are derived from it.
    form_json TEXT NOT NULL,
    locale TEXT NOT NULL,
    full_name TEXT,
    email TEXT,
    -- Lower-cased address: one profile per address, and the sign-in lookup.
    email_key TEXT,
    nationality TEXT,
    residence TEXT,
    gender TEXT,
    sector TEXT,
    position TEXT,
    employer TEXT,
    years_experience INTEGER,
    short_term INTEGER NOT NULL DEFAULT 0,
    mid_term INTEGER NOT NULL DEFAULT 0,
    -- Folded (lower case, no accents) name, position, employer and expertise, for search.
    search_text TEXT,
    coi TEXT,
    coi_details TEXT,
    submitted_at TEXT,
    email_verified_at TEXT,
    reminded_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX experts_email_key_idx ON experts (email_key) WHERE email_key IS NOT NULL;
CREATE INDEX experts_status_idx ON experts (status);

CREATE TABLE expert_topics (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (expert_id, topic_code)
);
CREATE TABLE expert_typologies (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    typology_code TEXT NOT NULL REFERENCES typologies (code),
    PRIMARY KEY (expert_id, typology_code)
);
CREATE TABLE expert_regions (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (expert_id, region_code)
);
CREATE TABLE expert_countries (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    country_iso3 TEXT NOT NULL REFERENCES countries (iso3),
    PRIMARY KEY (expert_id, country_iso3)
);
-- CEFR level per working language; level_rank (1 = A1 .. 6 = C2) lets search ask "B2 or better".
CREATE TABLE expert_languages (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    level TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    PRIMARY KEY (expert_id, language)
);
CREATE TABLE expert_unavailability (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    from_day TEXT NOT NULL,
    until_day TEXT NOT NULL
);
CREATE INDEX expert_unavailability_idx ON expert_unavailability (expert_id);

-- The CV: the file lives in PORTAL_FILES_DIR (never served) under stored_name.
CREATE TABLE expert_cvs (
    expert_id INTEGER PRIMARY KEY REFERENCES experts (id) ON DELETE CASCADE,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

-- Each consent given (with the privacy notice's version) and when it was withdrawn.
CREATE TABLE expert_consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    policy_version TEXT NOT NULL,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX expert_consents_expert_idx ON expert_consents (expert_id);

-- Single-use secret links (address confirmation, sign-in), stored as SHA-256.
CREATE TABLE expert_links (
    token_hash TEXT PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    -- For a change of address: the new address, which the link confirms.
    new_email TEXT,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX expert_links_expert_idx ON expert_links (expert_id);

-- An expert signed in to their own space (through an e-mailed link), stored as SHA-256.
CREATE TABLE expert_sessions (
    token_hash TEXT PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX expert_sessions_expert_idx ON expert_sessions (expert_id);

-- An expert considered for, contacted about or assigned to a TA request. An assignment's
-- periods together take at most 60 working days (checked by the application).
CREATE TABLE expert_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id),
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    -- shortlisted, contacted or assigned
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (request_id, expert_id)
);
CREATE INDEX expert_assignments_expert_idx ON expert_assignments (expert_id);
CREATE TABLE assignment_periods (
    assignment_id INTEGER NOT NULL REFERENCES expert_assignments (id) ON DELETE CASCADE,
    -- Repeated from the assignment so export and erasure find every row naming the expert.
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    working_days INTEGER NOT NULL
);
CREATE INDEX assignment_periods_assignment_idx ON assignment_periods (assignment_id);

-- Anonymous counts of erased profiles: all the roster keeps of someone who left it.
CREATE TABLE expert_erasures (
    day TEXT PRIMARY KEY,
    erased INTEGER NOT NULL
);

-- Daily jobs: one row per job and day, so only one instance runs it.
CREATE TABLE job_runs (
    job TEXT NOT NULL,
    day TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (job, day)
);

-- Mail about an expert names them (to_address); erasure deletes it by this link.
ALTER TABLE outbox ADD COLUMN expert_id INTEGER REFERENCES experts (id) ON DELETE CASCADE;

-- Grants for non-state actors: calls for proposals and the applications to them. The
-- PostgreSQL twin has the same tables. Money is integer euro cents; instants are UTC text
-- (`2027-03-31T14:00:00Z`), so they sort and compare as text on both backends.

CREATE TABLE grant_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    -- national or regional
    kind TEXT NOT NULL,
    floor_cents INTEGER NOT NULL,
    ceiling_cents INTEGER NOT NULL,
    cofunding_percent INTEGER NOT NULL,
    max_months INTEGER NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    -- The offset staff gave the times in (`+03:00`): pages show the deadline in it.
    utc_offset TEXT NOT NULL,
    -- The call form as typed, for editing before publication.
    form_json TEXT NOT NULL,
    -- Unpublished calls are seen by staff only; a published call no longer changes.
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX grant_calls_closes_idx ON grant_calls (closes_at);

-- Title and description per interface language.
CREATE TABLE grant_call_texts (
    call_id INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (call_id, locale)
);
CREATE TABLE grant_call_regions (
    call_id INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (call_id, region_code)
);
-- The states a call covers: those staff chose, or every state of its regions.
CREATE TABLE grant_call_countries (
    call_id INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    PRIMARY KEY (call_id, iso3)
);
CREATE TABLE grant_call_topics (
    call_id INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (call_id, topic_code)
);
-- The scoring rubric: weights add up to 100.
CREATE TABLE grant_criteria (
    call_id INTEGER NOT NULL REFERENCES grant_calls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    weight INTEGER NOT NULL,
    guidance TEXT,
    PRIMARY KEY (call_id, position)
);

CREATE TABLE grant_applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL REFERENCES grant_calls (id),
    -- The secret link to the application (SHA-256), which edits it until the deadline.
    draft_token_hash TEXT NOT NULL UNIQUE,
    -- draft, submitted; then funded, reserve or rejected once decided.
    status TEXT NOT NULL,
    -- The working copy as typed (field -> values): nothing typed is lost.
    form_json TEXT NOT NULL,
    locale TEXT NOT NULL,
    resume_link_sent_to TEXT,
    -- Set at the first submission and kept through resubmissions.
    reference TEXT UNIQUE,
    tracking_token_hash TEXT UNIQUE,
    -- The version last submitted before the deadline (what staff review), and its columns.
    submitted_json TEXT,
    legal_name TEXT,
    org_type TEXT,
    registration_country TEXT,
    contact_email TEXT,
    project_title TEXT,
    typology_code TEXT REFERENCES typologies (code),
    region_code TEXT REFERENCES regions (code),
    total_cents INTEGER,
    cofunding_cents INTEGER,
    requested_cents INTEGER,
    people_reached INTEGER,
    duration_months INTEGER,
    first_submitted_at TEXT,
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX grant_applications_call_idx ON grant_applications (call_id, status);

CREATE TABLE grant_application_countries (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    PRIMARY KEY (application_id, iso3)
);
CREATE TABLE grant_application_topics (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (application_id, topic_code)
);
CREATE TABLE grant_budget_lines (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (application_id, position)
);
-- The optional registration certificate: the file lives in PORTAL_FILES_DIR (never served).
CREATE TABLE grant_certificates (
    application_id INTEGER PRIMARY KEY REFERENCES grant_applications (id) ON DELETE CASCADE,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

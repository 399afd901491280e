-- Taxonomy and public interventions. The PostgreSQL twin of this file has the same
-- tables and columns; only the types differ. Times are RFC 3339 text (portable through
-- sqlx's Any driver), flags are integers, coordinates two REAL columns.

CREATE TABLE programmes (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE countries (
    iso3 TEXT PRIMARY KEY,
    iso2 TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    lat REAL NOT NULL,
    lon REAL NOT NULL
);

-- lat/lon: the seat, where the organisation has one (APEI has none).
CREATE TABLE regional_organisations (
    code TEXT PRIMARY KEY,
    hq_iso3 TEXT,
    lat REAL,
    lon REAL
);

CREATE TABLE regional_organisation_members (
    organisation_code TEXT NOT NULL REFERENCES regional_organisations (code),
    member_iso3 TEXT NOT NULL,
    PRIMARY KEY (organisation_code, member_iso3)
);

CREATE TABLE topics (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

-- applies_to: 'ta', 'nsa' or 'both' (the programme has two typology lists).
CREATE TABLE typologies (
    code TEXT PRIMARY KEY,
    applies_to TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE statuses (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

-- Every taxonomy label in every language: adding a language adds rows, not columns.
-- vocabulary is one of programme, region, country, organisation, topic, typology, status.
CREATE TABLE taxonomy_labels (
    vocabulary TEXT NOT NULL,
    code TEXT NOT NULL,
    locale TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (vocabulary, code, locale)
);

CREATE TABLE interventions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    programme_code TEXT NOT NULL REFERENCES programmes (code),
    component TEXT NOT NULL,
    scope TEXT NOT NULL,
    title TEXT NOT NULL,
    organisation_code TEXT REFERENCES regional_organisations (code),
    requesting_entity TEXT,
    beneficiary_institution TEXT,
    region_code TEXT NOT NULL REFERENCES regions (code),
    objective TEXT,
    summary TEXT,
    start_month TEXT,
    end_month TEXT,
    start_year INTEGER,
    end_year INTEGER,
    status_code TEXT NOT NULL REFERENCES statuses (code),
    status_as_of TEXT NOT NULL,
    detail_level TEXT NOT NULL,
    experts_text TEXT,
    people_reached INTEGER,
    people_reached_basis TEXT,
    quote TEXT,
    notes TEXT,
    source TEXT NOT NULL,
    -- Title, texts, organisation and country names in every language, lower-cased and
    -- without accents (folded in Rust, so both backends match alike); free-text search reads it.
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX interventions_region_idx ON interventions (region_code);
CREATE INDEX interventions_status_idx ON interventions (status_code);

CREATE TABLE intervention_countries (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL REFERENCES countries (iso3),
    PRIMARY KEY (intervention_id, iso3)
);
CREATE INDEX intervention_countries_iso3_idx ON intervention_countries (iso3);

CREATE TABLE intervention_topics (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (intervention_id, topic_code)
);
CREATE INDEX intervention_topics_topic_idx ON intervention_topics (topic_code);

CREATE TABLE intervention_typologies (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    typology_code TEXT NOT NULL REFERENCES typologies (code),
    PRIMARY KEY (intervention_id, typology_code)
);

-- Where the deployed experts came from: a country name or a kind token (private, academia, ...).
CREATE TABLE intervention_expert_origins (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (intervention_id, position)
);

CREATE TABLE intervention_venues (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    place TEXT,
    iso3 TEXT NOT NULL,
    PRIMARY KEY (intervention_id, position)
);

CREATE TABLE intervention_links (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    related_slug TEXT NOT NULL,
    PRIMARY KEY (intervention_id, related_slug)
);

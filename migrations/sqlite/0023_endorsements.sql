-- The governments a request is made by, each endorsed by its accountable official through a
-- single-use link (its SHA-256 only) before staff take the request past "submitted". Position
-- 0 is the requester's own (its country, or its regional organisation); the others
-- were named in the form as asking jointly, or came with a request joined into this one
-- (`joined_from`, that request's reference). Requests submitted before endorsements existed
-- have no rows and wait for none.
CREATE TABLE ta_endorsements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES ta_requests (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    country_iso3 TEXT REFERENCES countries (iso3),
    organisation_code TEXT REFERENCES regional_organisations (code),
    official_name TEXT NOT NULL,
    official_email TEXT NOT NULL,
    locale TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    asked_at TEXT NOT NULL,
    endorsed_at TEXT,
    joined_from TEXT,
    UNIQUE (request_id, position),
    CHECK ((country_iso3 IS NULL) <> (organisation_code IS NULL))
);

-- The lead official's address, asked for since endorsements exist.
ALTER TABLE ta_requests ADD COLUMN official_email TEXT;
-- A request joined into another is closed there (stage `joined`) and names it.
ALTER TABLE ta_requests ADD COLUMN joined_into_id INTEGER REFERENCES ta_requests (id) ON DELETE SET NULL;

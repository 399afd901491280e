-- A call's criteria are written in English (`grant_criteria`) and translated into each other
-- language the call is published in, one row per criterion and language.
CREATE TABLE grant_criterion_texts (
    call_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    guidance TEXT,
    PRIMARY KEY (call_id, position, locale),
    FOREIGN KEY (call_id, position) REFERENCES grant_criteria (call_id, position) ON DELETE CASCADE
);

-- A translation of an intervention carries its objective too, when the original has one.
ALTER TABLE intervention_translations ADD COLUMN objective TEXT;

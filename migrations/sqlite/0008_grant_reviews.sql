-- Reviewing grant applications, and what is decided. The PostgreSQL twin has the same tables.

-- A member of staff asked to review an application. They declare first: a declared conflict
-- of interest means they abstain and see nothing of it; otherwise they score each criterion.
CREATE TABLE grant_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES staff_users (id),
    -- assigned, conflict (abstains), clear (declared no conflict), scored
    state TEXT NOT NULL,
    conflict_details TEXT,
    declared_at TEXT,
    -- The reviewer's weighted total in tenths of a point (0 to 1000), once scored.
    total_tenths INTEGER,
    scored_at TEXT,
    assigned_at TEXT NOT NULL,
    UNIQUE (application_id, reviewer_id)
);
CREATE INDEX grant_reviews_reviewer_idx ON grant_reviews (reviewer_id);

-- One score (0 to 10) and comment per criterion of the call's rubric.
CREATE TABLE grant_review_scores (
    review_id INTEGER NOT NULL REFERENCES grant_reviews (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);

-- The decision (status funded, reserve or rejected) and its reason, sent to the applicant; a
-- funded project's place on the public map.
ALTER TABLE grant_applications ADD COLUMN decision_reason TEXT;
ALTER TABLE grant_applications ADD COLUMN decided_at TEXT;
ALTER TABLE grant_applications ADD COLUMN intervention_id INTEGER REFERENCES interventions (id);

-- The intervention: each planned activity of the fiche as it was carried out (its days, its
-- venue, NULL when held remotely, and who took part: women, men and everyone), and the
-- experts of the request's team who worked on it with their working days.
CREATE TABLE ta_activities_held (
    activity_id INTEGER PRIMARY KEY REFERENCES ta_fiche_activities (id) ON DELETE CASCADE,
    held_from TEXT NOT NULL,
    held_to TEXT NOT NULL,
    venue TEXT,
    women INTEGER NOT NULL,
    men INTEGER NOT NULL,
    total INTEGER NOT NULL,
    written_at TEXT NOT NULL
);

-- Names an expert: it hangs off experts, so erasing a profile removes its rows.
CREATE TABLE ta_activity_experts (
    activity_id INTEGER NOT NULL REFERENCES ta_fiche_activities (id) ON DELETE CASCADE,
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    days INTEGER NOT NULL,
    PRIMARY KEY (activity_id, expert_id)
);
CREATE INDEX ta_activity_experts_expert_idx ON ta_activity_experts (expert_id);

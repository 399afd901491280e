-- The intervention: each planned activity of the fiche as it was carried out (its days, its
-- venue, NULL when held remotely, and who took part: women, men and everyone), and the
-- experts of the request's team who worked on it with their working days.
CREATE TABLE ta_activities_held (
    activity_id BIGINT PRIMARY KEY REFERENCES ta_fiche_activities (id) ON DELETE CASCADE,
    held_from TEXT NOT NULL,
    held_to TEXT NOT NULL,
    venue TEXT,
    women BIGINT NOT NULL,
    men BIGINT NOT NULL,
    total BIGINT NOT NULL,
    written_at TEXT NOT NULL
);

-- Names an expert: it hangs off experts, so erasing a profile removes its rows.
CREATE TABLE ta_activity_experts (
    activity_id BIGINT NOT NULL REFERENCES ta_fiche_activities (id) ON DELETE CASCADE,
    expert_id BIGINT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    days BIGINT NOT NULL,
    PRIMARY KEY (activity_id, expert_id)
);
CREATE INDEX ta_activity_experts_expert_idx ON ta_activity_experts (expert_id);

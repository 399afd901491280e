-- A published intervention's title and summary can be read in several languages. The
-- interventions row keeps the text in the language it was written in (`language`); the
-- translations sit beside it, one row per language.
ALTER TABLE interventions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- The view's `*` was expanded when it was created: recreate it to carry the new column.
DROP VIEW public_interventions;
CREATE VIEW public_interventions AS SELECT * FROM interventions WHERE publishable = 1;

CREATE TABLE intervention_translations (
    intervention_id INTEGER NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- Title and summary folded like interventions.search_text, so the map's search finds
    -- an intervention by the words of any of its translations.
    search_text TEXT NOT NULL,
    PRIMARY KEY (intervention_id, locale)
);

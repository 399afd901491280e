-- Some interventions (readmission, trafficking) are sensitive: staff keep them off every
-- public page and export (publishable = 0). Public reads go through the view, so no query
-- can forget the flag.
ALTER TABLE interventions ADD COLUMN publishable INTEGER NOT NULL DEFAULT 1;

-- `*` is expanded when the view is created: recreate it when interventions gains a column.
CREATE VIEW public_interventions AS SELECT * FROM interventions WHERE publishable = 1;

-- Expert sessions are kept like staff sessions, so that experts too can see where they are
-- signed in: the browser they were opened with, and when they end at the latest (4 hours
-- after opening, as the portal has always counted them).
ALTER TABLE expert_sessions ADD COLUMN device TEXT;
ALTER TABLE expert_sessions ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
UPDATE expert_sessions
SET expires_at = to_char((created_at::timestamptz + interval '4 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');

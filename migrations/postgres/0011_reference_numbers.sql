-- Hands out the next reference number of a kind and year. Called on its own (autocommit),
-- its transaction commits without waiting for the disk, so the counter row is locked for
-- one statement only; app/src/db/numbering.rs says why that is still durable.
CREATE FUNCTION next_reference_number(counter_kind TEXT, counter_year BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    taken BIGINT;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    INSERT INTO reference_counters (kind, year, last_number) VALUES (counter_kind, counter_year, 1)
        ON CONFLICT (kind, year) DO UPDATE SET last_number = reference_counters.last_number + 1
        RETURNING last_number INTO taken;
    RETURN taken;
END
$$;

-- Delivery of the outbox over SMTP by any instance: a message is claimed for a short while
-- before sending, so two instances never send it twice at once.
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;

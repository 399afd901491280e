-- Rate limits shared by every instance: hits per subject in fixed windows. The subject is
-- the SHA-256 of a client address or an account, never the address itself.
CREATE TABLE rate_counters (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);

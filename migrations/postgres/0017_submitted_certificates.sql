-- The registration certificate as it stood at the application's last submission: what staff
-- read and download. An upload after submitting changes only the working copy
-- (`grant_certificates`) until the applicant submits again. Both rows may name the same file.
CREATE TABLE grant_submitted_certificates (
    application_id BIGINT PRIMARY KEY REFERENCES grant_applications (id) ON DELETE CASCADE,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
INSERT INTO grant_submitted_certificates (application_id, original_name, stored_name, size_bytes, sha256, uploaded_at)
SELECT c.application_id, c.original_name, c.stored_name, c.size_bytes, c.sha256, c.uploaded_at
FROM grant_certificates c JOIN grant_applications a ON a.id = c.application_id
WHERE a.reference IS NOT NULL;

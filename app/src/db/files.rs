//! Which uploaded files the database points at (the files themselves live in
//! `PORTAL_FILES_DIR`; the server sweeps away any the database does not name).

use sqlx::Row;

use super::Pool;

/// Every stored name a row points at: request letters, CVs and grant certificates
/// (the working copies and the submitted ones).
pub async fn referenced_names(pool: &Pool) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    sqlx::query(
        "SELECT stored_name FROM ta_attachments
         UNION ALL SELECT stored_name FROM expert_cvs
         UNION ALL SELECT stored_name FROM grant_certificates
         UNION ALL SELECT stored_name FROM grant_submitted_certificates",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| row.try_get(0))
    .collect()
}

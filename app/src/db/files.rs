//! Uploaded files as the database records them (the files themselves live in
//! `PORTAL_FILES_DIR`; the server sweeps away any the database does not name). Every form
//! keeps its file the same way: one row per owner in a table of its own, replaced whole by a
//! new upload, the replaced file deleted by the caller once the replacement has committed.

use sqlx::Row;

use super::{Pool, WriteTx};
use crate::domain::file::AttachedFile;

/// A file the upload handler has stored, for a row to record.
pub struct NewFile<'a> {
    pub original_name: &'a str,
    pub stored_name: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
}

/// Where a form keeps its one file per owner. Every such table has the columns
/// `original_name`, `stored_name`, `size_bytes` and `sha256`.
#[derive(Clone, Copy, Debug)]
pub struct FileSlot {
    pub table: &'static str,
    /// The column naming the owner (the draft, the profile, the application).
    pub owner: &'static str,
    /// The column recording when the file came.
    pub received_at: &'static str,
    /// Which of the owner's rows an upload replaces (SQL; `1 = 1` for all): a request's
    /// letter, once submitted, belongs to the request and stays.
    pub replaces: &'static str,
    /// Another table whose rows may name the same stored file: a file named there is not
    /// deleted when replaced here.
    pub shared_with: Option<&'static str>,
}

/// The owner's file in `slot`, if one is attached.
pub async fn attached(pool: &Pool, slot: FileSlot, owner_id: i64) -> Result<Option<AttachedFile>, sqlx::Error> {
    let sql = format!("SELECT original_name, size_bytes FROM {} WHERE {} = $1", slot.table, slot.owner);
    sqlx::query(&sql)
        .bind(owner_id)
        .fetch_optional(pool)
        .await?
        .map(|row| Ok(AttachedFile { name: row.try_get(0)?, size_bytes: row.try_get(1)? }))
        .transpose()
}

/// The name the owner's file in `slot` was sent under and the name it is stored under.
pub async fn stored(pool: &Pool, slot: FileSlot, owner_id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let sql = format!("SELECT original_name, stored_name FROM {} WHERE {} = $1", slot.table, slot.owner);
    sqlx::query(&sql)
        .bind(owner_id)
        .fetch_optional(pool)
        .await?
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .transpose()
}

/// Records `new` as the owner's file in `slot` in place of the one there; returns the stored
/// names of files no row names any more, for the caller to delete once `tx` has committed.
pub async fn replace_in(
    tx: &mut WriteTx,
    slot: FileSlot,
    owner_id: i64,
    new: &NewFile<'_>,
    now: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let FileSlot { table, owner, received_at, replaces, shared_with } = slot;
    let kept_elsewhere = match shared_with {
        Some(other) => format!(" AND stored_name NOT IN (SELECT stored_name FROM {other} WHERE {owner} = $1)"),
        None => String::new(),
    };
    let replaced =
        sqlx::query(&format!("SELECT stored_name FROM {table} WHERE {owner} = $1 AND {replaces}{kept_elsewhere}"))
            .bind(owner_id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<Vec<String>, _>>()?;
    sqlx::query(&format!("DELETE FROM {table} WHERE {owner} = $1 AND {replaces}"))
        .bind(owner_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO {table} ({owner}, original_name, stored_name, size_bytes, sha256, {received_at})
         VALUES ($1, $2, $3, $4, $5, $6)"
    ))
    .bind(owner_id)
    .bind(new.original_name)
    .bind(new.stored_name)
    .bind(new.size_bytes)
    .bind(new.sha256)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(replaced)
}

/// `replace_in` in a transaction of its own.
pub async fn replace(
    pool: &Pool,
    slot: FileSlot,
    owner_id: i64,
    new: &NewFile<'_>,
    now: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let replaced = replace_in(&mut tx, slot, owner_id, new, now).await?;
    tx.commit().await?;
    Ok(replaced)
}

/// Every stored name a row points at: request letters and stage documents, CVs and grant
/// certificates (the working copies and the submitted ones).
pub async fn referenced_names(pool: &Pool) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    sqlx::query(
        "SELECT stored_name FROM ta_attachments
         UNION ALL SELECT stored_name FROM ta_documents
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

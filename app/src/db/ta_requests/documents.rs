//! The documents of a request's stages (the baseline's report, the intervention's outputs):
//! several per request and stage, each public (the requester and the public read it) or
//! kept for staff. The files are in the files folder, recorded once complete there.

use sqlx::Row;

use super::cycle::{audited_stage_write, StageWrite};
use crate::db::files::NewFile;
use crate::db::Pool;
use crate::domain::file::AttachedFile;
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{StageDocument, StageFile};
use crate::domain::ta_request::StoredRequest;

/// Which of a stage's documents a reader gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentsFor {
    /// Every document.
    Staff,
    /// The public ones only (the requester, the public).
    Public,
}

/// The documents of `stage`'s work that `reader` may see, oldest first.
pub async fn stage_documents(
    pool: &Pool,
    request_id: i64,
    stage: Stage,
    reader: DocumentsFor,
) -> Result<Vec<StageFile>, sqlx::Error> {
    let public_only = reader == DocumentsFor::Public;
    sqlx::query(
        "SELECT id, title, public, original_name, size_bytes, received_at FROM ta_documents
         WHERE request_id = $1 AND stage = $2 AND (public = 1 OR $3 = 0) ORDER BY id",
    )
    .bind(request_id)
    .bind(stage.as_str())
    .bind(i64::from(public_only))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(StageFile {
            id: r.try_get(0)?,
            title: r.try_get(1)?,
            public: r.try_get::<i64, _>(2)? == 1,
            file: AttachedFile { name: r.try_get(3)?, size_bytes: r.try_get(4)? },
            received_at: r.try_get(5)?,
        })
    })
    .collect()
}

/// Document `id` of the request, if `reader` may have it: the name it was sent under and
/// the name it is stored under.
pub async fn stage_document_file(
    pool: &Pool,
    request_id: i64,
    id: i64,
    reader: DocumentsFor,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT original_name, stored_name FROM ta_documents
         WHERE request_id = $1 AND id = $2 AND (public = 1 OR $3 = 0)",
    )
    .bind(request_id)
    .bind(id)
    .bind(i64::from(reader == DocumentsFor::Public))
    .fetch_optional(pool)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// A public document of the TA behind the public intervention `slug`: (name sent, stored
/// name), or `None` (a staff-only document, or an intervention staff keep for themselves).
pub async fn published_document_file(
    pool: &Pool,
    slug: &str,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT d.original_name, d.stored_name FROM ta_documents d
         JOIN ta_requests r ON r.id = d.request_id
         JOIN public_interventions i ON i.id = r.intervention_id
         WHERE i.slug = $1 AND d.id = $2 AND d.public = 1",
    )
    .bind(slug)
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// Records an uploaded document of `stage`'s work (the file is already in the files folder).
pub async fn add_stage_document(
    pool: &Pool,
    request: &StoredRequest,
    stage: Stage,
    document: &StageDocument,
    file: &NewFile<'_>,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let action = format!("{}_add_document", stage.as_str());
    audited_stage_write(pool, request, stage, actor, &action, now, async |tx| {
        sqlx::query(
            "INSERT INTO ta_documents (request_id, stage, title, public, original_name, stored_name, size_bytes,
                 sha256, received_at, received_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(request.id)
        .bind(stage.as_str())
        .bind(document.document_title.clone())
        .bind(i64::from(document.is_public()))
        .bind(file.original_name)
        .bind(file.stored_name)
        .bind(file.size_bytes)
        .bind(file.sha256)
        .bind(now)
        .bind(actor)
        .execute(&mut **tx)
        .await?;
        let audience = if document.is_public() { "public" } else { "staff" };
        Ok(Some((None, document.document_title.as_ref().map(|t| format!("{t} ({}, {audience})", file.original_name)))))
    })
    .await
}

/// Removes document `id` of `stage`'s work; with `Done`, the stored name to delete once
/// committed.
pub async fn remove_stage_document(
    pool: &Pool,
    request: &StoredRequest,
    stage: Stage,
    id: i64,
    actor: &str,
    now: &str,
) -> Result<(StageWrite, Option<String>), sqlx::Error> {
    let action = format!("{}_remove_document", stage.as_str());
    let mut stored_name = None;
    let outcome = audited_stage_write(pool, request, stage, actor, &action, now, async |tx| {
        let removed = sqlx::query(
            "DELETE FROM ta_documents WHERE id = $1 AND request_id = $2 AND stage = $3 RETURNING title, stored_name",
        )
        .bind(id)
        .bind(request.id)
        .bind(stage.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = removed else { return Ok(None) };
        stored_name = Some(row.try_get::<String, _>(1)?);
        Ok(Some((Some(row.try_get(0)?), None)))
    })
    .await?;
    Ok((outcome, stored_name.filter(|_| outcome == StageWrite::Done)))
}

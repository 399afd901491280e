//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page; the concept note between them, the TA fiche staff write
//! and its consultation round, answered by each consultee's own link.

pub mod back_office;
pub mod concept_note;
pub mod consultation;
pub mod fiche;
pub mod form;
pub mod tracking;

use app::domain::stage::Stage;
use app::domain::ta_request::StoredRequest;
use axum::http::request::Parts;
use axum::response::Response;

use crate::routes::render::{found_or_404, internal_error, refuse, Answer, Refusal};
use crate::routes::uploads;
use crate::AppState;

/// Letter `id` of the request `request_id` as a PDF download, or the not-found page (one
/// of another request too). Never shown inline, never cached.
async fn attachment_download(state: &AppState, parts: &Parts, request_id: i64, id: i64) -> Answer {
    let found = app::db::ta_requests::attachment_file(&state.pool, request_id, id).await;
    let (name, stored_name) = found_or_404(state, parts, found).await?;
    let bytes = tokio::fs::read(state.files_dir.join(&stored_name))
        .await
        .map_err(|error| internal_error(format!("attachment {stored_name} unreadable: {error}")))?;
    Ok(uploads::pdf_download(&name, bytes))
}

/// Refuses (409) a write to a stage's work once the request is no longer at `stage`.
fn at_stage(request: &StoredRequest, stage: Stage, parts: &Parts) -> Result<(), Response> {
    if request.stage == stage {
        Ok(())
    } else {
        Err(refuse(&parts.headers, Refusal::RequestMovedOn))
    }
}

//! The documents of a stage's work (the baseline's report, the intervention's outputs), the
//! same way at every stage: uploaded on the stage's page (multipart: the PDF, its title and
//! who may read it; one file per post), removed, and downloaded by staff (every one) and by
//! the tracking link's holder and, once the TA is on the map, anyone (public ones only).

use app::db::ta_requests::{self, DocumentsFor, StageWrite};
use app::domain::form::{FieldError, Problem, RawForm};
use app::domain::steps::{check, StepFields};
use app::domain::ta_cycle::{StageDocument, STAGE_DOCUMENT_FILE};
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use super::back_office::covered_request;
use super::tracking::tracked_request;
use super::{covered_at_stage, StagePage};
use crate::auth::Staff;
use crate::routes::render::{internal_error, refuse, Answer, Refusal};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

/// The downloads; each stage's router takes `add` and `remove` for its own path.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{reference}/documents/{id}", get(staff_download))
        .route("/requests/track/{token}/documents/{id}", get(requester_download))
        .route("/interventions/{slug}/documents/{id}", get(public_download))
}

/// A document of `P`'s stage: checked with its title and audience, kept, recorded; with a
/// problem, nothing is kept and the page says why by each field.
pub(super) async fn add<P: StagePage>(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    request: Request,
) -> Answer {
    let (parts, body) = request.into_parts();
    let (stored, parts) = covered_at_stage(&state, &user, &reference, parts, P::STAGE).await?;
    let upload = Request::from_parts(parts.clone(), body);
    let owner = format!("staff:{}", user.actor());
    let post = uploads::read_pdf_post(&state, upload, &owner, &STAGE_DOCUMENT_FILE, StageDocument::FIELDS).await?;
    let checked = check::<StageDocument>(&post.texts, &());
    let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some((file_problems, file_status)) = post.refusal() {
        problems.extend(file_problems);
        status = file_status;
    } else if post.file.is_none() {
        problems.push(FieldError::new(STAGE_DOCUMENT_FILE.name, Problem::Required));
    }
    let (document, file) = match (checked, post.file) {
        (Ok(document), Some(file)) if problems.is_empty() => (document, file),
        (_, file) => {
            // Nothing is recorded: a file kept from this post is not wanted.
            if let Some(file) = file {
                crate::files::discard(&state.files_dir, [file.stored_name]).await;
            }
            return Err(P::with_problems(&state, parts, user, stored, post.texts, problems, status).await);
        }
    };
    let (actor, now) = (user.actor(), now_rfc3339());
    let outcome =
        ta_requests::add_stage_document(&state.pool, &stored, P::STAGE, &document, &file.as_new(), &actor, &now).await;
    if !matches!(outcome, Ok(StageWrite::Done)) {
        // Not recorded (the request moved on, or the database failed): the file goes.
        crate::files::discard(&state.files_dir, [file.stored_name]).await;
    }
    P::written(outcome.map_err(internal_error)?, &reference, &parts)
}

/// Removes a document of `P`'s stage, and its file once that is committed.
pub(super) async fn remove<P: StagePage>(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, P::STAGE).await?;
    let form = RawForm::from_urlencoded(&body);
    let Some(id) = form.raw("id").parse::<i64>().ok().filter(|id| *id > 0) else {
        return Err(refuse(&parts.headers, Refusal::NoRowNamed));
    };
    let (outcome, removed) =
        ta_requests::remove_stage_document(&state.pool, &request, P::STAGE, id, &user.actor(), &now_rfc3339())
            .await
            .map_err(internal_error)?;
    crate::files::discard(&state.files_dir, removed).await;
    P::written(outcome, &reference, &parts)
}

async fn staff_download(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((reference, id)): Path<(String, i64)>,
    parts: Parts,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let found = ta_requests::stage_document_file(&state.pool, request.id, id, DocumentsFor::Staff).await;
    super::stored_pdf(&state, &parts, found).await
}

/// A public document of the request, for whoever holds its tracking link.
async fn requester_download(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
    parts: Parts,
) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    let found = ta_requests::stage_document_file(&state.pool, request.id, id, DocumentsFor::Public).await;
    super::stored_pdf(&state, &parts, found).await
}

/// A public document of a TA shown on the map, for anyone (404 once staff keep it for
/// themselves).
async fn public_download(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, parts: Parts) -> Answer {
    let found = ta_requests::published_document_file(&state.pool, &slug, id).await;
    super::stored_pdf(&state, &parts, found).await
}

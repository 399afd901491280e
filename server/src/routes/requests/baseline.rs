//! The baseline assessment's staff page and its forms: findings, an indicator's starting
//! value, a document (PDF, one per post) and removing one; and a stage document's download,
//! for staff (every one) and for the tracking link's holder (public ones). Writes happen only
//! at the baseline stage (409 otherwise); a problem renders the page again with what was
//! typed (422); every success goes back to the page.

use std::future::Future;

use app::db::ta_requests::{self, DocumentsFor, StageWrite};
use app::domain::form::{FieldError, RawForm};
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::steps::check;
use app::domain::ta_cycle::{BaselineChoices, BaselineFindings, IndicatorBaseline, StageDocument, STAGE_DOCUMENT_FILE};
use app::domain::ta_request::StoredRequest;
use app::pages::requests::baseline::BaselineView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use super::back_office::covered_request;
use super::tracking::tracked_request;
use super::{covered_at_stage, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::{upload_body_limit, STAFF_FORM_BODY_LIMIT};
use crate::routes::render::{at_path, internal_error, refuse, render, Answer, Refusal};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/requests/{reference}/baseline"];

pub fn router() -> Router<AppState> {
    let forms = Router::new()
        .route("/staff/requests/{reference}/baseline/findings", post(save_findings))
        .route("/staff/requests/{reference}/baseline/indicators", post(set_starting_value))
        .route("/staff/requests/{reference}/baseline/documents/remove", post(remove_document))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT));
    Router::new()
        .route("/staff/requests/{reference}/baseline", get(baseline_page))
        .route(
            "/staff/requests/{reference}/baseline/documents",
            post(add_document).layer(DefaultBodyLimit::max(upload_body_limit(&STAGE_DOCUMENT_FILE))),
        )
        .route("/staff/requests/{reference}/documents/{id}", get(staff_download))
        .route("/requests/track/{token}/documents/{id}", get(requester_download))
        .merge(forms)
}

fn baseline_path(reference: &str) -> String {
    format!("/staff/requests/{reference}/baseline")
}

async fn baseline_view(
    state: &AppState,
    user: StaffUser,
    request: StoredRequest,
    saved: bool,
    (typed, problems): (RawForm, Vec<FieldError>),
) -> Result<BaselineView, sqlx::Error> {
    let fiche = ta_requests::fiche_work(&state.pool, request.id).await?;
    let work = ta_requests::baseline_work(&state.pool, request.id, DocumentsFor::Staff).await?;
    Ok(BaselineView { user, request, fiche, work, saved, typed, problems })
}

async fn baseline_page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let saved = parts.uri.query() == Some("done=baseline");
    let view = baseline_view(&state, user, request, saved, Default::default()).await.map_err(internal_error)?;
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The baseline's page again with `problems` next to their fields and what was typed kept.
async fn with_problems(
    state: &AppState,
    parts: Parts,
    user: StaffUser,
    request: StoredRequest,
    typed: RawForm,
    problems: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    let parts = at_path(parts, &baseline_path(&request.reference));
    match baseline_view(state, user, request, false, (typed, problems)).await {
        Ok(view) => render(state, parts, view, status).await,
        Err(error) => internal_error(error),
    }
}

/// What a write's outcome answers: back to the page, or the stage moved on.
fn written(outcome: StageWrite, reference: &str, parts: &Parts) -> Answer {
    match outcome {
        StageWrite::Done => Ok(Redirect::to(&format!("{}?done=baseline", baseline_path(reference))).into_response()),
        StageWrite::NotAtStage | StageWrite::InConsultation => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
        // A document removed meanwhile (two staff, or a second click): it is gone, as wanted.
        StageWrite::NoSuchRow => Ok(Redirect::to(&baseline_path(reference)).into_response()),
    }
}

/// The baseline's page, for the parts posted to it.
struct BaselinePage;

impl StagePage for BaselinePage {
    const STAGE: Stage = Stage::BaselineAssessment;

    fn with_problems(
        state: &AppState,
        parts: Parts,
        user: StaffUser,
        request: StoredRequest,
        typed: RawForm,
        problems: Vec<FieldError>,
    ) -> impl Future<Output = Response> + Send {
        with_problems(state, parts, user, request, typed, problems, StatusCode::UNPROCESSABLE_ENTITY)
    }

    fn written(outcome: StageWrite, reference: &str, parts: &Parts) -> Answer {
        written(outcome, reference, parts)
    }
}

async fn save_findings(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<BaselinePage, BaselineFindings, _>(
        state,
        user,
        reference,
        (parts, body),
        &(),
        ta_requests::save_baseline_findings,
    )
    .await
}

async fn set_starting_value(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, _) = covered_at_stage(&state, &user, &reference, parts.clone(), Stage::BaselineAssessment).await?;
    let indicators = ta_requests::fiche_indicator_ids(&state.pool, request.id).await.map_err(internal_error)?;
    let choices = BaselineChoices { indicators, today: time::OffsetDateTime::now_utc().date() };
    write_part::<BaselinePage, IndicatorBaseline, _>(
        state,
        user,
        reference,
        (parts, body),
        &choices,
        ta_requests::set_starting_value,
    )
    .await
}

async fn add_document(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    request: Request,
) -> Answer {
    let (parts, body) = request.into_parts();
    let (stored, parts) = covered_at_stage(&state, &user, &reference, parts, Stage::BaselineAssessment).await?;
    let upload = Request::from_parts(parts.clone(), body);
    let owner = format!("staff:{}", user.actor());
    let texts = ["document_title", "audience"];
    let post = uploads::read_pdf_post(&state, upload, &owner, &STAGE_DOCUMENT_FILE, &texts).await?;
    let checked = check::<StageDocument>(&post.texts, &());
    let missing_file = post.file.is_none() && post.problem.is_none();
    let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some((file_problems, file_status)) = post.refusal() {
        problems.extend(file_problems);
        status = file_status;
    } else if missing_file {
        problems.push(FieldError::new(STAGE_DOCUMENT_FILE.name, app::domain::form::Problem::Required));
    }
    let (document, file) = match (checked, post.file) {
        (Ok(document), Some(file)) if problems.is_empty() => (document, file),
        (_, file) => {
            // Nothing is recorded: a file kept from this post is not wanted.
            if let Some(file) = file {
                crate::files::discard(&state.files_dir, [file.stored_name]).await;
            }
            return Err(with_problems(&state, parts, user, stored, post.texts, problems, status).await);
        }
    };
    let stage = Stage::BaselineAssessment;
    let outcome = ta_requests::add_stage_document(
        &state.pool,
        &stored,
        stage,
        &document,
        &file.as_new(),
        &user.actor(),
        &now_rfc3339(),
    )
    .await;
    if !matches!(outcome, Ok(StageWrite::Done)) {
        // Not recorded (the request moved on, or the database failed): the file goes.
        crate::files::discard(&state.files_dir, [file.stored_name]).await;
    }
    written(outcome.map_err(internal_error)?, &reference, &parts)
}

async fn remove_document(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, Stage::BaselineAssessment).await?;
    let form = RawForm::from_urlencoded(&body);
    let Some(id) = form.raw("id").parse::<i64>().ok().filter(|id| *id > 0) else {
        return Err(refuse(&parts.headers, Refusal::NoRowNamed));
    };
    let stage = Stage::BaselineAssessment;
    let (outcome, removed) =
        ta_requests::remove_stage_document(&state.pool, &request, stage, id, &user.actor(), &now_rfc3339())
            .await
            .map_err(internal_error)?;
    crate::files::discard(&state.files_dir, removed).await;
    written(outcome, &reference, &parts)
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

//! The tracking page, reached by the secret link in the receipt: the requester follows the
//! request through its stages, replies to staff and may withdraw it.

use app::db::ta_requests::{self, DocumentsFor};
use app::domain::form::FieldError;
use app::domain::form::{Problem, RawForm};
use app::domain::stage::Stage;
use app::domain::ta_request::{StoredRequest, NOTE_MAX};
use app::i18n::Locale;
use app::mail::{self, OutgoingMail};
use app::pages::requests::tracking::{TrackingOutcome, TrackingView};
use app::secret::{looks_like_token, token_hash};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::limits;
use crate::routes::render::{at_path, found_or_404, internal_error, not_found, refuse, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/requests/track/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests/track/{token}", get(track))
        .route("/requests/track/{token}/reply", post(reply))
        .route("/requests/track/{token}/withdraw", post(withdraw))
        .route("/requests/track/{token}/attachments/{id}", get(download_attachment))
        .layer(axum::extract::DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
}

#[derive(Deserialize)]
struct TrackQuery {
    submitted: Option<String>,
    done: Option<String>,
}

async fn track(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    parts: Parts,
) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    let mut view = tracking_view(&state, &token, request).await?;
    view.just_submitted = query.submitted.as_deref() == Some("1");
    view.outcome = match query.done.as_deref() {
        Some("reply") => Some(TrackingOutcome::Replied),
        Some("withdrawn") => Some(TrackingOutcome::Withdrawn),
        Some("comment") => Some(TrackingOutcome::Commented),
        Some("agreed") => Some(TrackingOutcome::Agreed),
        Some("assessed") => Some(TrackingOutcome::Assessed),
        _ => None,
    };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The tracking page of `request`, reached by `token`, with nothing just done.
pub(super) async fn tracking_view(
    state: &AppState,
    token: &str,
    request: StoredRequest,
) -> Result<TrackingView, Response> {
    let history = ta_requests::history(&state.pool, request.id).await.map_err(internal_error)?;
    let attachments = ta_requests::request_attachments(&state.pool, request.id).await.map_err(internal_error)?;
    let concept_note = ta_requests::concept_note_work(&state.pool, request.id).await.map_err(internal_error)?;
    let fiche = ta_requests::fiche_work(&state.pool, request.id).await.map_err(internal_error)?;
    let consultation = ta_requests::consultation(&state.pool, request.id).await.map_err(internal_error)?;
    let baseline =
        ta_requests::baseline_work(&state.pool, request.id, DocumentsFor::Public).await.map_err(internal_error)?;
    let intervention =
        ta_requests::intervention_work(&state.pool, request.id, DocumentsFor::Public).await.map_err(internal_error)?;
    let completion = ta_requests::completion_work(&state.pool, request.id).await.map_err(internal_error)?;
    let follows = ta_requests::follows(&state.pool, request.id).await.map_err(internal_error)?;
    let endorsements = ta_requests::endorsements(&state.pool, request.id).await.map_err(internal_error)?;
    Ok(TrackingView {
        request,
        history,
        attachments,
        concept_note,
        fiche,
        consultation,
        baseline,
        intervention,
        completion,
        follows,
        endorsements,
        now: now_rfc3339(),
        path: tracking_path(token),
        just_submitted: false,
        outcome: None,
        typed: RawForm::default(),
        problems: Vec::new(),
    })
}

/// The tracking page again, as `view` changes it (an outcome, problems), answering `status`.
pub(super) async fn tracking_again(
    state: &AppState,
    token: &str,
    parts: Parts,
    request: StoredRequest,
    view: impl FnOnce(TrackingView) -> TrackingView,
    status: StatusCode,
) -> Response {
    let parts = at_path(parts, &tracking_path(token));
    match tracking_view(state, token, request).await {
        Ok(page) => render(state, parts, view(page), status).await,
        Err(response) => response,
    }
}

pub(super) fn tracking_path(token: &str) -> String {
    format!("/requests/track/{token}")
}

/// The request behind a tracking secret, or the answer for a bad one.
pub(super) async fn tracked_request(state: &AppState, token: &str, parts: &Parts) -> Result<StoredRequest, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    found_or_404(state, parts, ta_requests::find_by_tracking(&state.pool, &token_hash(token)).await).await
}

/// The requester writes to the programme; the staff holding the file get an e-mail.
async fn reply(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    if request.stage.is_final() {
        return Err(refuse(&parts.headers, Refusal::RequestClosed));
    }
    let form = RawForm::from_urlencoded(&body).only(&["message"]);
    let problem = match form.text("message") {
        None => Some(Problem::Required),
        Some(text) => app::domain::form::rules::at_most(&text, NOTE_MAX).err(),
    };
    if let Some(problem) = problem {
        let view = TrackingView {
            typed: form,
            problems: vec![FieldError::new("message", problem)],
            ..tracking_view(&state, &token, request).await?
        };
        let parts = at_path(parts, &tracking_path(&token));
        return Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let text = form.text("message").unwrap_or_default();
    let mails = notices_to_holders(&state, &request, |to, staff_link| {
        mail::requester_reply(to, &request.reference, &text, staff_link)
    })
    .await?;
    ta_requests::add_reply(&state.pool, &request, &text, &mails, &now_rfc3339()).await.map_err(internal_error)?;
    Ok(Redirect::to(&format!("{}?done=reply", tracking_path(&token))).into_response())
}

/// The e-mails `write` makes (from an address and the request's staff page) for the staff
/// holding `request`. Each is counted per recipient and request: past the limit the holder is
/// not e-mailed again this hour, and reads what came on the request's page.
pub(super) async fn notices_to_holders(
    state: &AppState,
    request: &StoredRequest,
    write: impl Fn(&str, &str) -> OutgoingMail,
) -> Result<Vec<OutgoingMail>, Response> {
    let staff_link = format!("{}/staff/requests/{}", state.public_url, request.reference);
    let mut connection = state.pool.acquire().await.map_err(internal_error)?;
    let holders = ta_requests::holders(&mut connection, request.region.as_deref()).await.map_err(internal_error)?;
    drop(connection);
    let mut mails = Vec::new();
    let now = time::OffsetDateTime::now_utc();
    for to in holders {
        let subject = format!("{to} {}", request.reference);
        if limits::check(state, limits::NOTICES_PER_RECIPIENT, &subject, now).await.is_ok() {
            mails.push(write(&to, &staff_link));
        }
    }
    Ok(mails)
}

/// The requester withdraws the request (from any stage that is not final).
async fn withdraw(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    let from = Stage::parse(RawForm::from_urlencoded(&body).raw("from"));
    if from != Some(request.stage) || !request.stage.can_move_to(Stage::Withdrawn) {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    let locale = Locale::from_code(&request.locale).unwrap_or_default();
    let to = request.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::stage_update(locale, &to, &request.reference, Stage::Withdrawn, None);
    let now = now_rfc3339();
    let requester = ta_requests::REQUESTER;
    let moved = ta_requests::move_stage(
        &state.pool,
        &request,
        request.stage,
        Stage::Withdrawn,
        requester,
        None,
        &message,
        &now,
    )
    .await
    .map_err(internal_error)?;
    if moved != ta_requests::Move::Done {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    Ok(Redirect::to(&format!("{}?done=withdrawn", tracking_path(&token))).into_response())
}

/// A letter of the request, for whoever holds its tracking link.
async fn download_attachment(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i64)>,
    parts: Parts,
) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    super::attachment_download(&state, &parts, request.id, id).await
}

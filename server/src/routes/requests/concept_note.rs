//! The concept note: staff save each version from the request's back-office page; the
//! requester comments on it and agrees to it from the tracking page. All three writes happen
//! only at the concept-note stage; the move to the TA fiche waits for the agreement
//! (`db::ta_requests::move_stage`).

use app::db::ta_requests::{self, NoteWrite};
use app::domain::form::RawForm;
use app::domain::stage::Stage;
use app::domain::steps::check;
use app::domain::ta_cycle::{Comment, ConceptNoteText};
use app::i18n::Locale;
use app::mail;
use app::pages::requests::back_office::ActionOutcome;
use app::pages::requests::tracking::{TrackingOutcome, TrackingView};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

use super::back_office::{page_again, with_problems};
use super::tracking::{notices_to_holders, tracked_request, tracking_again, tracking_path};
use super::{at_stage, covered_at_stage};
use crate::auth::Staff;
use crate::routes::render::{internal_error, refuse, Answer, Refusal};
use crate::{now_rfc3339, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{reference}/concept-note", post(save))
        .route("/requests/track/{token}/concept-note/comment", post(comment))
        .route("/requests/track/{token}/concept-note/agree", post(agree))
        .layer(DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
}

/// The version a form names (`version`), or the 400 saying the form was not the page's.
fn posted_version(form: &RawForm, parts: &Parts) -> Result<i64, Response> {
    form.raw("version").parse().ok().filter(|v| *v >= 0).ok_or_else(|| refuse(&parts.headers, Refusal::NoVersionNamed))
}

/// Staff save the next version; the requester is told by e-mail.
async fn save(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, Stage::ConceptNote).await?;
    let form = RawForm::from_urlencoded(&body);
    let based_on = posted_version(&form, &parts)?;
    let text = match check::<ConceptNoteText>(&form, &()) {
        Ok(text) => text,
        Err(problems) => return Err(with_problems(&state, parts, user, request, form, problems).await),
    };
    let locale = Locale::from_code(&request.locale).unwrap_or_default();
    let to = request.focal_point.focal_email.clone().unwrap_or_default();
    let told = mail::concept_note_ready(locale, &to, &request.reference, based_on + 1);
    let now = now_rfc3339();
    match ta_requests::save_concept_note(&state.pool, &request, based_on, &text, &user.actor(), &told, &now)
        .await
        .map_err(internal_error)?
    {
        NoteWrite::Done(_) => {
            Ok(Redirect::to(&format!("/staff/requests/{reference}?done=concept-note")).into_response())
        }
        NoteWrite::NotAtStage => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
        NoteWrite::Stale => {
            let outcome = Some(ActionOutcome::NoteChangedMeanwhile);
            Err(page_again(&state, parts, user, request, outcome, (form, Vec::new()), StatusCode::CONFLICT).await)
        }
    }
}

/// The requester comments on the note as it stands; the staff holding the request are told.
async fn comment(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    at_stage(&request, Stage::ConceptNote, &parts)?;
    let form = RawForm::from_urlencoded(&body).only(&["comment"]);
    let text = match check::<Comment>(&form, &()) {
        Ok(Comment { comment }) => comment.unwrap_or_default(),
        Err(problems) => {
            let with_problems = |page| TrackingView { typed: form, problems, ..page };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(tracking_again(&state, &token, parts, request, with_problems, status).await);
        }
    };
    let note = ta_requests::concept_note_work(&state.pool, request.id).await.map_err(internal_error)?;
    let version = note.note.map_or(0, |n| n.version);
    let mails = notices_to_holders(&state, &request, |to, staff_link| {
        mail::concept_note_comment(to, &request.reference, version, &text, staff_link)
    })
    .await?;
    match ta_requests::comment_on_concept_note(&state.pool, &request, &text, &mails, &now_rfc3339())
        .await
        .map_err(internal_error)?
    {
        NoteWrite::Done(_) => Ok(Redirect::to(&format!("{}?done=comment", tracking_path(&token))).into_response()),
        NoteWrite::NotAtStage | NoteWrite::Stale => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
    }
}

/// The requester agrees to the version the page showed, if it is still the latest.
async fn agree(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    at_stage(&request, Stage::ConceptNote, &parts)?;
    let version = posted_version(&RawForm::from_urlencoded(&body), &parts)?;
    let mails = notices_to_holders(&state, &request, |to, staff_link| {
        mail::concept_note_agreed(to, &request.reference, version, staff_link)
    })
    .await?;
    match ta_requests::agree_to_concept_note(&state.pool, &request, version, &mails, &now_rfc3339())
        .await
        .map_err(internal_error)?
    {
        NoteWrite::Done(_) => Ok(Redirect::to(&format!("{}?done=agreed", tracking_path(&token))).into_response()),
        NoteWrite::NotAtStage => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
        NoteWrite::Stale => {
            let changed = |page| TrackingView { outcome: Some(TrackingOutcome::NoteChanged), ..page };
            Err(tracking_again(&state, &token, parts, request, changed, StatusCode::CONFLICT).await)
        }
    }
}

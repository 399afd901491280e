//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page; the concept note between them, the TA fiche staff write
//! and its consultation round, answered by each consultee's own link, the baseline
//! assessment and the intervention, the results with the requester's assessment, and the
//! documents of those stages; the requesting governments' endorsements, each by its official's
//! own link, and the joining of two requests.

pub mod back_office;
pub mod baseline;
pub mod completion;
pub mod concept_note;
pub mod consultation;
pub mod documents;
pub mod endorsement;
pub mod fiche;
pub mod form;
pub mod intervention;
pub mod tracking;

use std::future::Future;

use app::db::ta_requests::StageWrite;
use app::db::Pool;
use app::domain::form::{FieldError, RawForm};
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::steps::{check, StepFields};
use app::domain::ta_request::StoredRequest;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::Staff;
use crate::routes::render::{at_path, found_or_404, internal_error, refuse, render, Answer, Refusal};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

/// Letter `id` of the request `request_id` as a PDF download, or the not-found page (one
/// of another request too).
async fn attachment_download(state: &AppState, parts: &Parts, request_id: i64, id: i64) -> Answer {
    stored_pdf(state, parts, app::db::ta_requests::attachment_file(&state.pool, request_id, id).await).await
}

/// The stored file `found` names (the name it was sent under, its stored name) as a PDF
/// download, or the not-found page. Never shown inline, never cached.
async fn stored_pdf(state: &AppState, parts: &Parts, found: Result<Option<(String, String)>, sqlx::Error>) -> Answer {
    let (name, stored_name) = found_or_404(state, parts, found).await?;
    let bytes = tokio::fs::read(state.files_dir.join(&stored_name))
        .await
        .map_err(|error| internal_error(format!("file {stored_name} unreadable: {error}")))?;
    Ok(uploads::pdf_download(&name, bytes))
}

/// The request a staff post to a stage's work names, if `user` covers it (404 otherwise) and
/// it is at `stage` (409 otherwise).
async fn covered_at_stage(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    parts: Parts,
    stage: Stage,
) -> Result<(StoredRequest, Parts), Response> {
    let (request, parts) = back_office::covered_request(state, user, reference, parts).await?;
    at_stage(&request, stage, &parts)?;
    Ok((request, parts))
}

/// A stage's staff page whose work is posted one part at a time (the TA fiche, the
/// baseline, the intervention, the completion): its stage, its view, and what a write's
/// outcome answers.
trait StagePage {
    const STAGE: Stage;
    /// The page's last path segment under the request's, and the `done` it reports a save with.
    const PAGE: &'static str;
    type View: Clone + Send + Sync + 'static;

    /// The page's view of `request`: `done` is what the query says was just done, `typed`
    /// what was posted with its problems.
    fn view(
        state: &AppState,
        user: StaffUser,
        request: StoredRequest,
        done: Option<&str>,
        typed: (RawForm, Vec<FieldError>),
    ) -> impl Future<Output = Result<Self::View, sqlx::Error>> + Send;

    fn path(reference: &str) -> String {
        format!("/staff/requests/{reference}/{}", Self::PAGE)
    }

    /// The page again, answered with `status`, with `problems` next to their fields and what
    /// was typed kept.
    fn with_problems(
        state: &AppState,
        parts: Parts,
        user: StaffUser,
        request: StoredRequest,
        typed: RawForm,
        problems: Vec<FieldError>,
        status: StatusCode,
    ) -> impl Future<Output = Response> + Send {
        async move {
            let parts = at_path(parts, &Self::path(&request.reference));
            match Self::view(state, user, request, None, (typed, problems)).await {
                Ok(view) => render(state, parts, view, status).await,
                Err(error) => internal_error(error),
            }
        }
    }

    /// Back to the page after a write, or the refusal it came to.
    fn written(outcome: StageWrite, reference: &str, parts: &Parts) -> Answer {
        match outcome {
            StageWrite::Done => {
                Ok(Redirect::to(&format!("{}?done={}", Self::path(reference), Self::PAGE)).into_response())
            }
            StageWrite::NotAtStage => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
            StageWrite::InConsultation => Err(refuse(&parts.headers, Refusal::FicheInConsultation)),
            // A row removed meanwhile (two staff, or a second click): it is gone, as wanted.
            StageWrite::NoSuchRow => Ok(Redirect::to(&Self::path(reference)).into_response()),
        }
    }
}

/// A stage's staff page, for the staff who cover the request (404 for others).
async fn stage_page<P: StagePage>(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let (request, parts) = back_office::covered_request(&state, &user, &reference, parts).await?;
    let done = parts.uri.query().and_then(|query| query.strip_prefix("done=")).map(str::to_owned);
    let view = P::view(&state, user, request, done.as_deref(), Default::default()).await.map_err(internal_error)?;
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// Reads and checks one part of a stage's work, only its own fields kept from the post.
fn posted<S: StepFields>(body: &Bytes, choices: &S::Choices) -> (RawForm, Result<S, Vec<FieldError>>) {
    let form = RawForm::from_urlencoded(body).only(S::FIELDS);
    let checked = check::<S>(&form, choices);
    (form, checked)
}

/// A part of `P`'s work checked against what `choices` finds for the request, then written
/// by `write` (one of `ta_requests`' writes of that stage).
async fn write_part<P, S, C, W>(
    state: AppState,
    user: StaffUser,
    reference: String,
    (parts, body): (Parts, Bytes),
    choices: C,
    write: W,
) -> Answer
where
    P: StagePage,
    S: StepFields,
    C: AsyncFnOnce(&AppState, &StoredRequest) -> Result<S::Choices, sqlx::Error>,
    W: AsyncFnOnce(&Pool, &StoredRequest, &S, &str, &str) -> Result<StageWrite, sqlx::Error>,
{
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, P::STAGE).await?;
    let choices = choices(&state, &request).await.map_err(internal_error)?;
    let part = match posted::<S>(&body, &choices) {
        (_, Ok(part)) => part,
        (form, Err(problems)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(P::with_problems(&state, parts, user, request, form, problems, status).await);
        }
    };
    let outcome = write(&state.pool, &request, &part, &user.actor(), &now_rfc3339()).await.map_err(internal_error)?;
    P::written(outcome, &reference, &parts)
}

/// For a part whose rules take no choices.
async fn no_choices(_: &AppState, _: &StoredRequest) -> Result<(), sqlx::Error> {
    Ok(())
}

/// Refuses (409) a write to a stage's work once the request is no longer at `stage`.
fn at_stage(request: &StoredRequest, stage: Stage, parts: &Parts) -> Result<(), Response> {
    if request.stage == stage {
        Ok(())
    } else {
        Err(refuse(&parts.headers, Refusal::RequestMovedOn))
    }
}

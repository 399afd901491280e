//! A TA's completion: the staff page of its results and lessons, written one form per part
//! while the intervention runs (409 at any other stage), the requester's assessment, posted
//! from the tracking page once the request is completed, and the link of a later request to
//! the completed one it follows up. A problem renders the page again with what was typed
//! (422); every success goes back to the page.

use std::future::Future;

use app::db::ta_requests::{self, DocumentsFor, StageWrite};
use app::domain::form::{FieldError, RawForm};
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{Assessment, BaselineChoices, FollowUpOf, IndicatorResult, Lessons};
use app::domain::ta_request::StoredRequest;
use app::i18n::{fill, Locale};
use app::mail;
use app::pages::requests::completion::CompletionView;
use app::pages::requests::tracking::TrackingView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

use super::back_office::{covered_request, with_problems as request_with_problems};
use super::tracking::{notices_to_holders, tracked_request, tracking_again, tracking_path};
use super::{at_stage, no_choices, posted, stage_page, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::{FORM_BODY_LIMIT, STAFF_FORM_BODY_LIMIT};
use crate::routes::render::{internal_error, refuse, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/requests/{reference}/completion"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{reference}/completion", get(stage_page::<CompletionPage>))
        .route("/staff/requests/{reference}/completion/results", post(set_result))
        .route("/staff/requests/{reference}/completion/lessons", post(save_lessons))
        .route("/staff/requests/{reference}/follows", post(link_follow_up))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
        .merge(
            Router::new()
                .route("/requests/track/{token}/assessment", post(assess))
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
}

/// The completion's page, for the parts posted to it: written while the intervention runs.
struct CompletionPage;

impl StagePage for CompletionPage {
    const STAGE: Stage = Stage::TaIntervention;
    const PAGE: &'static str = "completion";
    type View = CompletionView;

    fn view(
        state: &AppState,
        user: StaffUser,
        request: StoredRequest,
        done: Option<&str>,
        (typed, problems): (RawForm, Vec<FieldError>),
    ) -> impl Future<Output = Result<CompletionView, sqlx::Error>> + Send {
        let saved = done == Some(Self::PAGE);
        async move {
            let fiche = ta_requests::fiche_work(&state.pool, request.id).await?;
            let baseline = ta_requests::baseline_work(&state.pool, request.id, DocumentsFor::Staff).await?;
            let work = ta_requests::completion_work(&state.pool, request.id).await?;
            Ok(CompletionView { user, request, fiche, baseline, work, saved, typed, problems })
        }
    }
}

async fn set_result(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let choices = async |state: &AppState, request: &StoredRequest| {
        let indicators = ta_requests::fiche_indicator_ids(&state.pool, request.id).await?;
        Ok(BaselineChoices { indicators, today: time::OffsetDateTime::now_utc().date() })
    };
    write_part::<CompletionPage, IndicatorResult, _, _>(
        state,
        user,
        reference,
        (parts, body),
        choices,
        ta_requests::set_indicator_result,
    )
    .await
}

async fn save_lessons(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<CompletionPage, Lessons, _, _>(
        state,
        user,
        reference,
        (parts, body),
        no_choices,
        ta_requests::save_lessons,
    )
    .await
}

/// The requester assesses the completed TA (again, replacing the assessment before); the
/// staff who held the request are told.
async fn assess(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    at_stage(&request, Stage::Completed, &parts)?;
    let assessment = match posted::<Assessment>(&body, &()) {
        (_, Ok(assessment)) => assessment,
        (typed, Err(problems)) => {
            let with_problems = |page| TrackingView { typed, problems, ..page };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(tracking_again(&state, &token, parts, request, with_problems, status).await);
        }
    };
    let m = &Locale::En.messages().completion;
    let (usefulness, satisfaction) =
        (Assessment::mark(&assessment.usefulness), Assessment::mark(&assessment.satisfaction));
    let marks = fill(m.marks, &[("usefulness", &usefulness), ("satisfaction", &satisfaction)]);
    let follow_up = match (&assessment.follow_up_needs, assessment.wants_follow_up()) {
        (Some(needs), true) => fill(m.follow_up_wanted, &[("needs", needs)]),
        _ => m.no_follow_up.to_owned(),
    };
    let mails = notices_to_holders(&state, &request, |to, staff_link| {
        mail::assessment_given(to, &request.reference, &marks, &follow_up, &format!("{staff_link}/completion"))
    })
    .await?;
    match ta_requests::give_assessment(&state.pool, &request, &assessment, &mails, &now_rfc3339())
        .await
        .map_err(internal_error)?
    {
        StageWrite::Done => Ok(Redirect::to(&format!("{}?done=assessed", tracking_path(&token))).into_response()),
        _ => Err(refuse(&parts.headers, Refusal::RequestMovedOn)),
    }
}

/// Links the request to the completed one it follows up, or unlinks it (none chosen).
async fn link_follow_up(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let links = ta_requests::follow_ups(&state.pool, &request).await.map_err(internal_error)?;
    let offered: Vec<String> = links.candidates.into_iter().map(|(reference, _)| reference).collect();
    let follows = match posted::<FollowUpOf>(&body, &offered) {
        (_, Ok(FollowUpOf { follows })) => follows,
        (typed, Err(problems)) => {
            return Err(request_with_problems(&state, parts, user, request, typed, problems).await)
        }
    };
    let linked = ta_requests::link_follow_up(&state.pool, &request, follows.as_deref(), &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    if !linked {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    Ok(Redirect::to(&format!("/staff/requests/{reference}?done=follow-up")).into_response())
}

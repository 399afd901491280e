//! The TA fiche's staff page and its forms: the frame, a result, an indicator, an activity,
//! an expert profile, and removing a row. Writes happen only at the TA-fiche stage (409 otherwise); a problem
//! renders the page again with what was typed (422); every success goes back to the page.

use std::future::Future;

use app::db::ta_requests::{self, FicheRow, StageWrite};
use app::domain::filters::Dimension;
use app::domain::form::{FieldError, Problem, RawForm};
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{ExpectedResult, ExpertProfile, FicheFrame, Indicator, PlannedActivity};
use app::domain::ta_request::StoredRequest;
use app::pages::requests::fiche::{FicheDone, FicheView};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

use super::{covered_at_stage, no_choices, posted, stage_page, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::STAFF_FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, refuse, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/requests/{reference}/fiche"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/requests/{reference}/fiche", get(stage_page::<FichePage>))
        .route("/staff/requests/{reference}/fiche/frame", post(save_frame))
        .route("/staff/requests/{reference}/fiche/results", post(add_result))
        .route("/staff/requests/{reference}/fiche/indicators", post(add_indicator))
        .route("/staff/requests/{reference}/fiche/activities", post(add_activity))
        .route("/staff/requests/{reference}/fiche/experts", post(add_expert))
        .route("/staff/requests/{reference}/fiche/remove", post(remove_row))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
}

/// The fiche's page, for the parts posted to it and the consultation's forms on it.
pub(super) struct FichePage;

impl StagePage for FichePage {
    const STAGE: Stage = Stage::TaFiche;
    const PAGE: &'static str = "fiche";
    type View = FicheView;

    fn view(
        state: &AppState,
        user: StaffUser,
        request: StoredRequest,
        done: Option<&str>,
        (typed, problems): (RawForm, Vec<FieldError>),
    ) -> impl Future<Output = Result<FicheView, sqlx::Error>> + Send {
        let done = match done {
            Some("fiche") => Some(FicheDone::Saved),
            Some("round") => Some(FicheDone::RoundOpened),
            Some("decided") => Some(FicheDone::Decided),
            _ => None,
        };
        async move {
            let work = ta_requests::fiche_work(&state.pool, request.id).await?;
            let consultation = ta_requests::consultation(&state.pool, request.id).await?;
            Ok(FicheView { user, request, work, consultation, now: now_rfc3339(), done, typed, problems })
        }
    }
}

async fn save_frame(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<FichePage, FicheFrame, _, _>(
        state,
        user,
        reference,
        (parts, body),
        no_choices,
        ta_requests::save_fiche_frame,
    )
    .await
}

async fn add_result(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<FichePage, ExpectedResult, _, _>(
        state,
        user,
        reference,
        (parts, body),
        no_choices,
        ta_requests::add_fiche_result,
    )
    .await
}

async fn add_activity(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<FichePage, PlannedActivity, _, _>(
        state,
        user,
        reference,
        (parts, body),
        no_choices,
        ta_requests::add_fiche_activity,
    )
    .await
}

async fn add_expert(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let topics = async |state: &AppState, _: &StoredRequest| {
        Ok(state.taxonomy.terms(Dimension::Topic).into_iter().map(|t| t.code.clone()).collect())
    };
    write_part::<FichePage, ExpertProfile, _, _>(
        state,
        user,
        reference,
        (parts, body),
        topics,
        ta_requests::add_fiche_expert,
    )
    .await
}

async fn add_indicator(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, Stage::TaFiche).await?;
    let results = ta_requests::fiche_result_ids(&state.pool, request.id).await.map_err(internal_error)?;
    let (form, indicator) = match posted::<Indicator>(&body, &results) {
        (form, Ok(indicator)) => (form, indicator),
        (form, Err(problems)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Err(FichePage::with_problems(&state, parts, user, request, form, problems, status).await);
        }
    };
    let outcome = ta_requests::add_fiche_indicator(&state.pool, &request, &indicator, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    if outcome == StageWrite::NoSuchRow {
        // The result was removed between the page and the post.
        let problems = vec![FieldError::new("for_result", Problem::UnknownChoice)];
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Err(FichePage::with_problems(&state, parts, user, request, form, problems, status).await);
    }
    FichePage::written(outcome, &reference, &parts)
}

async fn remove_row(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_at_stage(&state, &user, &reference, parts, Stage::TaFiche).await?;
    let form = RawForm::from_urlencoded(&body);
    let row = FicheRow::from_code(form.raw("what"));
    let id = form.raw("id").parse::<i64>().ok().filter(|id| *id > 0);
    let (Some(row), Some(id)) = (row, id) else {
        return Err(refuse(&parts.headers, Refusal::NoRowNamed));
    };
    let outcome = ta_requests::remove_fiche_row(&state.pool, &request, row, id, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    FichePage::written(outcome, &reference, &parts)
}

//! The baseline assessment's staff page and its forms: findings, an indicator's starting
//! value, and its documents (`documents`). Writes happen only at the baseline stage (409
//! otherwise); a problem renders the page again with what was typed (422); every success goes
//! back to the page.

use std::future::Future;

use app::db::ta_requests::{self, DocumentsFor};
use app::domain::form::{FieldError, RawForm};
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{BaselineChoices, BaselineFindings, IndicatorBaseline, STAGE_DOCUMENT_FILE};
use app::domain::ta_request::StoredRequest;
use app::pages::requests::baseline::BaselineView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::back_office::covered_request;
use super::{documents, no_choices, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::{upload_body_limit, STAFF_FORM_BODY_LIMIT};
use crate::routes::render::{at_path, internal_error, render, Answer};
use crate::AppState;

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/requests/{reference}/baseline"];

pub fn router() -> Router<AppState> {
    let forms = Router::new()
        .route("/staff/requests/{reference}/baseline/findings", post(save_findings))
        .route("/staff/requests/{reference}/baseline/indicators", post(set_starting_value))
        .route("/staff/requests/{reference}/baseline/documents/remove", post(documents::remove::<BaselinePage>))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT));
    Router::new()
        .route("/staff/requests/{reference}/baseline", get(baseline_page))
        .route(
            "/staff/requests/{reference}/baseline/documents",
            post(documents::add::<BaselinePage>).layer(DefaultBodyLimit::max(upload_body_limit(&STAGE_DOCUMENT_FILE))),
        )
        .merge(forms)
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
    let parts = at_path(parts, &BaselinePage::path(&request.reference));
    match baseline_view(state, user, request, false, (typed, problems)).await {
        Ok(view) => render(state, parts, view, status).await,
        Err(error) => internal_error(error),
    }
}

/// The baseline's page, for the parts posted to it.
struct BaselinePage;

impl StagePage for BaselinePage {
    const STAGE: Stage = Stage::BaselineAssessment;
    const PAGE: &'static str = "baseline";

    fn with_problems(
        state: &AppState,
        parts: Parts,
        user: StaffUser,
        request: StoredRequest,
        typed: RawForm,
        problems: Vec<FieldError>,
        status: StatusCode,
    ) -> impl Future<Output = Response> + Send {
        with_problems(state, parts, user, request, typed, problems, status)
    }
}

async fn save_findings(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    write_part::<BaselinePage, BaselineFindings, _, _>(
        state,
        user,
        reference,
        (parts, body),
        no_choices,
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
    let choices = async |state: &AppState, request: &StoredRequest| {
        let indicators = ta_requests::fiche_indicator_ids(&state.pool, request.id).await?;
        Ok(BaselineChoices { indicators, today: time::OffsetDateTime::now_utc().date() })
    };
    write_part::<BaselinePage, IndicatorBaseline, _, _>(
        state,
        user,
        reference,
        (parts, body),
        choices,
        ta_requests::set_starting_value,
    )
    .await
}

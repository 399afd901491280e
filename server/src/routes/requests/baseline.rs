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
use axum::routing::{get, post};
use axum::Router;

use super::{documents, no_choices, stage_page, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::{upload_body_limit, STAFF_FORM_BODY_LIMIT};
use crate::routes::render::Answer;
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
        .route("/staff/requests/{reference}/baseline", get(stage_page::<BaselinePage>))
        .route(
            "/staff/requests/{reference}/baseline/documents",
            post(documents::add::<BaselinePage>).layer(DefaultBodyLimit::max(upload_body_limit(&STAGE_DOCUMENT_FILE))),
        )
        .merge(forms)
}

/// The baseline's page, for the parts posted to it.
struct BaselinePage;

impl StagePage for BaselinePage {
    const STAGE: Stage = Stage::BaselineAssessment;
    const PAGE: &'static str = "baseline";
    type View = BaselineView;

    fn view(
        state: &AppState,
        user: StaffUser,
        request: StoredRequest,
        done: Option<&str>,
        (typed, problems): (RawForm, Vec<FieldError>),
    ) -> impl Future<Output = Result<BaselineView, sqlx::Error>> + Send {
        let saved = done == Some(Self::PAGE);
        async move {
            let fiche = ta_requests::fiche_work(&state.pool, request.id).await?;
            let work = ta_requests::baseline_work(&state.pool, request.id, DocumentsFor::Staff).await?;
            Ok(BaselineView { user, request, fiche, work, saved, typed, problems })
        }
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

//! The intervention's staff page and its forms: an activity of the fiche as carried out, an
//! expert's days on one, and its outputs (`documents`). Writes happen only at the
//! intervention stage (409 otherwise); a problem renders the page again with what was typed
//! (422); every success goes back to the page.

use std::future::Future;

use app::db::assignments;
use app::db::ta_requests::{self, DocumentsFor};
use app::domain::form::{FieldError, RawForm};
use app::domain::roster::AssignmentStatus;
use app::domain::staff::StaffUser;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{ActivityHeld, ExpertDaysWorked, HeldChoices, TeamChoices, STAGE_DOCUMENT_FILE};
use app::domain::ta_request::StoredRequest;
use app::pages::requests::intervention::InterventionView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::Router;

use super::{documents, stage_page, write_part, StagePage};
use crate::auth::Staff;
use crate::policy::{upload_body_limit, STAFF_FORM_BODY_LIMIT};
use crate::routes::render::Answer;
use crate::AppState;

/// The Leptos route these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/requests/{reference}/intervention"];

pub fn router() -> Router<AppState> {
    let forms = Router::new()
        .route("/staff/requests/{reference}/intervention/activities", post(record_activity))
        .route("/staff/requests/{reference}/intervention/experts", post(record_expert_days))
        .route("/staff/requests/{reference}/intervention/documents/remove", post(documents::remove::<InterventionPage>))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT));
    Router::new()
        .route("/staff/requests/{reference}/intervention", get(stage_page::<InterventionPage>))
        .route(
            "/staff/requests/{reference}/intervention/documents",
            post(documents::add::<InterventionPage>)
                .layer(DefaultBodyLimit::max(upload_body_limit(&STAGE_DOCUMENT_FILE))),
        )
        .merge(forms)
}

/// The intervention's page, for the parts posted to it.
struct InterventionPage;

impl StagePage for InterventionPage {
    const STAGE: Stage = Stage::TaIntervention;
    const PAGE: &'static str = "intervention";
    type View = InterventionView;

    fn view(
        state: &AppState,
        user: StaffUser,
        request: StoredRequest,
        done: Option<&str>,
        (typed, problems): (RawForm, Vec<FieldError>),
    ) -> impl Future<Output = Result<InterventionView, sqlx::Error>> + Send {
        let saved = done == Some(Self::PAGE);
        async move {
            let fiche = ta_requests::fiche_work(&state.pool, request.id).await?;
            let work = ta_requests::intervention_work(&state.pool, request.id, DocumentsFor::Staff).await?;
            // The experts assigned to the request, who may have worked on its activities.
            let team = assignments::for_request(&state.pool, request.id)
                .await?
                .into_iter()
                .filter(|a| a.status == AssignmentStatus::Assigned)
                .map(|a| (a.expert_id, a.expert_name))
                .collect();
            Ok(InterventionView { user, request, fiche, work, team, saved, typed, problems })
        }
    }
}

async fn record_activity(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let choices = async |state: &AppState, request: &StoredRequest| {
        let activities = ta_requests::planned_activity_ids(&state.pool, request.id).await?;
        Ok(HeldChoices { activities, today: time::OffsetDateTime::now_utc().date() })
    };
    let write = ta_requests::record_activity_held;
    write_part::<InterventionPage, ActivityHeld, _, _>(state, user, reference, (parts, body), choices, write).await
}

async fn record_expert_days(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let choices = async |state: &AppState, request: &StoredRequest| {
        let (activities, experts) = ta_requests::team_choices(&state.pool, request.id).await?;
        Ok(TeamChoices { activities, experts })
    };
    let write = ta_requests::record_expert_days;
    write_part::<InterventionPage, ExpertDaysWorked, _, _>(state, user, reference, (parts, body), choices, write).await
}

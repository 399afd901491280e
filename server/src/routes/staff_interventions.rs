//! `/staff/interventions`: staff decide who may see each intervention in their regions.
//! One kept for staff only leaves the public view (`public_interventions`), so no page,
//! figure or export shows it from the next request on.

use app::db::interventions;
use app::domain::form::RawForm;
use app::domain::ta_request::{AUDIENCES, AUDIENCE_PUBLIC};
use app::pages::staff_interventions::StaffInterventionsView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::render::{internal_error, not_found, render};
use super::requests::FORM_BODY_LIMIT;
use crate::auth::Staff;
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/interventions"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/interventions", get(list))
        .route("/staff/interventions/{slug}/audience", post(set_audience))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

#[derive(Deserialize)]
struct ListQuery {
    /// The slug whose audience was just changed, for the notice.
    changed: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(query): Query<ListQuery>,
    parts: Parts,
) -> Response {
    match interventions::staff_list(&state.pool, &user).await {
        Ok(rows) => {
            render(&state, parts, StaffInterventionsView { user, rows, changed: query.changed }, StatusCode::OK).await
        }
        Err(error) => internal_error(error),
    }
}

/// Shows an intervention to everyone (`audience=public`) or keeps it for staff
/// (`audience=staff`); an intervention outside the user's regions is not found.
async fn set_audience(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(slug): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = RawForm::from_urlencoded(&body);
    let audience = form.raw("audience");
    if !AUDIENCES.contains(&audience) {
        return (StatusCode::BAD_REQUEST, "Say who may see it: audience=public or audience=staff.").into_response();
    }
    match interventions::region_of(&state.pool, &slug).await {
        Ok(Some(region)) if user.covers(Some(&region)) => {}
        Ok(_) => return not_found(&state, parts).await,
        Err(error) => return internal_error(error),
    }
    let publishable = audience == AUDIENCE_PUBLIC;
    match interventions::set_publishable(&state.pool, &slug, publishable, &user.actor(), &now_rfc3339()).await {
        Ok(_) => Redirect::to(&format!("/staff/interventions?changed={slug}#{slug}")).into_response(),
        Err(error) => internal_error(error),
    }
}

//! The back office's expert roster: search, one profile, its CV and the CSV export. Every
//! handler takes the `Staff` extractor. The management unit sees every submitted profile
//! and exports them; a regional coordinator sees the profiles on the roster (confirmed and
//! active) and exports nothing. Reading a CV or exporting is written to the audit log.

use app::db::experts;
use app::domain::expert::{ExpertRecord, ExpertStatus, Step};
use app::domain::roster::{RosterFilter, PER_PAGE};
use app::domain::staff::{Role, StaffUser};
use app::pages::roster_form::ExpertFormView;
use app::pages::staff::ForbiddenView;
use app::pages::staff_roster::{RosterView, StaffExpertView};
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::render::{internal_error, not_found, render};
use super::uploads;
use crate::auth::Staff;
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/staff/experts", "/staff/experts/{id}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/experts", get(search))
        .route("/staff/experts.csv", get(export_csv))
        .route("/staff/experts/{id}", get(profile))
        .route("/staff/experts/{id}/cv", get(download_cv))
}

/// The filter of the request's query; a bad value is a 400 naming the parameters. A
/// coordinator's search stays among the profiles on the roster.
fn roster_filter(state: &AppState, user: &StaffUser, parts: &Parts) -> Result<RosterFilter, Response> {
    let mut filter =
        RosterFilter::parse(parts.uri.query().unwrap_or_default(), state.taxonomy.as_ref()).map_err(|errors| {
            let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
            (StatusCode::BAD_REQUEST, format!("Unknown or malformed search values: {}", params.join(", ")))
                .into_response()
        })?;
    if user.role != Role::Admin {
        filter.status = ExpertStatus::Active;
    }
    Ok(filter)
}

async fn search(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    let filter = match roster_filter(&state, &user, &parts) {
        Ok(filter) => filter,
        Err(response) => return response,
    };
    match experts::search(&state.pool, &filter, PER_PAGE).await {
        Ok((rows, total)) => render(&state, parts, RosterView { user, filter, rows, total }, StatusCode::OK).await,
        Err(error) => internal_error(error),
    }
}

async fn export_csv(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    if user.role != Role::Admin {
        return render(&state, parts, ForbiddenView { user }, StatusCode::FORBIDDEN).await;
    }
    let filter = match roster_filter(&state, &user, &parts) {
        Ok(filter) => filter,
        Err(response) => return response,
    };
    let rows = match experts::all_matching(&state.pool, &filter).await {
        Ok(rows) => rows,
        Err(error) => return internal_error(error),
    };
    if let Err(error) = experts::record_access(&state.pool, &user.actor(), "export_csv", None, &now_rfc3339()).await {
        return internal_error(error);
    }
    match app::exports::roster_to_csv(&rows) {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"expert-roster.csv\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(error) => internal_error(error),
    }
}

/// Expert `id` if `user` may see them; otherwise the not-found page (a profile out of
/// reach looks like one that does not exist).
async fn visible_expert(
    state: &AppState,
    user: &StaffUser,
    id: i64,
    parts: Parts,
) -> Result<(ExpertRecord, Parts), Response> {
    let record = match experts::load(&state.pool, id).await {
        Ok(record) => record,
        Err(error) => return Err(internal_error(error)),
    };
    let visible = |record: &ExpertRecord| match user.role {
        Role::Admin => record.status != ExpertStatus::Draft,
        Role::Coordinator => record.status == ExpertStatus::Active,
    };
    match record.filter(visible) {
        Some(record) => Ok((record, parts)),
        None => Err(not_found(state, parts).await),
    }
}

async fn profile(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>, parts: Parts) -> Response {
    let (record, parts) = match visible_expert(&state, &user, id, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let profile = ExpertFormView {
        step: Step::Consent,
        action: String::new(),
        form: record.form.clone(),
        errors: Vec::new(),
        incomplete: Vec::new(),
        draft_path: None,
        saved: None,
        cv: record.cv.clone(),
        too_large: false,
        editing: false,
    };
    let view = StaffExpertView { user, id, profile, status: record.status, cv: record.cv };
    render(&state, parts, view, StatusCode::OK).await
}

async fn download_cv(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>, parts: Parts) -> Response {
    let parts = match visible_expert(&state, &user, id, parts).await {
        Ok((_, parts)) => parts,
        Err(response) => return response,
    };
    let (name, stored) = match experts::cv_file(&state.pool, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(&state, parts).await,
        Err(error) => return internal_error(error),
    };
    let bytes = match tokio::fs::read(state.files_dir.join(&stored)).await {
        Ok(bytes) => bytes,
        Err(error) => return internal_error(format!("CV {stored} unreadable: {error}")),
    };
    if let Err(error) =
        experts::record_access(&state.pool, &user.actor(), "download_cv", Some(id), &now_rfc3339()).await
    {
        return internal_error(error);
    }
    uploads::pdf_download(&name, bytes)
}

//! The public side of calls for proposals: the list of calls, one call's page, and the
//! tracking page of a submitted application.

use app::db::grants::applications::{self};
use app::db::grants::calls;
use app::pages::grants::calls::{GrantCallView, GrantTrackingView, GrantsListView};
use app::secret::{looks_like_token, token_hash};
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::form::published_call;
use crate::routes::render::{found_or_404, internal_error, not_found, render, render_public, Answer};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 3] = ["/grants", "/grants/{slug}", "/grants/track/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/grants", get(list))
        .route("/grants/{slug}", get(call_page))
        .route("/grants/track/{token}", get(track))
}

async fn list(State(state): State<AppState>, parts: Parts) -> Answer {
    let now = now_rfc3339();
    let calls = calls::published(&state.pool).await.map_err(internal_error)?;
    let calls = calls
        .into_iter()
        .map(|call| {
            let phase = call.phase_at(&now);
            (call, phase)
        })
        .collect();
    Ok(render_public(&state, parts, GrantsListView { calls }).await)
}

async fn call_page(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    let phase = call.phase_at(&now_rfc3339());
    Ok(render_public(&state, parts, GrantCallView { call, phase }).await)
}

#[derive(Deserialize)]
struct TrackQuery {
    submitted: Option<String>,
}

async fn track(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    parts: Parts,
) -> Answer {
    if !looks_like_token(&token) {
        return Err(not_found(&state, parts).await);
    }
    let application =
        found_or_404(&state, &parts, applications::tracked(&state.pool, &token_hash(&token)).await).await?;
    let view = GrantTrackingView { application, just_submitted: query.submitted.as_deref() == Some("1") };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

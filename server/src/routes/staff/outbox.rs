//! The outbox: what the portal sent or tried to send (the management unit only).

use app::db::outbox;
use app::domain::staff::Role;
use app::pages::staff::outbox::OutboxView;
use app::pages::staff::ForbiddenView;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::auth::Staff;
use crate::routes::render::{internal_error, one_page_number, refuse, render, Answer, Refusal};
use crate::AppState;

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/outbox"];

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/outbox", get(outbox))
}

/// The outbox is the management unit's: coordinators get 403.
async fn outbox(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    if user.role != Role::Admin {
        return Err(render(&state, parts, ForbiddenView { user }, StatusCode::FORBIDDEN).await);
    }
    let Some(page) = one_page_number(parts.uri.query()) else {
        return Err(refuse(&parts.headers, Refusal::PageNumber));
    };
    let (rows, total) =
        outbox::page(&state.pool, page, OUTBOX_PER_PAGE, crate::mailer::MAX_ATTEMPTS).await.map_err(internal_error)?;
    let pages = (total + OUTBOX_PER_PAGE - 1) / OUTBOX_PER_PAGE;
    Ok(render(&state, parts, OutboxView { user, rows, page, pages }, StatusCode::OK).await)
}

const OUTBOX_PER_PAGE: i64 = 50;

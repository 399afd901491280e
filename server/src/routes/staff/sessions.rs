//! A member of staff's open sessions, and ending them.

use std::net::SocketAddr;

use app::db::sessions::{self, EndSessions, Holder};
use app::domain::form::RawForm;
use app::domain::staff::StaffUser;
use app::pages::staff::password::PasswordProblem;
use app::pages::staff::sessions::SessionsView;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::password::recheck_password;
use crate::auth::{self, Staff};
use crate::policy::STAFF_FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, refuse, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/sessions"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/sessions", get(sessions_page).post(end_sessions))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
}

async fn sessions_page(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    let ended = parts.uri.query().and_then(|q| q.strip_prefix("ended=")).and_then(|n| n.parse().ok());
    sessions_view(&state, user, parts, None, ended, StatusCode::OK).await
}

async fn sessions_view(
    state: &AppState,
    user: StaffUser,
    parts: Parts,
    problem: Option<PasswordProblem>,
    ended: Option<u64>,
    status: StatusCode,
) -> Response {
    match auth::sessions_of(state, user.id, &parts.headers).await {
        Ok(sessions) => render(state, parts, SessionsView { user, sessions, problem, ended }, status).await,
        Err(error) => internal_error(error),
    }
}

/// Ends one of the account's other sessions, or all of them, once the password is typed
/// again; a wrong one counts as a failed sign-in, as on the password page.
async fn end_sessions(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Staff(user): Staff,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let current = auth::session_token_hash(&state, &parts.headers).unwrap_or_default();
    let Some(which) = EndSessions::from_button(form.raw("end"), &current) else {
        return Err(refuse(&parts.headers, Refusal::NoSessionNamed));
    };
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    match recheck_password(&state, &client, &user, form.raw("current_password")).await? {
        None => {}
        Some(locked @ PasswordProblem::Locked { .. }) => {
            let page = sessions_view(&state, user, parts, Some(locked), None, StatusCode::TOO_MANY_REQUESTS).await;
            return Err(auth::wait_out_lockout(page));
        }
        Some(problem) => {
            return Err(sessions_view(&state, user, parts, Some(problem), None, StatusCode::UNPROCESSABLE_ENTITY).await)
        }
    }
    let ended = sessions::end_sessions(&state.pool, Holder::Staff(user.id), which, &now_rfc3339())
        .await
        .map_err(internal_error)?;
    tracing::info!(target: "security", event = "staff.end_sessions", user = user.id, ended, client);
    Ok(Redirect::to(&format!("/staff/sessions?ended={ended}")).into_response())
}

//! A member of staff changes their password; the same check guards ending sessions.

use std::net::SocketAddr;

use app::db::staff;
use app::domain::form::RawForm;
use app::domain::staff::StaffUser;
use app::pages::staff::password::{PasswordProblem, PasswordView};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::auth::{self, Staff};
use crate::policy::STAFF_FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, render, Answer};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/password"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/password", get(password_page).post(change_password))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
}

async fn password_page(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    let changed = parts.uri.query() == Some("changed=1");
    let view = PasswordView { user, problems: Vec::new(), end_other_sessions: true, changed };
    render(&state, parts, view, StatusCode::OK).await
}

/// Checks the current password (`recheck_password`), then the new one, then replaces it.
async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Staff(user): Staff,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let end_other_sessions = form.raw("end_other_sessions") == "yes";
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    let mut problems = Vec::new();
    match recheck_password(&state, &client, &user, form.raw("current_password")).await? {
        None => {}
        Some(locked @ PasswordProblem::Locked { .. }) => {
            let problems = vec![("current_password", locked)];
            let view = PasswordView { user, problems, end_other_sessions, changed: false };
            return Err(auth::wait_out_lockout(render(&state, parts, view, StatusCode::TOO_MANY_REQUESTS).await));
        }
        Some(problem) => problems.push(("current_password", problem)),
    }
    let new_password = form.raw("new_password");
    if let Some(problem) = auth::password_problem(new_password, &user.email, &user.name) {
        problems.push(("new_password", problem.into()));
    }
    if !problems.is_empty() {
        let view = PasswordView { user, problems, end_other_sessions, changed: false };
        return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let hash =
        auth::hash_password(new_password).map_err(|error| internal_error(format!("hashing a password: {error}")))?;
    let current = auth::session_token_hash(&state, &parts.headers).unwrap_or_default();
    staff::change_password(&state.pool, user.id, &hash, end_other_sessions, &current, &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to("/staff/password?changed=1").into_response())
}

/// Checks the password a signed-in member of staff typed again: `None` when right. A locked
/// account is refused, and a wrong password counts as a failed sign-in, so guessing it from
/// an open session meets the same lockout.
pub(super) async fn recheck_password(
    state: &AppState,
    client: &str,
    user: &StaffUser,
    typed: &str,
) -> Result<Option<PasswordProblem>, Response> {
    let attempt = auth::Attempt::begin(state, client, &user.email).await.map_err(internal_error)?;
    if attempt.locked.account {
        attempt.forget(state).await.map_err(internal_error)?;
        return Ok(Some(PasswordProblem::Locked { minutes: auth::FAILURE_WINDOW.whole_minutes() }));
    }
    let password_hash = staff::find_for_login(&state.pool, &user.email)
        .await
        .map_err(internal_error)?
        .ok_or_else(|| internal_error("the signed-in account has no login record"))?
        .password_hash;
    if auth::verify_password(&password_hash, typed) {
        attempt.forget(state).await.map_err(internal_error)?;
        return Ok(None);
    }
    // The failure stays recorded.
    Ok(Some(PasswordProblem::CurrentWrong))
}

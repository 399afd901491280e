//! Staff sign-in and sign-out.

use std::net::SocketAddr;

use app::db::staff;
use app::domain::form::RawForm;
use app::pages::staff::sign_in::{LoginProblem, LoginView};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::{self};
use crate::policy::STAFF_FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, render, Answer};
use crate::{now_unix, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/staff/login"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/login", get(login_page).post(log_in))
        .route("/staff/logout", post(log_out))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
}

/// Only back-office paths are followed after signing in.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff") && !next.starts_with("/staff/login") && !next.contains("//") && !next.contains('\\') {
        next
    } else {
        "/staff"
    }
}

async fn login_page(State(state): State<AppState>, parts: Parts) -> Response {
    let next = parts
        .uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "next").map(|(_, v)| v.into_owned()))
        .unwrap_or_default();
    let password_reset = parts.uri.query() == Some("reset=1");
    let view = LoginView { email: String::new(), next: safe_next(&next).to_owned(), problem: None, password_reset };
    render(&state, parts, view, StatusCode::OK).await
}

async fn log_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let email = form.text("email").unwrap_or_default();
    let password = form.raw("password").to_owned();
    let next = safe_next(form.raw("next")).to_owned();
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    let failed_view =
        |problem| LoginView { email: email.clone(), next: next.clone(), problem: Some(problem), password_reset: false };

    let attempt = auth::Attempt::begin(&state, &client, &email).await.map_err(internal_error)?;
    if attempt.locked.client || attempt.locked.account {
        attempt.forget(&state).await.map_err(internal_error)?;
        let minutes = auth::FAILURE_WINDOW.whole_minutes();
        let view = failed_view(LoginProblem::Locked { minutes });
        return Err(auth::wait_out_lockout(render(&state, parts, view, StatusCode::TOO_MANY_REQUESTS).await));
    }

    let record = staff::find_for_login(&state.pool, &email).await.map_err(internal_error)?;
    let accepted = match &record {
        Some(record) => {
            let password_ok = auth::verify_password(&record.password_hash, &password);
            let code_ok = match &record.totp_secret {
                // Each code signs in once: its step is recorded, and only if the password
                // was right, so a stranger cannot spend the account's codes.
                Some(secret) => match auth::totp_step(secret, &record.user.email, form.raw("code"), now_unix()) {
                    Some(step) if password_ok => {
                        staff::use_totp_step(&state.pool, record.user.id, step as i64).await.map_err(internal_error)?
                    }
                    _ => false,
                },
                None => !state.require_totp,
            };
            password_ok && code_ok
        }
        None => {
            // Same work as for a real account, so timing does not reveal which addresses exist.
            auth::verify_password(auth::decoy_hash(), &password);
            false
        }
    };
    // A failure stays recorded; a success is not one.
    let Some(record) = record.filter(|_| accepted) else {
        return Err(render(&state, parts, failed_view(LoginProblem::Failed), StatusCode::UNAUTHORIZED).await);
    };
    attempt.forget(&state).await.map_err(internal_error)?;
    let token = auth::open_session(&state, record.user.id, &parts.headers).await.map_err(internal_error)?;
    tracing::info!(target: "security", event = "staff.sign_in", user = record.user.id, client);
    let cookie = auth::session_cookie(Some(&token), state.secure_cookies);
    Ok((StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, next)]).into_response())
}

async fn log_out(State(state): State<AppState>, parts: Parts) -> Answer {
    auth::close_session(&state, &parts.headers).await.map_err(internal_error)?;
    tracing::info!(target: "security", event = "staff.sign_out");
    let cookie = auth::session_cookie(None, state.secure_cookies);
    let (clear, what) = auth::CLEAR_SITE_DATA;
    let headers =
        [(header::SET_COOKIE, cookie), (header::LOCATION, "/staff/login".to_owned()), (clear, what.to_owned())];
    Ok((StatusCode::SEE_OTHER, headers).into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn after_sign_in_the_portal_sends_only_to_its_own_staff_pages() {
        assert_eq!(safe_next("/staff/requests/TA-2026-0001"), "/staff/requests/TA-2026-0001");
        for elsewhere in [
            "https://evil.example/staff",
            "//evil.example/staff",
            "/staff//evil.example",
            "/\\evil.example",
            "/staff/login",
            "/grants",
            "",
        ] {
            assert_eq!(safe_next(elsewhere), "/staff", "{elsewhere}");
        }
    }
}

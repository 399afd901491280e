//! A forgotten staff password (ASVS 6.4.3). `/staff/forgot` e-mails a link when an active
//! account uses the address and answers the same either way; the link (10 minutes, once)
//! opens a form for a new password and, when the account has a second factor, its current
//! code: the link replaces what was forgotten, never the second factor. A wrong code counts
//! as a failed sign-in, so codes cannot be guessed through this form either. Setting the
//! password ends every session of the account.

use std::net::SocketAddr;

use app::db::addresses::address_key;
use app::db::{password_resets, staff};
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::i18n::locale_from_headers;
use app::pages::staff::password::PasswordProblem;
use app::pages::staff::reset::{ForgotView, ResetView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use time::{Duration, OffsetDateTime};

use crate::auth::{self, rfc3339};
use crate::routes::render::{internal_error, not_found, render, Answer};
use crate::{now_rfc3339, now_unix, AppState};

/// How long a reset link works.
const RESET_LINK_FOR: Duration = Duration::minutes(10);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/staff/forgot", "/staff/reset/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/forgot", get(forgot_page).post(ask_for_link))
        .route("/staff/reset/{token}", get(reset_page).post(reset))
        .layer(DefaultBodyLimit::max(crate::policy::STAFF_FORM_BODY_LIMIT))
}

async fn forgot_page(State(state): State<AppState>, parts: Parts) -> Response {
    let sent = parts.uri.query() == Some("sent=1");
    render(&state, parts, ForgotView { email: String::new(), errors: Vec::new(), sent }, StatusCode::OK).await
}

/// E-mails a reset link when an active account uses the address; answers the same either way.
async fn ask_for_link(State(state): State<AppState>, parts: Parts, body: Bytes) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let address = form.text("email").unwrap_or_default();
    let problem = if address.is_empty() { Some(Problem::Required) } else { rules::email(&address).err() };
    if let Some(problem) = problem {
        let errors = vec![FieldError::new("email", problem)];
        let view = ForgotView { email: form.raw("email").to_owned(), errors, sent: false };
        return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let limit = crate::limits::SIGN_IN_LINKS_PER_ACCOUNT;
    crate::limits::check_account(&state, &parts.headers, &parts.extensions, limit, &address_key(&address)).await?;
    // Known or not, the address gets the same answer at the same time.
    let started = tokio::time::Instant::now();
    if let Some(record) = staff::find_for_login(&state.pool, &address).await.map_err(internal_error)? {
        let token = new_token();
        let link = format!("{}/staff/reset/{token}", state.public_url);
        let locale = locale_from_headers(&parts.headers);
        let mail = app::mail::staff_password_reset(locale, &record.user.email, &link, record.user.id);
        let now = OffsetDateTime::now_utc();
        let (hash, expires_at) = (token_hash(&token), rfc3339(now + RESET_LINK_FOR));
        password_resets::create(&state.pool, record.user.id, &hash, &expires_at, &mail, &rfc3339(now))
            .await
            .map_err(internal_error)?;
        tracing::info!(target: "security", event = "staff.password_reset_asked", user = record.user.id);
    }
    crate::limits::even_out(started).await;
    Ok(Redirect::to("/staff/forgot?sent=1").into_response())
}

/// The account a working link belongs to; `Err`: the page to answer with instead.
async fn linked_account(state: &AppState, token: &str, parts: Parts) -> Result<(staff::LoginRecord, Parts), Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts).await);
    }
    let email =
        password_resets::account_of(&state.pool, &token_hash(token), &now_rfc3339()).await.map_err(internal_error)?;
    let record = match email {
        Some(email) => staff::find_for_login(&state.pool, &email).await.map_err(internal_error)?,
        None => None,
    };
    match record {
        Some(record) => Ok((record, parts)),
        None => Err(render(state, parts, ResetView::Expired, StatusCode::GONE).await),
    }
}

fn form_view(token: &str, record: &staff::LoginRecord, problems: Vec<(&'static str, PasswordProblem)>) -> ResetView {
    ResetView::Form { action: format!("/staff/reset/{token}"), needs_code: record.totp_secret.is_some(), problems }
}

async fn reset_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let (record, parts) = linked_account(&state, &token, parts).await?;
    Ok(render(&state, parts, form_view(&token, &record, Vec::new()), StatusCode::OK).await)
}

/// Checks the lockout, the new password and the code, then uses the link.
async fn reset(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (record, parts) = linked_account(&state, &token, parts).await?;
    let form = RawForm::from_urlencoded(&body);
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    let attempt = auth::Attempt::begin(&state, &client, &record.user.email).await.map_err(internal_error)?;
    if attempt.locked.client || attempt.locked.account {
        attempt.forget(&state).await.map_err(internal_error)?;
        let locked = PasswordProblem::Locked { minutes: auth::FAILURE_WINDOW.whole_minutes() };
        let page = render(
            &state,
            parts,
            form_view(&token, &record, vec![("new_password", locked)]),
            StatusCode::TOO_MANY_REQUESTS,
        );
        return Err(auth::wait_out_lockout(page.await));
    }
    let new_password = form.raw("new_password");
    let mut problems = Vec::new();
    if let Some(problem) = auth::password_problem(new_password, &record.user.email, &record.user.name) {
        problems.push(("new_password", problem.into()));
    }
    if let Some(secret) = &record.totp_secret {
        let step = auth::totp_step(secret, &record.user.email, form.raw("code"), now_unix());
        let first_use = match step {
            Some(step) if problems.is_empty() => {
                staff::use_totp_step(&state.pool, record.user.id, step as i64).await.map_err(internal_error)?
            }
            // Checked again with the next try, once the password is acceptable.
            Some(_) => true,
            None => false,
        };
        if !first_use {
            problems.push(("code", PasswordProblem::CodeWrong));
        }
    }
    // Only a wrong code is a failed attempt.
    let code_wrong = problems.iter().any(|(field, _)| *field == "code");
    if !code_wrong {
        attempt.forget(&state).await.map_err(internal_error)?;
    }
    if !problems.is_empty() {
        let view = form_view(&token, &record, problems);
        return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let hash =
        auth::hash_password(new_password).map_err(|error| internal_error(format!("hashing a password: {error}")))?;
    if !password_resets::reset(&state.pool, &token_hash(&token), &hash, &now_rfc3339()).await.map_err(internal_error)? {
        return Err(render(&state, parts, ResetView::Expired, StatusCode::GONE).await);
    }
    tracing::info!(target: "security", event = "staff.password_reset", user = record.user.id, client);
    Ok(Redirect::to("/staff/login?reset=1").into_response())
}

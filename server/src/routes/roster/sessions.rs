//! `/experts/me/sessions`: where an expert's profile is signed in (ASVS 7.5.2). With no
//! password to type again, an expert ends other sessions only from a session opened by an
//! e-mailed link within `RECENT_SIGN_IN`; otherwise the page offers a fresh link.

use app::db::addresses::address_key;
use app::db::sessions::{self, EndSessions, Holder};
use app::domain::form::RawForm;
use app::domain::staff::SessionSummary;
use app::pages::roster::sessions::{ExpertSessionsView, SessionsNotice};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::space::{current_session_hash, own_record, send_sign_in_link, SignedInExpert};
use crate::auth::rfc3339;
use crate::policy::EXPERT_IDLE_TIMEOUT;
use crate::policy::FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, refuse, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// How recently this session must have been opened by a link to end others.
const RECENT_SIGN_IN: Duration = Duration::minutes(10);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 1] = ["/experts/me/sessions"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/experts/me/sessions", get(sessions_page).post(end_sessions))
        .route("/experts/me/sessions/link", post(confirm_by_link))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

#[derive(Deserialize)]
struct SessionsQuery {
    ended: Option<u64>,
    sent: Option<String>,
}

async fn sessions_page(
    State(state): State<AppState>,
    SignedInExpert(id): SignedInExpert,
    Query(query): Query<SessionsQuery>,
    parts: Parts,
) -> Response {
    let notice = match (query.ended, query.sent) {
        (Some(count), _) => Some(SessionsNotice::Ended(count)),
        (None, Some(_)) => Some(SessionsNotice::LinkSent),
        _ => None,
    };
    sessions_view(&state, id, parts, notice, StatusCode::OK).await
}

async fn sessions_view(
    state: &AppState,
    id: i64,
    parts: Parts,
    notice: Option<SessionsNotice>,
    status: StatusCode,
) -> Response {
    match own_sessions(state, id, &parts).await {
        Ok((sessions, can_end)) => render(state, parts, ExpertSessionsView { sessions, can_end, notice }, status).await,
        Err(error) => internal_error(error),
    }
}

/// The expert's live sessions, and whether this one was opened recently enough to end
/// the others.
async fn own_sessions(state: &AppState, id: i64, parts: &Parts) -> Result<(Vec<SessionSummary>, bool), sqlx::Error> {
    let current = current_session_hash(state, parts).unwrap_or_default();
    let now = OffsetDateTime::now_utc();
    let (now_text, idle_since) = (rfc3339(now), rfc3339(now - EXPERT_IDLE_TIMEOUT));
    let sessions = sessions::live_sessions(&state.pool, Holder::Expert(id), &current, &now_text, &idle_since).await?;
    let recent_since = rfc3339(now - RECENT_SIGN_IN);
    let can_end = sessions.iter().any(|s| s.current && s.started_at > recent_since);
    Ok((sessions, can_end))
}

/// Ends one other session or all of them, if this session was opened by a link within
/// `RECENT_SIGN_IN`; otherwise the page says to confirm by a fresh link first (403).
async fn end_sessions(
    State(state): State<AppState>,
    SignedInExpert(id): SignedInExpert,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let current = current_session_hash(&state, &parts).unwrap_or_default();
    let Some(which) = EndSessions::from_button(form.raw("end"), &current) else {
        return Err(refuse(&parts.headers, Refusal::NoSessionNamed));
    };
    let (_, can_end) = own_sessions(&state, id, &parts).await.map_err(internal_error)?;
    if !can_end {
        return Err(sessions_view(&state, id, parts, None, StatusCode::FORBIDDEN).await);
    }
    let ended =
        sessions::end_sessions(&state.pool, Holder::Expert(id), which, &now_rfc3339()).await.map_err(internal_error)?;
    tracing::info!(target: "security", event = "expert.end_sessions", expert = id, ended);
    Ok(Redirect::to(&format!("/experts/me/sessions?ended={ended}")).into_response())
}

/// E-mails the signed-in expert a fresh sign-in link, so they can end sessions.
async fn confirm_by_link(State(state): State<AppState>, SignedInExpert(id): SignedInExpert, parts: Parts) -> Answer {
    let record = own_record(&state, id).await?;
    let address = record.form.text("email").unwrap_or_default();
    let limit = crate::limits::SIGN_IN_LINKS_PER_ACCOUNT;
    crate::limits::check_account(&state, &parts.headers, &parts.extensions, limit, &address_key(&address)).await?;
    send_sign_in_link(&state, id, &address, &record.locale).await?;
    Ok(Redirect::to("/experts/me/sessions?sent=1").into_response())
}

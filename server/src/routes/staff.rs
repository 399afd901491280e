//! The back office. Every handler but sign-in takes the `Staff` extractor (no session: sent
//! to sign-in) and checks that the user covers the request's region; a request outside it
//! answers 404, exactly like one that does not exist.

use std::net::SocketAddr;

use app::db::sessions::{self, EndSessions, Holder};
use app::db::ta_requests::PublishedIntervention;
use app::db::{outbox, staff, ta_requests};
use app::domain::filters::Dimension;
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::domain::staff::{InboxFilter, Role, StaffUser};
use app::domain::stage::Stage;
use app::domain::ta_request::{check, Choices, Publication, StoredRequest, NOTE_MAX};
use app::i18n::Locale;
use app::mail;
use app::pages::staff::{
    ActionOutcome, ForbiddenView, InboxView, LoginProblem, LoginView, OutboxView, StaffRequestView,
};
use app::pages::staff_password::{PasswordProblem, PasswordView};
use app::pages::staff_sessions::SessionsView;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use time::OffsetDateTime;

use super::render::{at_path, internal_error, not_found, refuse, render, Refusal};
use super::uploads;
use crate::auth::{self, Staff};
use crate::{now_rfc3339, now_unix, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 6] =
    ["/staff/login", "/staff", "/staff/requests/{reference}", "/staff/outbox", "/staff/password", "/staff/sessions"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/login", get(login_page).post(log_in))
        .route("/staff/logout", post(log_out))
        .route("/staff/password", get(password_page).post(change_password))
        .route("/staff/sessions", get(sessions_page).post(end_sessions))
        .route("/staff", get(inbox))
        .route("/staff/requests.csv", get(export_csv))
        .route("/staff/requests/{reference}", get(request_page))
        .route("/staff/requests/{reference}/stage", post(move_stage))
        .route("/staff/requests/{reference}/message", post(send_message))
        .route("/staff/requests/{reference}/note", post(add_note))
        .route("/staff/requests/{reference}/publish", post(publish))
        .route("/staff/requests/{reference}/attachments/{id}", get(download_attachment))
        .route("/staff/outbox", get(outbox))
        .layer(DefaultBodyLimit::max(64 * 1024))
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
) -> Response {
    let form = RawForm::from_urlencoded(&body);
    let email = form.text("email").unwrap_or_default();
    let password = form.raw("password").to_owned();
    let next = safe_next(form.raw("next")).to_owned();
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    let failed_view =
        |problem| LoginView { email: email.clone(), next: next.clone(), problem: Some(problem), password_reset: false };

    let attempt = match auth::Attempt::begin(&state, &client, &email).await {
        Ok(attempt) => attempt,
        Err(error) => return internal_error(error),
    };
    if attempt.locked.client || attempt.locked.account {
        if let Err(error) = attempt.forget(&state).await {
            return internal_error(error);
        }
        let minutes = auth::FAILURE_WINDOW.whole_minutes();
        let view = failed_view(LoginProblem::Locked { minutes });
        return auth::wait_out_lockout(render(&state, parts, view, StatusCode::TOO_MANY_REQUESTS).await);
    }

    let record = match staff::find_for_login(&state.pool, &email).await {
        Ok(record) => record,
        Err(error) => return internal_error(error),
    };
    let accepted = match &record {
        Some(record) => {
            let password_ok = auth::verify_password(&record.password_hash, &password);
            let code_ok = match &record.totp_secret {
                // Each code signs in once: its step is recorded, and only if the password
                // was right, so a stranger cannot spend the account's codes.
                Some(secret) => match auth::totp_step(secret, &record.user.email, form.raw("code"), now_unix()) {
                    Some(step) if password_ok => {
                        match staff::use_totp_step(&state.pool, record.user.id, step as i64).await {
                            Ok(first_use) => first_use,
                            Err(error) => return internal_error(error),
                        }
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
        return render(&state, parts, failed_view(LoginProblem::Failed), StatusCode::UNAUTHORIZED).await;
    };
    if let Err(error) = attempt.forget(&state).await {
        return internal_error(error);
    }
    match auth::open_session(&state, record.user.id, &parts.headers).await {
        Ok(token) => {
            tracing::info!(target: "security", event = "staff.sign_in", user = record.user.id, client);
            let cookie = auth::session_cookie(Some(&token), state.secure_cookies);
            (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, next)]).into_response()
        }
        Err(error) => internal_error(error),
    }
}

async fn log_out(State(state): State<AppState>, parts: Parts) -> Response {
    if let Err(error) = auth::close_session(&state, &parts.headers).await {
        return internal_error(error);
    }
    tracing::info!(target: "security", event = "staff.sign_out");
    let cookie = auth::session_cookie(None, state.secure_cookies);
    let (clear, what) = auth::CLEAR_SITE_DATA;
    let headers =
        [(header::SET_COOKIE, cookie), (header::LOCATION, "/staff/login".to_owned()), (clear, what.to_owned())];
    (StatusCode::SEE_OTHER, headers).into_response()
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
) -> Response {
    let form = RawForm::from_urlencoded(&body);
    let end_other_sessions = form.raw("end_other_sessions") == "yes";
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    let mut problems = Vec::new();
    match recheck_password(&state, &client, &user, form.raw("current_password")).await {
        Ok(None) => {}
        Ok(Some(locked @ PasswordProblem::Locked { .. })) => {
            let problems = vec![("current_password", locked)];
            let view = PasswordView { user, problems, end_other_sessions, changed: false };
            return auth::wait_out_lockout(render(&state, parts, view, StatusCode::TOO_MANY_REQUESTS).await);
        }
        Ok(Some(problem)) => problems.push(("current_password", problem)),
        Err(response) => return response,
    }
    let new_password = form.raw("new_password");
    if let Some(problem) = auth::password_problem(new_password, &user.email, &user.name) {
        problems.push(("new_password", problem.into()));
    }
    if !problems.is_empty() {
        let view = PasswordView { user, problems, end_other_sessions, changed: false };
        return render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let hash = match auth::hash_password(new_password) {
        Ok(hash) => hash,
        Err(error) => return internal_error(format!("hashing a password: {error}")),
    };
    let current = auth::session_token_hash(&state, &parts.headers).unwrap_or_default();
    match staff::change_password(&state.pool, user.id, &hash, end_other_sessions, &current, &now_rfc3339()).await {
        Ok(()) => Redirect::to("/staff/password?changed=1").into_response(),
        Err(error) => internal_error(error),
    }
}

/// Checks the password a signed-in member of staff typed again: `None` when right. A locked
/// account is refused, and a wrong password counts as a failed sign-in, so guessing it from
/// an open session meets the same lockout.
async fn recheck_password(
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
    let password_hash = match staff::find_for_login(&state.pool, &user.email).await {
        Ok(Some(record)) => record.password_hash,
        Ok(None) => return Err(internal_error("the signed-in account has no login record")),
        Err(error) => return Err(internal_error(error)),
    };
    if auth::verify_password(&password_hash, typed) {
        attempt.forget(state).await.map_err(internal_error)?;
        return Ok(None);
    }
    // The failure stays recorded.
    Ok(Some(PasswordProblem::CurrentWrong))
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
) -> Response {
    let form = RawForm::from_urlencoded(&body);
    let current = auth::session_token_hash(&state, &parts.headers).unwrap_or_default();
    let Some(which) = EndSessions::from_button(form.raw("end"), &current) else {
        return refuse(&parts.headers, Refusal::NoSessionNamed);
    };
    let client = crate::limits::client_address(&parts.headers, peer.ip(), &state.trusted_proxies).to_string();
    match recheck_password(&state, &client, &user, form.raw("current_password")).await {
        Ok(None) => {}
        Ok(Some(locked @ PasswordProblem::Locked { .. })) => {
            let page = sessions_view(&state, user, parts, Some(locked), None, StatusCode::TOO_MANY_REQUESTS).await;
            return auth::wait_out_lockout(page);
        }
        Ok(Some(problem)) => {
            return sessions_view(&state, user, parts, Some(problem), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(response) => return response,
    }
    match sessions::end_sessions(&state.pool, Holder::Staff(user.id), which, &now_rfc3339()).await {
        Ok(ended) => {
            tracing::info!(target: "security", event = "staff.end_sessions", user = user.id, ended, client);
            Redirect::to(&format!("/staff/sessions?ended={ended}")).into_response()
        }
        Err(error) => internal_error(error),
    }
}

/// The inbox filter of the request's query; a bad value is a 400 naming the parameters.
fn inbox_filter(state: &AppState, parts: &Parts) -> Result<InboxFilter, Response> {
    InboxFilter::parse(parts.uri.query().unwrap_or_default(), state.taxonomy.as_ref()).map_err(|errors| {
        let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
        (StatusCode::BAD_REQUEST, format!("Unknown filter values: {}", params.join(", "))).into_response()
    })
}

async fn inbox_rows(
    state: &AppState,
    user: &StaffUser,
    filter: &InboxFilter,
) -> Result<Vec<app::domain::ta_request::InboxRow>, sqlx::Error> {
    let before = filter
        .older_than_days
        .map(|days| auth::rfc3339(OffsetDateTime::now_utc() - time::Duration::days(i64::from(days))));
    ta_requests::inbox(&state.pool, user, filter, before.as_deref()).await
}

async fn inbox(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    let filter = match inbox_filter(&state, &parts) {
        Ok(filter) => filter,
        Err(response) => return response,
    };
    let rows = match inbox_rows(&state, &user, &filter).await {
        Ok(rows) => rows,
        Err(error) => return internal_error(error),
    };
    let counts = match ta_requests::count_by_stage(&state.pool, &user).await {
        Ok(counts) => counts,
        Err(error) => return internal_error(error),
    };
    let (by_region, by_topic) = match ta_requests::count_by_region_and_topic(&state.pool, &user).await {
        Ok(counts) => counts,
        Err(error) => return internal_error(error),
    };
    render(&state, parts, InboxView { user, filter, rows, counts, by_region, by_topic }, StatusCode::OK).await
}

async fn export_csv(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    let filter = match inbox_filter(&state, &parts) {
        Ok(filter) => filter,
        Err(response) => return response,
    };
    let csv = match inbox_rows(&state, &user, &filter).await.map(|rows| app::exports::requests_to_csv(&rows)) {
        Ok(Ok(csv)) => csv,
        Ok(Err(error)) => return internal_error(error),
        Err(error) => return internal_error(error),
    };
    let now = now_rfc3339();
    if let Err(error) =
        app::db::audit::record_read(&state.pool, &user.actor(), "export_csv", "ta_request", "inbox", &now).await
    {
        return internal_error(error);
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"ta-requests.csv\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        csv,
    )
        .into_response()
}

/// The request `reference` if `user` covers it; otherwise the not-found page.
pub(super) async fn covered_request(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    parts: Parts,
) -> Result<(StoredRequest, Parts), Response> {
    match ta_requests::find_by_reference(&state.pool, reference).await {
        Ok(Some(request)) if user.covers(request.region.as_deref()) => Ok((request, parts)),
        Ok(_) => Err(not_found(state, parts).await),
        Err(error) => Err(internal_error(error)),
    }
}

/// Actions post to `/staff/requests/{reference}/<action>`; their answer is the request's page.
fn as_request_page(parts: Parts, reference: &str) -> Parts {
    at_path(parts, &format!("/staff/requests/{reference}"))
}

async fn request_view(
    state: &AppState,
    user: StaffUser,
    request: StoredRequest,
    outcome: Option<ActionOutcome>,
    (typed, problems): (RawForm, Vec<FieldError>),
) -> Result<StaffRequestView, sqlx::Error> {
    let history = ta_requests::history(&state.pool, request.id).await?;
    let notes = ta_requests::notes(&state.pool, request.id).await?;
    let attachments = ta_requests::request_attachments(&state.pool, request.id).await?;
    let experts = super::staff_roster::request_experts(state, &request).await?;
    Ok(StaffRequestView { user, request, history, notes, attachments, outcome, typed, problems, experts })
}

fn no_problems() -> (RawForm, Vec<FieldError>) {
    (RawForm::default(), Vec::new())
}

async fn request_page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Response {
    let (request, parts) = match covered_request(&state, &user, &reference, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let outcome = match parts.uri.query().unwrap_or_default() {
        "done=moved" => Some(ActionOutcome::Moved),
        "done=message" => Some(ActionOutcome::MessageSent),
        "done=note" => Some(ActionOutcome::NoteAdded),
        "done=shortlisted" => Some(ActionOutcome::ExpertShortlisted),
        "done=contacted" => Some(ActionOutcome::ExpertContacted),
        "done=assigned" => Some(ActionOutcome::ExpertAssigned),
        _ => None,
    };
    match request_view(&state, user, request, outcome, no_problems()).await {
        Ok(view) => render(&state, parts, view, StatusCode::OK).await,
        Err(error) => internal_error(error),
    }
}

/// Re-renders the request's page with the problems next to their fields and the text kept.
pub(super) async fn with_problems(
    state: &AppState,
    parts: Parts,
    user: StaffUser,
    request: StoredRequest,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> Response {
    let parts = as_request_page(parts, &request.reference);
    match request_view(state, user, request, None, (typed, problems)).await {
        Ok(view) => render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(error) => internal_error(error),
    }
}

/// A required text of at most `NOTE_MAX` characters.
fn note_text(form: &RawForm, field: &str) -> Result<String, Vec<FieldError>> {
    let text = form.text(field).ok_or_else(|| vec![FieldError::new(field, Problem::Required)])?;
    rules::at_most(&text, NOTE_MAX).map_err(|p| vec![FieldError::new(field, p)])?;
    Ok(text)
}

fn requester_locale(request: &StoredRequest) -> Locale {
    Locale::from_code(&request.locale).unwrap_or_default()
}

async fn move_stage(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (request, parts) = match covered_request(&state, &user, &reference, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let form = RawForm::from_urlencoded(&body);
    let (Some(from), Some(to)) = (Stage::parse(form.raw("from")), Stage::parse(form.raw("to"))) else {
        return refuse(&parts.headers, Refusal::NoStagesNamed);
    };
    if from != request.stage {
        let parts = as_request_page(parts, &reference);
        return match request_view(&state, user, request, Some(ActionOutcome::MovedMeanwhile), no_problems()).await {
            Ok(view) => render(&state, parts, view, StatusCode::CONFLICT).await,
            Err(error) => internal_error(error),
        };
    }
    if to == Stage::Withdrawn || !from.can_move_to(to) {
        return (StatusCode::CONFLICT, format!("A request cannot move from {} to {}.", from.as_str(), to.as_str()))
            .into_response();
    }
    let reason = if to == Stage::Declined {
        match note_text(&form, "reason") {
            Ok(reason) => Some(reason),
            Err(problems) => return with_problems(&state, parts, user, request, form, problems).await,
        }
    } else {
        None
    };
    let to_address = request.focal_point.focal_email.clone().unwrap_or_default();
    let message =
        mail::stage_update(requester_locale(&request), &to_address, &request.reference, to, reason.as_deref());
    match ta_requests::move_stage(
        &state.pool,
        &request,
        from,
        to,
        &user.actor(),
        reason.as_deref(),
        &message,
        &now_rfc3339(),
    )
    .await
    {
        Ok(true) => Redirect::to(&format!("/staff/requests/{reference}?done=moved")).into_response(),
        Ok(false) => {
            match request_view(&state, user, request, Some(ActionOutcome::MovedMeanwhile), no_problems()).await {
                Ok(view) => render(&state, as_request_page(parts, &reference), view, StatusCode::CONFLICT).await,
                Err(error) => internal_error(error),
            }
        }
        Err(error) => internal_error(error),
    }
}

/// The request and the checked text of `field` posted to one of its text actions (message,
/// note); on a problem, the answer showing it next to the field.
async fn posted_text(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    parts: Parts,
    body: &[u8],
    field: &str,
) -> Result<(StoredRequest, String), Response> {
    let (request, parts) = covered_request(state, user, reference, parts).await?;
    let form = RawForm::from_urlencoded(body);
    match note_text(&form, field) {
        Ok(text) => Ok((request, text)),
        Err(problems) => Err(with_problems(state, parts, user.clone(), request, form, problems).await),
    }
}

async fn send_message(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (request, text) = match posted_text(&state, &user, &reference, parts, &body, "message").await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let to_address = request.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::staff_message(requester_locale(&request), &to_address, &request.reference, &text);
    match ta_requests::add_message(&state.pool, &request, &user.actor(), &text, &message, &now_rfc3339()).await {
        Ok(()) => Redirect::to(&format!("/staff/requests/{reference}?done=message")).into_response(),
        Err(error) => internal_error(error),
    }
}

async fn add_note(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (request, text) = match posted_text(&state, &user, &reference, parts, &body, "note").await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    match ta_requests::add_note(&state.pool, &request, &user, &text, &now_rfc3339()).await {
        Ok(()) => Redirect::to(&format!("/staff/requests/{reference}?done=note")).into_response(),
        Err(error) => internal_error(error),
    }
}

/// The outbox is the management unit's: coordinators get 403.
async fn outbox(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Response {
    if user.role != Role::Admin {
        return render(&state, parts, ForbiddenView { user }, StatusCode::FORBIDDEN).await;
    }
    let page = match one_page_number(parts.uri.query()) {
        Some(page) => page,
        None => return refuse(&parts.headers, Refusal::PageNumber),
    };
    match outbox::page(&state.pool, page, OUTBOX_PER_PAGE, crate::mailer::MAX_ATTEMPTS).await {
        Ok((rows, total)) => {
            let pages = (total + OUTBOX_PER_PAGE - 1) / OUTBOX_PER_PAGE;
            render(&state, parts, OutboxView { user, rows, page, pages }, StatusCode::OK).await
        }
        Err(error) => internal_error(error),
    }
}

const OUTBOX_PER_PAGE: i64 = 50;

/// `page=N` (1 to 100,000), or the first page without a query; `None` for anything else.
fn one_page_number(query: Option<&str>) -> Option<i64> {
    let Some(query) = query.filter(|q| !q.is_empty()) else { return Some(1) };
    let (name, value) = query.split_once('=')?;
    let page: i64 = value.parse().ok().filter(|n| (1..=100_000).contains(n))?;
    (name == "page").then_some(page)
}

/// Puts a completed request on the public map, with the title and summary staff wrote.
async fn publish(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let (request, parts) = match covered_request(&state, &user, &reference, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if request.stage != Stage::Completed || request.published.is_some() {
        return refuse(&parts.headers, Refusal::NotPublishable);
    }
    let form = RawForm::from_urlencoded(&body);
    let publication = match check::<Publication>(&form, &Choices::default()) {
        Ok(publication) => publication,
        Err(problems) => return with_problems(&state, parts, user, request, form, problems).await,
    };
    let publishable = publication.publishable();
    let language = publication.language.unwrap_or_default();
    let (title, summary) = (publication.title.unwrap_or_default(), publication.summary.unwrap_or_default());
    let now = now_rfc3339();
    let search_text = search_text_of(&state, &request, &title, &summary);
    let published = PublishedIntervention {
        title: &title,
        publishable,
        summary: &summary,
        language: &language,
        search_text: &search_text,
        today: &now[..10],
    };
    match ta_requests::publish(&state.pool, &request, &published, &user.actor(), &now).await {
        Ok(_) => Redirect::to(&format!("/staff/requests/{reference}")).into_response(),
        Err(error) => internal_error(error),
    }
}

/// What the map's free-text search matches for a published request: its texts and every
/// name of its country or organisation, folded like the rest of the map.
fn search_text_of(state: &AppState, request: &StoredRequest, title: &str, summary: &str) -> String {
    let mut parts: Vec<&str> = vec![title, summary];
    parts.extend(request.details.objectives.as_deref());
    parts.extend(request.institution.institution.as_deref());
    let taxonomy = state.taxonomy.as_ref();
    if let Some(country) = request.institution.country.as_deref().and_then(|c| taxonomy.country(c)) {
        parts.extend(country.term.labels.iter().map(|(_, label)| label.as_str()));
    }
    if let Some(code) = request.institution.organisation.as_deref() {
        parts.push(code);
        if let Some(term) = taxonomy.find(Dimension::Organisation, code) {
            parts.extend(term.labels.iter().map(|(_, label)| label.as_str()));
        }
    }
    app::domain::taxonomy::fold(&parts.join("\n"))
}

/// A request's attachment, for staff who cover the request only. Sent as a download, never
/// shown inline, and never cached.
async fn download_attachment(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((reference, id)): Path<(String, i64)>,
    parts: Parts,
) -> Response {
    let (request, parts) = match covered_request(&state, &user, &reference, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (name, stored_name) = match ta_requests::attachment_file(&state.pool, request.id, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(&state, parts).await,
        Err(error) => return internal_error(error),
    };
    let bytes = match tokio::fs::read(state.files_dir.join(&stored_name)).await {
        Ok(bytes) => bytes,
        Err(error) => return internal_error(format!("attachment {stored_name} unreadable: {error}")),
    };
    uploads::pdf_download(&name, bytes)
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

//! The expert's own space. Signing in is by a single-use link e-mailed to the profile's
//! address (10 minutes; no password, and the form never says whether an address has a
//! profile); the link opens a page whose button starts a session kept in the database.
//! Signed in, the expert edits any part of the profile with the application's own steps,
//! replaces the CV, downloads everything stored about them, or erases it all.

use std::io::Write;

use app::components::step_form::StepPage;
use app::db::addresses::address_key;
use app::db::files;
use app::db::roster::{self, AddressChange, NewLink};
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::domain::roster::{ExpertForm, ExpertRecord, FormStep, LinkPurpose, Step, CV_FILE};
use app::i18n::Locale;
use app::mail;
use app::pages::roster::form::ExpertFormView;
use app::pages::roster::notice::RosterNoticeView;
use app::pages::roster::space::{ExpertSignInView, ExpertSpaceView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::auth::{rfc3339, session_cookie_value, set_session_cookie};
use crate::policy::{CV_BODY_LIMIT, EXPERT_IDLE_TIMEOUT, EXPERT_SESSION_FOR, FORM_BODY_LIMIT};
use crate::routes::render::{internal_error, not_found, render, Answer};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

pub const EXPERT_COOKIE: &str = "portal_expert";
/// How long an e-mailed sign-in link works.
const SIGN_IN_LINK_FOR: Duration = Duration::minutes(10);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 7] = [
    "/experts/address/{token}",
    "/experts/sign-in",
    "/experts/sign-in/{token}",
    "/experts/erased",
    "/experts/me",
    "/experts/me/erase",
    "/experts/me/{step}",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/experts/sign-in", get(sign_in_page).post(ask_for_link))
        .route("/experts/sign-in/{token}", get(open_profile_page).post(open_profile))
        .route("/experts/sign-out", post(sign_out))
        .route("/experts/address/{token}", get(address_page).post(change_address))
        .route("/experts/erased", get(erased))
        .route("/experts/me", get(space))
        .route("/experts/me/data", get(download))
        .route("/experts/me/erase", get(erase_page).post(erase))
        .route("/experts/me/{step}", get(edit_step).post(save_step))
        .route("/experts/me/cv", get(edit_cv).post(replace_cv).layer(DefaultBodyLimit::max(CV_BODY_LIMIT)))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// An expert signed in to their own space. Routes that take it answer only for the
/// session's own profile; without a live session the reader is sent to sign in.
pub struct SignedInExpert(pub i64);

impl FromRequestParts<AppState> for SignedInExpert {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let to_sign_in = || Redirect::to("/experts/sign-in").into_response();
        let Some(hash) = current_session_hash(state, parts) else {
            return Err(to_sign_in());
        };
        let now = OffsetDateTime::now_utc();
        match roster::session_expert(&state.pool, &hash, &rfc3339(now), &rfc3339(now - EXPERT_IDLE_TIMEOUT)).await {
            Ok(Some(id)) => Ok(SignedInExpert(id)),
            Ok(None) => Err(to_sign_in()),
            Err(error) => Err(internal_error(error)),
        }
    }
}

#[derive(Deserialize)]
struct SentQuery {
    sent: Option<String>,
    saved: Option<String>,
}

async fn sign_in_page(State(state): State<AppState>, Query(query): Query<SentQuery>, parts: Parts) -> Response {
    let view = ExpertSignInView { address: String::new(), errors: Vec::new(), sent: query.sent.is_some() };
    render(&state, parts, view, StatusCode::OK).await
}

/// E-mails a sign-in link when a profile has the address; answers the same either way.
async fn ask_for_link(State(state): State<AppState>, parts: Parts, body: Bytes) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let address = form.text("email").unwrap_or_default();
    let problem = if address.is_empty() { Some(Problem::Required) } else { rules::email(&address).err() };
    if let Some(problem) = problem {
        let view = ExpertSignInView {
            address: form.raw("email").to_owned(),
            errors: vec![FieldError::new("email", problem)],
            sent: false,
        };
        return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let limit = crate::limits::SIGN_IN_LINKS_PER_ACCOUNT;
    crate::limits::check_account(&state, &parts.headers, &parts.extensions, limit, &address_key(&address)).await?;
    // Known or not, the address gets the same answer at the same time.
    let started = tokio::time::Instant::now();
    if let Some(profile) = roster::find_by_address(&state.pool, &address).await.map_err(internal_error)? {
        send_sign_in_link(&state, profile.id, &profile.email, &profile.locale).await?;
    }
    crate::limits::even_out(started).await;
    Ok(Redirect::to("/experts/sign-in?sent=1").into_response())
}

/// E-mails profile `id` a sign-in link to `address`, in the profile's language.
pub(super) async fn send_sign_in_link(state: &AppState, id: i64, address: &str, locale: &str) -> Result<(), Response> {
    let token = new_token();
    let link = format!("{}/experts/sign-in/{token}", state.public_url);
    let locale = Locale::from_code(locale).unwrap_or_default();
    let message = mail::expert_sign_in_link(locale, address, &link, id);
    let now = OffsetDateTime::now_utc();
    let expires_at = rfc3339(now + SIGN_IN_LINK_FOR);
    let link = NewLink {
        token_hash: &token_hash(&token),
        purpose: LinkPurpose::SignIn,
        expires_at: &expires_at,
        new_email: None,
    };
    roster::send_link(&state.pool, id, link, &message, &rfc3339(now)).await.map_err(internal_error)
}

/// A sign-in link shows a button; it does not sign in by being opened.
async fn open_profile_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let action = format!("/experts/sign-in/{token}");
    button_for_link(&state, &token, parts, LinkPurpose::SignIn, RosterNoticeView::OpenProfile { action }).await
}

/// The page of an e-mailed link: `button` (which does what the link is for) while the link
/// works, else the page saying it expired (410). Opening a link never acts by itself.
pub(super) async fn button_for_link(
    state: &AppState,
    token: &str,
    parts: Parts,
    purpose: LinkPurpose,
    button: RosterNoticeView,
) -> Answer {
    if !looks_like_token(token) {
        return Err(not_found(state, parts).await);
    }
    let works =
        roster::link_works(&state.pool, &token_hash(token), purpose, &now_rfc3339()).await.map_err(internal_error)?;
    if !works {
        return Err(render(state, parts, RosterNoticeView::LinkExpired, StatusCode::GONE).await);
    }
    Ok(render(state, parts, button, StatusCode::OK).await)
}

async fn open_profile(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    if !looks_like_token(&token) {
        return Err(not_found(&state, parts).await);
    }
    let session = new_token();
    let now = OffsetDateTime::now_utc();
    let device = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).and_then(crate::auth::device_of);
    let replaced = current_session_hash(&state, &parts);
    let new_session = roster::NewExpertSession {
        token_hash: &token_hash(&session),
        device: device.as_deref(),
        now: &rfc3339(now),
        expires_at: &rfc3339(now + EXPERT_SESSION_FOR),
        replaces: replaced.as_deref(),
    };
    let Some(expert) = roster::sign_in(&state.pool, &token_hash(&token), new_session).await.map_err(internal_error)?
    else {
        return Err(render(&state, parts, RosterNoticeView::LinkExpired, StatusCode::GONE).await);
    };
    tracing::info!(target: "security", event = "expert.sign_in", expert);
    let cookie = set_session_cookie(EXPERT_COOKIE, Some(&session), EXPERT_SESSION_FOR, state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/experts/me")).into_response())
}

/// The hash of this browser's expert session token, if it holds one.
pub(super) fn current_session_hash(state: &AppState, parts: &Parts) -> Option<String> {
    let expert_cookie = session_cookie_value(&parts.headers, EXPERT_COOKIE, state.secure_cookies);
    expert_cookie.filter(|t| looks_like_token(t)).map(|token| token_hash(&token))
}

async fn sign_out(State(state): State<AppState>, parts: Parts) -> Answer {
    if let Some(hash) = current_session_hash(&state, &parts) {
        roster::sign_out(&state.pool, &hash).await.map_err(internal_error)?;
        tracing::info!(target: "security", event = "expert.sign_out");
    }
    let cookie = set_session_cookie(EXPERT_COOKIE, None, EXPERT_SESSION_FOR, state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], [crate::auth::CLEAR_SITE_DATA], Redirect::to("/experts/sign-in"))
        .into_response())
}

/// The signed-in expert's profile (a session whose profile is gone signs out).
pub(super) async fn own_record(state: &AppState, id: i64) -> Result<ExpertRecord, Response> {
    match roster::load(&state.pool, id).await {
        Ok(Some(record)) => Ok(record),
        Ok(None) => Err(Redirect::to("/experts/sign-in").into_response()),
        Err(error) => Err(internal_error(error)),
    }
}

fn edit_view(step: Step, record: &ExpertRecord) -> ExpertFormView {
    let action = format!("/experts/me/{}", step.slug());
    ExpertFormView {
        journey: StepPage::new(step, action, record.form.clone(), Some("/experts/me".into())),
        cv: record.cv.clone(),
        editing: true,
    }
}

async fn space(
    State(state): State<AppState>,
    SignedInExpert(id): SignedInExpert,
    Query(query): Query<SentQuery>,
    parts: Parts,
) -> Answer {
    let record = own_record(&state, id).await?;
    let assignments = app::db::assignments::for_expert(&state.pool, id).await.map_err(internal_error)?;
    let view = ExpertSpaceView {
        profile: edit_view(Step::Consent, &record),
        status: record.status,
        saved: query.saved.is_some(),
        address_pending: query.saved.as_deref() == Some("address"),
        assignments,
    };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

async fn edit_step(
    State(state): State<AppState>,
    SignedInExpert(id): SignedInExpert,
    Path(step): Path<String>,
    parts: Parts,
) -> Answer {
    let Some(step) = Step::from_slug(&step) else { return Err(not_found(&state, parts).await) };
    let record = own_record(&state, id).await?;
    Ok(render(&state, parts, edit_view(step, &record), StatusCode::OK).await)
}

async fn edit_cv(state: State<AppState>, expert: SignedInExpert, parts: Parts) -> Answer {
    edit_step(state, expert, Path(Step::Cv.slug().to_owned()), parts).await
}

/// Saves one part of the profile once it passes its rules. A new address is not taken at
/// once (it is how the expert signs in): a link goes to it, and the change happens when
/// that link is followed.
async fn save_step(
    State(state): State<AppState>,
    SignedInExpert(id): SignedInExpert,
    Path(step): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let Some(step) = Step::from_slug(&step).filter(|s| *s != Step::Cv) else {
        return Err(not_found(&state, parts).await);
    };
    let mut record = own_record(&state, id).await?;
    let address = record.form.raw("email").to_owned();
    record.form.replace_fields(step.fields(), &RawForm::from_urlencoded(&body));
    let errors = step.problems(&record.form, &state.expert_choices);
    if !errors.is_empty() {
        let mut view = edit_view(step, &record);
        view.journey.errors = errors;
        return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let new_address = record.form.text("email").filter(|a| !a.eq_ignore_ascii_case(address.trim()));
    record.form.set("email", vec![address]);
    let checked = ExpertForm::check(&record.form, &state.expert_choices).ok();
    let now = now_rfc3339();
    roster::update_profile(&state.pool, id, &record.form, checked.as_ref(), &now).await.map_err(internal_error)?;
    let Some(new_address) = new_address else { return Ok(Redirect::to("/experts/me?saved=1").into_response()) };
    let token = new_token();
    let link = format!("{}/experts/address/{token}", state.public_url);
    let locale = Locale::from_code(&record.locale).unwrap_or_default();
    let message = mail::expert_address_change_link(locale, &new_address, &link, id);
    let expires_at = rfc3339(OffsetDateTime::now_utc() + crate::policy::CONFIRM_FOR);
    let link = NewLink {
        token_hash: &token_hash(&token),
        purpose: LinkPurpose::ChangeAddress,
        expires_at: &expires_at,
        new_email: Some(&new_address),
    };
    roster::send_link(&state.pool, id, link, &message, &now).await.map_err(internal_error)?;
    Ok(Redirect::to("/experts/me?saved=address").into_response())
}

/// An address-change link shows a button; it does not act by being opened.
async fn address_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let button = RosterNoticeView::ConfirmNewAddress { action: format!("/experts/address/{token}") };
    button_for_link(&state, &token, parts, LinkPurpose::ChangeAddress, button).await
}

async fn change_address(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    if !looks_like_token(&token) {
        return Err(not_found(&state, parts).await);
    }
    let (notice, status) =
        match roster::change_address(&state.pool, &token_hash(&token), &now_rfc3339()).await.map_err(internal_error)? {
            AddressChange::Changed => (RosterNoticeView::AddressChanged, StatusCode::OK),
            AddressChange::Taken => (RosterNoticeView::AddressTaken, StatusCode::CONFLICT),
            AddressChange::Invalid => (RosterNoticeView::LinkExpired, StatusCode::GONE),
        };
    Ok(render(&state, parts, notice, status).await)
}

async fn replace_cv(State(state): State<AppState>, SignedInExpert(id): SignedInExpert, request: Request) -> Answer {
    let (parts, body) = request.into_parts();
    let record = own_record(&state, id).await?;
    let request = Request::from_parts(parts.clone(), body);
    let post = uploads::read_pdf_post(&state, request, &format!("expert:{id}"), &CV_FILE, &[]).await?;
    // Here the CV is replaced, never removed: a post without a file is a problem too.
    let refusal = post.refusal().or_else(|| {
        post.file
            .is_none()
            .then(|| (vec![FieldError::new(CV_FILE.name, Problem::Required)], StatusCode::UNPROCESSABLE_ENTITY))
    });
    if let Some((errors, status)) = refusal {
        let mut view = edit_view(Step::Cv, &record);
        view.journey.errors = errors;
        return Err(render(&state, parts, view, status).await);
    }
    let Some(file) = post.file else { return Err(internal_error("no file after a successful upload")) };
    let recorded = roster::replace_cv(&state.pool, id, &file.as_new(), &now_rfc3339()).await;
    uploads::settle(&state, file, recorded).await?;
    Ok(Redirect::to("/experts/me?saved=1").into_response())
}

/// Everything stored about the expert, at once: `profile.json` and the CV, in a ZIP file.
async fn download(State(state): State<AppState>, SignedInExpert(id): SignedInExpert) -> Answer {
    let Some(export) = roster::export(&state.pool, id).await.map_err(internal_error)? else {
        return Err(Redirect::to("/experts/sign-in").into_response());
    };
    let cv = match files::stored(&state.pool, roster::CV, id).await.map_err(internal_error)? {
        Some((name, stored)) => {
            Some((name, tokio::fs::read(state.files_dir.join(stored)).await.map_err(internal_error)?))
        }
        None => None,
    };
    let archive = zip_of(&export, cv).map_err(internal_error)?;
    let mut response = archive.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"my-expert-profile.zip\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The ZIP archive of an export: stored, not compressed (a PDF is compressed already).
fn zip_of(export: &serde_json::Value, cv: Option<(String, Vec<u8>)>) -> Result<Vec<u8>, zip::result::ZipError> {
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    archive.start_file("profile.json", options)?;
    archive.write_all(&serde_json::to_vec_pretty(export).unwrap_or_default())?;
    if let Some((name, bytes)) = cv {
        archive.start_file(format!("cv/{name}"), options)?;
        archive.write_all(&bytes)?;
    }
    Ok(archive.finish()?.into_inner())
}

async fn erase_page(State(state): State<AppState>, _expert: SignedInExpert, parts: Parts) -> Response {
    render(&state, parts, RosterNoticeView::ConfirmErase, StatusCode::OK).await
}

/// Erases the profile, its CV and its e-mails, and signs out.
async fn erase(State(state): State<AppState>, SignedInExpert(id): SignedInExpert) -> Answer {
    let cv_file = roster::erase(&state.pool, id, &now_rfc3339()).await.map_err(internal_error)?;
    crate::files::discard(&state.files_dir, cv_file).await;
    // Erased means gone from the database's files too; the erasure stands if this fails.
    if let Err(error) = roster::scrub_erased(&state.pool).await {
        tracing::error!(%error, "scrubbing the database after an erasure failed");
    }
    let cookie = set_session_cookie(EXPERT_COOKIE, None, EXPERT_SESSION_FOR, state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], [crate::auth::CLEAR_SITE_DATA], Redirect::to("/experts/erased"))
        .into_response())
}

async fn erased(State(state): State<AppState>, parts: Parts) -> Response {
    render(&state, parts, RosterNoticeView::Erased, StatusCode::OK).await
}

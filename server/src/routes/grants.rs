//! Grants for non-state actors, public side: the list of calls, a call's page, the
//! application as plain form posts (each step checked with the call's rules, saved even with
//! problems, then on to the next step (303) or back with the problems (422)), submission and
//! resubmission until the deadline, and the tracking page.

use app::app::locale_from_headers;
use app::components::step_form::LinkMail;
use app::db::files;
use app::db::grants::applications::{self, Application, CertificateOf, Submission, Submitted};
use app::db::grants::calls;
use app::domain::form::{rules, RawForm};
use app::domain::grant::{
    ApplicationStatus, Budget, Call, CallPhase, FormStep, GrantChoices, GrantForm, Step, CERTIFICATE_FILE,
};
use app::i18n::Locale;
use app::mail::{self, GrantReceipt};
use app::pages::grant_form::GrantFormView;
use app::pages::grants::{GrantCallView, GrantTrackingView, GrantsListView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::render::{found_or_404, internal_error, not_found, render, render_public, Answer};
use super::requests::FORM_BODY_LIMIT;
use super::steps::{posted, Action};
use super::uploads;
use crate::{now_rfc3339, AppState};

/// Largest certificate upload: the file plus the form's few other parts.
pub const CERTIFICATE_BODY_LIMIT: usize = uploads::body_limit(&CERTIFICATE_FILE);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 5] =
    ["/grants", "/grants/{slug}", "/grants/{slug}/apply", "/grants/apply/{token}/{step}", "/grants/track/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/grants", get(list))
        .route("/grants/{slug}", get(call_page))
        .route("/grants/{slug}/apply", get(new_application).post(start_application))
        .route("/grants/apply/{token}", get(resume))
        .route("/grants/apply/{token}/{step}", get(show_step).post(post_step))
        // The certificate is a multipart post with a larger limit of its own.
        .route(
            "/grants/apply/{token}/certificate",
            get(show_certificate).post(upload_certificate).layer(DefaultBodyLimit::max(CERTIFICATE_BODY_LIMIT)),
        )
        .route("/grants/track/{token}", get(track))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

fn application_path(token: &str) -> String {
    format!("/grants/apply/{token}")
}

fn step_path(token: &str, step: Step) -> String {
    format!("/grants/apply/{token}/{}", step.slug())
}

fn this_year(now: &str) -> u32 {
    now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026)
}

fn choices(state: &AppState, call: &Call, now: &str) -> GrantChoices {
    call.choices(&state.taxonomy, this_year(now))
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

/// The published call at `slug`, or the "not found" page.
async fn published_call(state: &AppState, slug: &str, parts: &Parts) -> Result<Call, Response> {
    found_or_404(state, parts, calls::published_by_slug(&state.pool, slug).await).await
}

async fn call_page(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    let phase = call.phase_at(&now_rfc3339());
    Ok(render_public(&state, parts, GrantCallView { call, phase }).await)
}

fn blank_view(call: Call, phase: CallPhase, action: String, now: &str) -> GrantFormView {
    GrantFormView {
        call,
        phase,
        step: Step::Organisation,
        action,
        form: RawForm::default(),
        errors: Vec::new(),
        incomplete: Vec::new(),
        draft_path: None,
        saved: None,
        submitted: None,
        certificate: None,
        resubmitted: false,
        too_large: false,
        budget_rows: 0,
        this_year: this_year(now),
    }
}

async fn new_application(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    let now = now_rfc3339();
    let phase = call.phase_at(&now);
    if phase != CallPhase::Open {
        return Ok(Redirect::to(&format!("/grants/{slug}")).into_response());
    }
    let action = format!("/grants/{slug}/apply");
    Ok(render_public(&state, parts, blank_view(call, phase, action, &now)).await)
}

/// The first step creates the application once its answers pass; until then nothing is
/// stored and the page comes back with the answers and their problems.
async fn start_application(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    let now = now_rfc3339();
    let phase = call.phase_at(&now);
    let blank = blank_view(call.clone(), phase, format!("/grants/{slug}/apply"), &now);
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            return Ok(
                render(&state, parts, GrantFormView { too_large: true, ..blank }, StatusCode::PAYLOAD_TOO_LARGE).await
            )
        }
        Err(Some(response)) => return Err(response),
    };
    let form = RawForm::from_urlencoded(&body).only(Step::Organisation.fields());
    if phase != CallPhase::Open {
        // The call closed while the reader typed: the page says so and shows the answers.
        return Ok(render(&state, parts, GrantFormView { form, ..blank }, StatusCode::CONFLICT).await);
    }
    let errors = Step::Organisation.problems(&form, &choices(&state, &call, &now));
    if !errors.is_empty() {
        let view = GrantFormView { form, errors, ..blank };
        return Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let token = new_token();
    let locale = locale_from_headers(&parts.headers);
    applications::create_draft(&state.pool, call.id, &token_hash(&token), &form, locale.code(), &now)
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to(&step_path(&token, Step::Project)).into_response())
}

/// An application found by its secret link, with its call.
struct Found {
    application: Application,
    call: Call,
}

impl Found {
    /// An application changes only while its call is open and no decision is made on it:
    /// after that, what staff read and decide on must stay what was submitted.
    fn accepts_changes(&self, now: &str) -> bool {
        self.call.phase_at(now) == CallPhase::Open
            && matches!(self.application.status, ApplicationStatus::Draft | ApplicationStatus::Submitted)
    }
}

/// The 409 page for a change that came too late: the step with the answers as they stand and
/// the notice that the call is closed.
async fn too_late(state: &AppState, parts: Parts, token: &str, step: Step, found: &Found, now: &str) -> Answer {
    let view = view_of(state, token, step, found, now).await?;
    Ok(render(state, parts, view, StatusCode::CONFLICT).await)
}

async fn load(state: &AppState, token: &str, parts: &Parts) -> Result<Found, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    let application =
        found_or_404(state, parts, applications::find_by_token(&state.pool, &token_hash(token)).await).await?;
    let call = found_or_404(state, parts, calls::find(&state.pool, application.call_id).await).await?;
    Ok(Found { application, call })
}

/// The page of `step` for a stored application, with its certificate and, on the review,
/// every problem left.
async fn view_of(
    state: &AppState,
    token: &str,
    step: Step,
    found: &Found,
    now: &str,
) -> Result<GrantFormView, Response> {
    let Found { application, call } = found;
    let certificate =
        files::attached(&state.pool, CertificateOf::Working.slot(), application.id).await.map_err(internal_error)?;
    let incomplete = match step {
        Step::Review => {
            let choices = choices(state, call, now);
            Step::ALL
                .into_iter()
                .flat_map(|s| s.problems(&application.form, &choices).into_iter().map(move |e| (s, e)))
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(GrantFormView {
        call: call.clone(),
        // A decided application is shown as closed: the form is not offered any more.
        phase: if found.accepts_changes(now) { call.phase_at(now) } else { CallPhase::Closed },
        step,
        action: step_path(token, step),
        form: application.form.clone(),
        errors: Vec::new(),
        incomplete,
        draft_path: Some(application_path(token)),
        saved: None,
        submitted: application.reference.clone().zip(application.submitted_at.clone()),
        certificate,
        resubmitted: false,
        too_large: false,
        budget_rows: Budget::rows_to_show(&application.form, false),
        this_year: this_year(now),
    })
}

/// The resume link from the e-mail opens the review, which shows what is still missing.
async fn resume(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    load(&state, &token, &parts).await?;
    Ok(Redirect::to(&step_path(&token, Step::Review)).into_response())
}

#[derive(Deserialize)]
struct StepQuery {
    done: Option<String>,
}

async fn show_step(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    Query(query): Query<StepQuery>,
    parts: Parts,
) -> Answer {
    let Some(step) = Step::from_slug(&step) else { return Err(not_found(&state, parts).await) };
    let found = load(&state, &token, &parts).await?;
    let mut view = view_of(&state, &token, step, &found, &now_rfc3339()).await?;
    view.resubmitted = query.done.as_deref() == Some("resubmitted");
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

async fn show_certificate(
    State(state): State<AppState>,
    Path(token): Path<String>,
    query: Query<StepQuery>,
    parts: Parts,
) -> Answer {
    show_step(State(state), Path((token, Step::Certificate.slug().to_owned())), query, parts).await
}

async fn post_step(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let Some(step) = Step::from_slug(&step) else { return Err(not_found(&state, parts).await) };
    let mut found = load(&state, &token, &parts).await?;
    let now = now_rfc3339();
    if !found.accepts_changes(&now) {
        return too_late(&state, parts, &token, step, &found, &now).await;
    }
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            let view = view_of(&state, &token, step, &found, &now).await?;
            let view = GrantFormView { too_large: true, ..view };
            return Ok(render(&state, parts, view, StatusCode::PAYLOAD_TOO_LARGE).await);
        }
        Err(Some(response)) => return Err(response),
    };
    let posted = RawForm::from_urlencoded(&body);
    let action = Action::of(&posted);
    let form = &mut found.application.form;
    form.replace_fields(step.fields(), &posted);
    if step == Step::Budget {
        // Remember how many rows the reader has open, one more when they asked for it.
        let rows = Budget::rows_to_show(form, action == Action::AddRow);
        form.set("budget_rows", vec![rows.to_string()]);
    }
    applications::save(&state.pool, found.application.id, form, &now).await.map_err(internal_error)?;
    match action {
        Action::Back => Ok(Redirect::to(&step_path(&token, step.previous().unwrap_or(step))).into_response()),
        Action::Save => save_and_send_link(&state, parts, &token, step, &found, &now).await,
        Action::AddRow => {
            let view = view_of(&state, &token, step, &found, &now).await?;
            Ok(render(&state, parts, view, StatusCode::OK).await)
        }
        Action::Submit if step == Step::Review => submit(&state, parts, &token, &found, &now).await,
        Action::Next | Action::Submit => {
            let errors = step.problems(&found.application.form, &choices(&state, &found.call, &now));
            if errors.is_empty() {
                return Ok(Redirect::to(&step_path(&token, step.next().unwrap_or(Step::Review))).into_response());
            }
            let view = GrantFormView { errors, ..view_of(&state, &token, step, &found, &now).await? };
            Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await)
        }
    }
}

/// Saves without checking and, once the contact address is valid, e-mails the link.
async fn save_and_send_link(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: Step,
    found: &Found,
    now: &str,
) -> Answer {
    let link = format!("{}{}", state.public_url, application_path(token));
    let address = found.application.form.text("contact_email").filter(|a| rules::email(a).is_ok());
    let link_mail = crate::limits::link_mail(state, address, token).await;
    if let LinkMail::Sent(address) = &link_mail {
        let locale = Locale::from_code(&found.application.locale).unwrap_or_default();
        let message = mail::grant_resume_link(locale, address, &link);
        applications::send_resume_link(&state.pool, found.application.id, address, &message, now)
            .await
            .map_err(internal_error)?;
    }
    let view = GrantFormView { saved: Some((link, link_mail)), ..view_of(state, token, step, found, now).await? };
    Ok(render(state, parts, view, StatusCode::OK).await)
}

async fn submit(state: &AppState, parts: Parts, token: &str, found: &Found, now: &str) -> Answer {
    let checked = match GrantForm::check(&found.application.form, &choices(state, &found.call, now)) {
        Ok(checked) => checked,
        Err(_) => {
            let view = view_of(state, token, Step::Review, found, now).await?;
            return Ok(render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
    };
    let locale = Locale::from_code(&found.application.locale).unwrap_or_default();
    let tracking_token = new_token();
    let tracking_link = format!("{}/grants/track/{tracking_token}", state.public_url);
    let region =
        checked.project.countries.first().and_then(|iso3| state.taxonomy.country(iso3)).map(|c| c.region.clone());
    let contact = checked.organisation.contact_email.clone().unwrap_or_default();
    let organisation = checked.organisation.legal_name.clone().unwrap_or_default();
    let receipt = GrantReceipt {
        to: &contact,
        organisation: &organisation,
        call_title: found.call.title(locale),
        deadline: &found.call.deadline_text(locale),
        received_at: &now.replace('T', " ").replace('Z', ""),
        tracking_link: &tracking_link,
    };
    let submission = Submission {
        application: &found.application,
        call: &found.call,
        form: &checked,
        region: region.as_deref(),
        tracking_token_hash: &token_hash(&tracking_token),
        now,
        year: this_year(now) as i32,
    };
    let outcome = applications::submit(&state.pool, submission, |reference, first| {
        mail::grant_receipt(locale, reference, first, &receipt)
    })
    .await
    .map_err(internal_error)?;
    match outcome {
        Submitted::First { .. } => {
            Ok(Redirect::to(&format!("/grants/track/{tracking_token}?submitted=1")).into_response())
        }
        Submitted::Again { .. } => {
            Ok(Redirect::to(&format!("{}?done=resubmitted", step_path(token, Step::Review))).into_response())
        }
        // The page says the deadline passed (the call's phase) and shows the answers, kept.
        Submitted::TooLate => {
            let view = view_of(state, token, Step::Review, found, now).await?;
            Ok(render(state, parts, view, StatusCode::CONFLICT).await)
        }
    }
}

/// The certificate step: a multipart post. A body declared bigger than the limit is refused
/// before any of it is read; a file that is not a PDF, whatever its name, comes back with a
/// message next to the field.
async fn upload_certificate(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Answer {
    let (parts, body) = request.into_parts();
    let found = load(&state, &token, &parts).await?;
    let now = now_rfc3339();
    let step = Step::Certificate;
    // Refused before the file is read: a certificate staff hold stays the one submitted.
    if !found.accepts_changes(&now) {
        return too_late(&state, parts, &token, step, &found, &now).await;
    }
    let request = Request::from_parts(parts.clone(), body);
    let post = uploads::read_pdf_post(&state, request, &token, &CERTIFICATE_FILE).await?;
    if let Some((errors, status)) = post.refusal() {
        let view = GrantFormView { errors, ..view_of(&state, &token, step, &found, &now).await? };
        return Ok(render(&state, parts, view, status).await);
    }
    if let Some(file) = post.file {
        let slot = CertificateOf::Working.slot();
        let recorded = files::replace(&state.pool, slot, found.application.id, &file.as_new(), &now).await;
        uploads::settle(&state, file, recorded).await?;
    }
    match post.action {
        Action::Back => Ok(Redirect::to(&step_path(&token, Step::Budget)).into_response()),
        Action::Save => save_and_send_link(&state, parts, &token, step, &found, &now).await,
        _ => Ok(Redirect::to(&step_path(&token, Step::Review)).into_response()),
    }
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

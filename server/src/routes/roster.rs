//! An expert's application to the roster as plain form posts, like the TA request: each
//! step is checked with the shared rules, saved even with problems (nothing typed is lost)
//! and either moves on (303) or comes back with the problems next to the fields (422).
//! Submitting e-mails a link that confirms the address; only a confirmed profile counts.

use app::app::locale_from_headers;
use app::components::step_form::LinkMail;
use app::db::experts::{self, Confirmation, Submission, Submitted};
use app::domain::expert::{ExpertForm, ExpertRecord, ExpertStatus, FormStep, LinkPurpose, Step, CV_FILE};
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::i18n::Locale;
use app::mail;
use app::pages::roster_form::ExpertFormView;
use app::pages::roster_notice::RosterNoticeView;
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::render::{internal_error, not_found, render, render_public};
use super::requests::FORM_BODY_LIMIT;
use super::steps::{posted, Action};
use super::uploads;
use crate::auth::rfc3339;
use crate::jobs::CONFIRM_FOR;
use crate::{now_rfc3339, AppState};

/// Largest CV upload: the file plus the form's few other parts.
pub const CV_BODY_LIMIT: usize = uploads::body_limit(&CV_FILE);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 4] =
    ["/experts/apply", "/experts/apply/sent", "/experts/apply/{token}/{step}", "/experts/confirm/{token}"];

const SENT_PATH: &str = "/experts/apply/sent";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/experts/apply", get(new_application).post(start_application))
        .route(SENT_PATH, get(sent))
        .route("/experts/apply/{token}", get(resume))
        .route("/experts/apply/{token}/{step}", get(show_step).post(post_step))
        // The CV is a multipart post with a larger limit of its own.
        .route("/experts/apply/{token}/cv", get(show_cv).post(upload_cv).layer(DefaultBodyLimit::max(CV_BODY_LIMIT)))
        .route("/experts/confirm/{token}", get(confirm_page).post(confirm))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

fn application_path(token: &str) -> String {
    format!("/experts/apply/{token}")
}

fn step_path(token: &str, step: Step) -> String {
    format!("/experts/apply/{token}/{}", step.slug())
}

fn blank_view(step: Step, action: String) -> ExpertFormView {
    ExpertFormView {
        step,
        action,
        form: RawForm::default(),
        errors: Vec::new(),
        incomplete: Vec::new(),
        draft_path: None,
        saved: None,
        cv: None,
        too_large: false,
        editing: false,
    }
}

async fn new_application(State(state): State<AppState>, parts: Parts) -> Response {
    render_public(&state, parts, blank_view(Step::Identity, "/experts/apply".into())).await
}

/// The first step creates the application once its answers pass; until then nothing is
/// stored and the page comes back with the answers and their problems.
async fn start_application(
    State(state): State<AppState>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let blank = blank_view(Step::Identity, "/experts/apply".into());
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            return render(&state, parts, ExpertFormView { too_large: true, ..blank }, StatusCode::PAYLOAD_TOO_LARGE)
                .await
        }
        Err(Some(response)) => return response,
    };
    let form = RawForm::from_urlencoded(&body).only(Step::Identity.fields());
    let errors = Step::Identity.problems(&form, &state.expert_choices);
    if !errors.is_empty() {
        return render(&state, parts, ExpertFormView { form, errors, ..blank }, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let token = new_token();
    let locale = locale_from_headers(&parts.headers);
    match experts::create_draft(&state.pool, &token_hash(&token), &form, locale.code(), &now_rfc3339()).await {
        Ok(_) => Redirect::to(&step_path(&token, Step::Profile)).into_response(),
        Err(error) => internal_error(error),
    }
}

async fn sent(State(state): State<AppState>, parts: Parts) -> Response {
    render(&state, parts, RosterNoticeView::Sent, StatusCode::OK).await
}

/// The application behind `token`, or the answer for a bad link. A submitted one sends the
/// reader to the "check your e-mail" page: its answers are no longer shown through the link.
async fn load_application(state: &AppState, token: &str, parts: Parts) -> Result<(ExpertRecord, Parts), Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts).await);
    }
    match experts::find_by_draft_token(&state.pool, &token_hash(token)).await {
        Ok(Some(record)) if record.status == ExpertStatus::Draft => Ok((record, parts)),
        Ok(Some(_)) => Err(Redirect::to(SENT_PATH).into_response()),
        Ok(None) => Err(not_found(state, parts).await),
        Err(error) => Err(internal_error(error)),
    }
}

/// Every problem left before submission, by step: the answers' and a missing CV.
fn incomplete(state: &AppState, record: &ExpertRecord) -> Vec<(Step, FieldError)> {
    let mut found: Vec<(Step, FieldError)> = Step::ALL
        .into_iter()
        .filter(|step| *step != Step::Consent)
        .flat_map(|step| step.problems(&record.form, &state.expert_choices).into_iter().map(move |e| (step, e)))
        .collect();
    if record.cv.is_none() {
        found.push((Step::Cv, FieldError::new("cv", Problem::Required)));
    }
    found
}

fn application_view(state: &AppState, token: &str, step: Step, record: &ExpertRecord) -> ExpertFormView {
    ExpertFormView {
        step,
        action: step_path(token, step),
        form: record.form.clone(),
        errors: Vec::new(),
        incomplete: if step == Step::Consent { incomplete(state, record) } else { Vec::new() },
        draft_path: Some(application_path(token)),
        saved: None,
        cv: record.cv.clone(),
        too_large: false,
        editing: false,
    }
}

/// The resume link from the e-mail opens the last step, whose review shows what is missing.
async fn resume(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    match load_application(&state, &token, parts).await {
        Ok(_) => Redirect::to(&step_path(&token, Step::Consent)).into_response(),
        Err(response) => response,
    }
}

async fn show_step(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let Some(step) = Step::from_slug(&step) else { return not_found(&state, parts).await };
    match load_application(&state, &token, parts).await {
        Ok((record, parts)) => {
            render(&state, parts, application_view(&state, &token, step, &record), StatusCode::OK).await
        }
        Err(response) => response,
    }
}

async fn post_step(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(step) = Step::from_slug(&step) else { return not_found(&state, parts).await };
    let (mut record, parts) = match load_application(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            let view = ExpertFormView { too_large: true, ..application_view(&state, &token, step, &record) };
            return render(&state, parts, view, StatusCode::PAYLOAD_TOO_LARGE).await;
        }
        Err(Some(response)) => return response,
    };
    let posted = RawForm::from_urlencoded(&body);
    record.form.replace_fields(step.fields(), &posted);
    let now = now_rfc3339();
    if let Err(error) = experts::save_draft(&state.pool, record.id, &record.form, &now).await {
        return internal_error(error);
    }
    match Action::of(&posted) {
        Action::Back => Redirect::to(&step_path(&token, step.previous().unwrap_or(step))).into_response(),
        Action::Save => save_and_send_link(&state, parts, &token, step, &record, &now).await,
        Action::Submit if step == Step::Consent => submit(&state, parts, &token, &record, &now).await,
        // This form has no table that grows: "add a row" is taken as "next".
        Action::Next | Action::Submit | Action::AddRow => {
            let errors = step.problems(&record.form, &state.expert_choices);
            if errors.is_empty() {
                Redirect::to(&step_path(&token, step.next().unwrap_or(Step::Consent))).into_response()
            } else {
                let view = ExpertFormView { errors, ..application_view(&state, &token, step, &record) };
                render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        }
    }
}

/// Saves without checking and, once the address given is valid, e-mails the link.
async fn save_and_send_link(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: Step,
    record: &ExpertRecord,
    now: &str,
) -> Response {
    let link = format!("{}{}", state.public_url, application_path(token));
    let address = record.form.text("email").filter(|a| rules::email(a).is_ok());
    let link_mail = crate::limits::link_mail(state, address, token).await;
    if let LinkMail::Sent(address) = &link_mail {
        let locale = Locale::from_code(&record.locale).unwrap_or_default();
        let message = mail::expert_resume_link(locale, address, &link, record.id);
        if let Err(error) = experts::send_mail(&state.pool, record.id, &message, now).await {
            return internal_error(error);
        }
    }
    let view = ExpertFormView { saved: Some((link, link_mail)), ..application_view(state, token, step, record) };
    render(state, parts, view, StatusCode::OK).await
}

async fn submit(state: &AppState, parts: Parts, token: &str, record: &ExpertRecord, now: &str) -> Response {
    let checked = ExpertForm::check(&record.form, &state.expert_choices);
    let checked = match checked {
        Ok(checked) if record.cv.is_some() => checked,
        _ => {
            let errors = Step::Consent.problems(&record.form, &state.expert_choices);
            let view = ExpertFormView { errors, ..application_view(state, token, Step::Consent, record) };
            return render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let confirm_token = new_token();
    let confirm_link = format!("{}/experts/confirm/{confirm_token}", state.public_url);
    let roster_link = format!("{}/experts/apply", state.public_url);
    let expires_at = rfc3339(time::OffsetDateTime::now_utc() + CONFIRM_FOR);
    let locale = Locale::from_code(&record.locale).unwrap_or_default();
    let address = checked.identity.email.clone().unwrap_or_default();
    let name = checked.identity.full_name.clone().unwrap_or_default();
    let submission = Submission {
        id: record.id,
        form: &checked,
        confirm_token_hash: &token_hash(&confirm_token),
        confirm_expires_at: &expires_at,
        now,
    };
    let outcome = experts::submit(&state.pool, submission, |address_taken| {
        if address_taken {
            mail::expert_already_registered(locale, &address, &roster_link)
        } else {
            mail::expert_confirm_link(locale, &address, &name, &confirm_link, record.id)
        }
    })
    .await;
    match outcome {
        Ok(Submitted::AddressTaken { cv_file: Some(file) }) => {
            crate::files::discard(&state.files_dir, [file]).await;
            Redirect::to(SENT_PATH).into_response()
        }
        // The reader is told the same in every case, so the form does not reveal who is
        // on the roster.
        Ok(_) => Redirect::to(SENT_PATH).into_response(),
        Err(error) => internal_error(error),
    }
}

async fn show_cv(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    show_step(State(state), Path((token, Step::Cv.slug().to_owned())), parts).await
}

/// The CV step: a multipart post. A file that is not a PDF, whatever its name, or that is
/// too big, comes back with a message next to the field. Buttons work as on other steps.
async fn upload_cv(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (record, parts) = match load_application(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let request = Request::from_parts(parts.clone(), body);
    let post = match uploads::read_pdf_post(&state, request, &token, &CV_FILE).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    if let Some((errors, status)) = post.refusal() {
        let view = ExpertFormView { errors, ..application_view(&state, &token, Step::Cv, &record) };
        return render(&state, parts, view, status).await;
    }
    let now = now_rfc3339();
    let mut record = record;
    if let Some(file) = post.file {
        let recorded = experts::replace_cv(&state.pool, record.id, &file.as_new(), &now).await;
        match uploads::settle(&state, file, recorded).await {
            Ok(cv) => record.cv = Some(cv),
            Err(response) => return response,
        }
    }
    match post.action {
        Action::Back => Redirect::to(&step_path(&token, Step::Availability)).into_response(),
        Action::Save => save_and_send_link(&state, parts, &token, Step::Cv, &record, &now).await,
        _ if record.cv.is_none() => {
            let errors = vec![FieldError::new("cv", Problem::Required)];
            let view = ExpertFormView { errors, ..application_view(&state, &token, Step::Cv, &record) };
            render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        _ => Redirect::to(&step_path(&token, Step::Consent)).into_response(),
    }
}

/// A confirmation link shows a button; it does not confirm by being opened.
async fn confirm_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    if !looks_like_token(&token) {
        return not_found(&state, parts).await;
    }
    match experts::link_works(&state.pool, &token_hash(&token), LinkPurpose::ConfirmAddress, &now_rfc3339()).await {
        Ok(true) => {
            let view = RosterNoticeView::ConfirmAddress { action: format!("/experts/confirm/{token}") };
            render(&state, parts, view, StatusCode::OK).await
        }
        Ok(false) => render(&state, parts, RosterNoticeView::LinkExpired, StatusCode::GONE).await,
        Err(error) => internal_error(error),
    }
}

async fn confirm(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    if !looks_like_token(&token) {
        return not_found(&state, parts).await;
    }
    match experts::confirm_address(&state.pool, &token_hash(&token), &now_rfc3339()).await {
        Ok(Confirmation::Confirmed) => render(&state, parts, RosterNoticeView::Confirmed, StatusCode::OK).await,
        Ok(Confirmation::Invalid) => render(&state, parts, RosterNoticeView::LinkExpired, StatusCode::GONE).await,
        Err(error) => internal_error(error),
    }
}

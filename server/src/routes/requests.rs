//! The technical-assistance request journey as plain form posts: each step is checked with
//! the shared rules, saved in the draft (even when it has problems, so nothing typed is
//! lost) and either moves on (303) or comes back with the problems next to the fields
//! (422). Pages are rendered by Leptos from the view this module prepares.

use app::app::locale_from_headers;
use app::components::step_form::LinkMail;
use app::db::files;
use app::db::ta_requests::{self, Draft, Submission};
use app::domain::form::FieldError;
use app::domain::form::{Problem, RawForm};
use app::domain::stage::Stage;
use app::domain::ta_request::{FormStep, Step, StoredRequest, TaRequestForm, LETTER_FILE, NOTE_MAX};
use app::i18n::Locale;
use app::mail;
use app::pages::request_form::RequestFormView;
use app::pages::request_tracking::{TrackingOutcome, TrackingView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::render::{at_path, internal_error, not_found, refuse, render, render_public, Refusal};
use super::steps::{posted, Action};
use super::uploads;
use crate::{now_rfc3339, AppState};

/// Largest form post accepted: every field at its limit in a non-Latin script, percent
/// encoded, fits with room to spare; anything bigger is refused (413) before it is read.
pub const FORM_BODY_LIMIT: usize = 512 * 1024;

/// Largest letter upload: the file plus the form's few other parts.
pub const UPLOAD_BODY_LIMIT: usize = uploads::body_limit(&LETTER_FILE);

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 3] = ["/requests/new", "/requests/draft/{token}/{step}", "/requests/track/{token}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests/new", get(new_request).post(start_draft))
        .route("/requests/draft/{token}", get(resume_draft))
        .route("/requests/draft/{token}/{step}", get(show_step).post(post_step))
        // The letter is a multipart post with a larger limit of its own.
        .route(
            "/requests/draft/{token}/attachments",
            get(show_attachments).post(upload_letter).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/requests/track/{token}", get(track))
        .route("/requests/track/{token}/reply", post(reply))
        .route("/requests/track/{token}/withdraw", post(withdraw))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

fn draft_path(token: &str) -> String {
    format!("/requests/draft/{token}")
}

fn step_path(token: &str, step: Step) -> String {
    format!("/requests/draft/{token}/{}", step.slug())
}

fn blank_view(step: Step, action: String) -> RequestFormView {
    RequestFormView {
        step,
        action,
        form: RawForm::default(),
        errors: Vec::new(),
        incomplete: Vec::new(),
        draft_path: None,
        saved: None,
        submitted_as: None,
        attachment: None,
        too_large: false,
    }
}

async fn new_request(State(state): State<AppState>, parts: Parts) -> Response {
    render_public(&state, parts, blank_view(Step::Institution, "/requests/new".into())).await
}

/// The first step creates the draft once its answers pass; until then nothing is stored
/// and the page comes back with the answers and their problems.
async fn start_draft(State(state): State<AppState>, parts: Parts, body: Result<Bytes, BytesRejection>) -> Response {
    let blank = blank_view(Step::Institution, "/requests/new".into());
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            return render(&state, parts, RequestFormView { too_large: true, ..blank }, StatusCode::PAYLOAD_TOO_LARGE)
                .await
        }
        Err(Some(response)) => return response,
    };
    let form = RawForm::from_urlencoded(&body).only(Step::Institution.fields());
    let errors = Step::Institution.problems(&form, &state.request_choices);
    if !errors.is_empty() {
        let view = RequestFormView { form, errors, ..blank };
        return render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let token = new_token();
    let locale = locale_from_headers(&parts.headers);
    match ta_requests::create_draft(&state.pool, &token_hash(&token), &form, locale.code(), &now_rfc3339()).await {
        Ok(_) => Redirect::to(&step_path(&token, Step::FocalPoint)).into_response(),
        Err(error) => internal_error(error),
    }
}

/// Finds the draft behind `token` or answers for it; junk never reaches the database.
async fn load_draft(state: &AppState, token: &str, parts: Parts) -> Result<(Draft, Parts), Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts).await);
    }
    match ta_requests::find_draft(&state.pool, &token_hash(token)).await {
        Ok(Some(draft)) => Ok((draft, parts)),
        Ok(None) => Err(not_found(state, parts).await),
        Err(error) => Err(internal_error(error)),
    }
}

/// The view of `step` of a stored draft, with its letter and the review's list of what is
/// still missing.
async fn draft_view(state: &AppState, token: &str, step: Step, draft: &Draft) -> Result<RequestFormView, Response> {
    let attachment = files::attached(&state.pool, ta_requests::LETTER, draft.id).await.map_err(internal_error)?;
    Ok(RequestFormView { attachment, ..answers_view(state, token, step, draft) })
}

fn answers_view(state: &AppState, token: &str, step: Step, draft: &Draft) -> RequestFormView {
    // On the review, every problem left in the answer steps (none when complete).
    let incomplete = match step {
        Step::Review => Step::ALL
            .into_iter()
            .flat_map(|s| s.problems(&draft.form, &state.request_choices).into_iter().map(move |e| (s, e)))
            .collect(),
        _ => Vec::new(),
    };
    RequestFormView {
        step,
        action: step_path(token, step),
        form: draft.form.clone(),
        errors: Vec::new(),
        incomplete,
        draft_path: Some(draft_path(token)),
        saved: None,
        submitted_as: draft.submitted_as.clone(),
        attachment: None,
        too_large: false,
    }
}

async fn render_draft(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: Step,
    draft: &Draft,
    status: StatusCode,
) -> Response {
    match draft_view(state, token, step, draft).await {
        Ok(view) => render(state, parts, view, status).await,
        Err(response) => response,
    }
}

/// The resume link from the e-mail opens the review, which shows what is still missing.
async fn resume_draft(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    match load_draft(&state, &token, parts).await {
        Ok(_) => Redirect::to(&step_path(&token, Step::Review)).into_response(),
        Err(response) => response,
    }
}

async fn show_step(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let Some(step) = Step::from_slug(&step) else { return not_found(&state, parts).await };
    let (draft, parts) = match load_draft(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match draft_view(&state, &token, step, &draft).await {
        Ok(view) => render(&state, parts, view, StatusCode::OK).await,
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
    let (mut draft, parts) = match load_draft(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            return match draft_view(&state, &token, step, &draft).await {
                Ok(view) => {
                    render(&state, parts, RequestFormView { too_large: true, ..view }, StatusCode::PAYLOAD_TOO_LARGE)
                        .await
                }
                Err(response) => response,
            }
        }
        Err(Some(response)) => return response,
    };
    if draft.submitted_as.is_some() {
        // A replayed or late post: the draft became a request and is not changed again.
        return render_draft(&state, parts, &token, step, &draft, StatusCode::CONFLICT).await;
    }
    let posted = RawForm::from_urlencoded(&body);
    let action = Action::of(&posted);
    draft.form.replace_fields(step.fields(), &posted);
    let now = now_rfc3339();
    let submitting = action == Action::Submit && step == Step::Review;
    // A submission saves the answers in its own transaction: one commit instead of two.
    if !submitting {
        if let Err(error) = ta_requests::save_draft(&state.pool, draft.id, &draft.form, &now).await {
            return internal_error(error);
        }
    }
    let choices = &state.request_choices;
    match action {
        Action::Back => Redirect::to(&step_path(&token, step.previous().unwrap_or(step))).into_response(),
        Action::Save => save_and_send_link(&state, parts, &token, step, &draft, &now).await,
        Action::Submit if submitting => submit(&state, parts, &token, &draft, &now).await,
        // This form has no table that grows: "add a row" is taken as "next".
        Action::Next | Action::Submit | Action::AddRow => {
            let errors = step.problems(&draft.form, &choices);
            if errors.is_empty() {
                Redirect::to(&step_path(&token, step.next().unwrap_or(Step::Review))).into_response()
            } else {
                match draft_view(&state, &token, step, &draft).await {
                    Ok(view) => {
                        render(&state, parts, RequestFormView { errors, ..view }, StatusCode::UNPROCESSABLE_ENTITY)
                            .await
                    }
                    Err(response) => response,
                }
            }
        }
    }
}

/// Saves without checking and, once the focal point's address is valid, e-mails the link.
async fn save_and_send_link(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: Step,
    draft: &Draft,
    now: &str,
) -> Response {
    let link = format!("{}{}", state.public_url, draft_path(token));
    let address = draft.form.text("focal_email").filter(|a| app::domain::form::rules::email(a).is_ok());
    let link_mail = crate::limits::link_mail(state, address, token).await;
    if let LinkMail::Sent(address) = &link_mail {
        let locale = Locale::from_code(&draft.locale).unwrap_or_default();
        let message = mail::draft_resume_link(locale, address, &link);
        if let Err(error) = ta_requests::send_resume_link(&state.pool, draft.id, address, &message, now).await {
            return internal_error(error);
        }
    }
    match draft_view(state, token, step, draft).await {
        Ok(view) => {
            render(state, parts, RequestFormView { saved: Some((link, link_mail)), ..view }, StatusCode::OK).await
        }
        Err(response) => response,
    }
}

async fn submit(state: &AppState, parts: Parts, token: &str, draft: &Draft, now: &str) -> Response {
    let checked = match TaRequestForm::check(&draft.form, &state.request_choices) {
        Ok(checked) => checked,
        Err(_) => {
            if let Err(error) = ta_requests::save_draft(&state.pool, draft.id, &draft.form, now).await {
                return internal_error(error);
            }
            return render_draft(state, parts, token, Step::Review, draft, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let tracking_token = new_token();
    let tracking_link = format!("{}/requests/track/{tracking_token}", state.public_url);
    let locale = Locale::from_code(&draft.locale).unwrap_or_default();
    let year = now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let focal_email = checked.focal_point.focal_email.clone().unwrap_or_default();
    let institution = checked.institution.institution.clone().unwrap_or_default();
    let submission = Submission {
        draft_id: draft.id,
        raw: &draft.form,
        form: &checked,
        tracking_token_hash: &token_hash(&tracking_token),
        locale: locale.code(),
        now,
        year,
    };
    let stored = ta_requests::submit(&state.pool, submission, |reference, holders| {
        let reference = reference.to_string();
        let staff_link = format!("{}/staff/requests/{reference}", state.public_url);
        let mut mails =
            vec![mail::request_receipt(locale, &focal_email, &reference, now, &institution, &tracking_link)];
        mails.extend(holders.iter().map(|to| mail::new_request_notice(to, &reference, &institution, &staff_link)));
        mails
    })
    .await;
    match stored {
        Ok(Some(_)) => Redirect::to(&format!("/requests/track/{tracking_token}?submitted=1")).into_response(),
        // Submitted meanwhile (a double click): the review page says as which request.
        Ok(None) => Redirect::to(&step_path(token, Step::Review)).into_response(),
        Err(error) => internal_error(error),
    }
}

#[derive(Deserialize)]
struct TrackQuery {
    submitted: Option<String>,
    done: Option<String>,
}

async fn track(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<TrackQuery>,
    parts: Parts,
) -> Response {
    if !looks_like_token(&token) {
        return not_found(&state, parts).await;
    }
    match ta_requests::progress_by_tracking(&state.pool, &token_hash(&token)).await {
        Ok(Some(progress)) => {
            let outcome = match query.done.as_deref() {
                Some("reply") => Some(TrackingOutcome::Replied),
                Some("withdrawn") => Some(TrackingOutcome::Withdrawn),
                _ => None,
            };
            let view = TrackingView {
                progress,
                path: tracking_path(&token),
                just_submitted: query.submitted.as_deref() == Some("1"),
                outcome,
                typed: RawForm::default(),
                problems: Vec::new(),
            };
            render(&state, parts, view, StatusCode::OK).await
        }
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_error(error),
    }
}

async fn show_attachments(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Response {
    show_step(State(state), Path((token, Step::Attachments.slug().to_owned())), parts).await
}

/// The letter step: a multipart post. A body declared bigger than the limit is refused
/// before any of it is read; a file that is not a PDF, whatever its name, comes back with a
/// message next to the field. Buttons work as on the other steps.
async fn upload_letter(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (draft, parts) = match load_draft(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let step = Step::Attachments;
    if draft.submitted_as.is_some() {
        return render_draft(&state, parts, &token, step, &draft, StatusCode::CONFLICT).await;
    }
    let request = Request::from_parts(parts.clone(), body);
    let post = match uploads::read_pdf_post(&state, request, &token, &LETTER_FILE).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    if let Some((errors, status)) = post.refusal() {
        return render_problems(&state, parts, &token, &draft, errors, status).await;
    }
    if let Some(file) = post.file {
        let recorded = files::replace(&state.pool, ta_requests::LETTER, draft.id, &file.as_new(), &now_rfc3339()).await;
        if let Err(response) = uploads::settle(&state, file, recorded).await {
            return response;
        }
    }
    match post.action {
        Action::Back => Redirect::to(&step_path(&token, Step::Details)).into_response(),
        Action::Save => save_and_send_link(&state, parts, &token, step, &draft, &now_rfc3339()).await,
        _ => Redirect::to(&step_path(&token, Step::Review)).into_response(),
    }
}

async fn render_problems(
    state: &AppState,
    parts: Parts,
    token: &str,
    draft: &Draft,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    match draft_view(state, token, Step::Attachments, draft).await {
        Ok(view) => render(state, parts, RequestFormView { errors, ..view }, status).await,
        Err(response) => response,
    }
}

fn tracking_path(token: &str) -> String {
    format!("/requests/track/{token}")
}

/// The request behind a tracking secret, or the answer for a bad one.
async fn tracked_request(state: &AppState, token: &str, parts: Parts) -> Result<(StoredRequest, Parts), Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts).await);
    }
    let reference = match ta_requests::reference_by_tracking(&state.pool, &token_hash(token)).await {
        Ok(Some(reference)) => reference,
        Ok(None) => return Err(not_found(state, parts).await),
        Err(error) => return Err(internal_error(error)),
    };
    match ta_requests::find_by_reference(&state.pool, &reference).await {
        Ok(Some(request)) => Ok((request, parts)),
        Ok(None) => Err(not_found(state, parts).await),
        Err(error) => Err(internal_error(error)),
    }
}

/// The requester writes to the programme; the staff holding the file get an e-mail.
async fn reply(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Response {
    let (request, parts) = match tracked_request(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if request.stage.is_final() {
        return refuse(&parts.headers, Refusal::RequestClosed);
    }
    let form = RawForm::from_urlencoded(&body).only(&["message"]);
    let problem = match form.text("message") {
        None => Some(Problem::Required),
        Some(text) => app::domain::form::rules::at_most(&text, NOTE_MAX).err(),
    };
    if let Some(problem) = problem {
        let progress = match ta_requests::progress_by_tracking(&state.pool, &token_hash(&token)).await {
            Ok(Some(progress)) => progress,
            Ok(None) => return not_found(&state, parts).await,
            Err(error) => return internal_error(error),
        };
        let view = TrackingView {
            progress,
            path: tracking_path(&token),
            just_submitted: false,
            outcome: None,
            typed: form,
            problems: vec![FieldError::new("message", problem)],
        };
        return render(&state, at_path(parts, &tracking_path(&token)), view, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let text = form.text("message").unwrap_or_default();
    let staff_link = format!("{}/staff/requests/{}", state.public_url, request.reference);
    let holders = match state.pool.acquire().await {
        Ok(mut connection) => ta_requests::holders(&mut connection, request.region.as_deref()).await,
        Err(error) => Err(error),
    };
    let mails = match holders {
        Ok(addresses) => addresses
            .iter()
            .map(|to| mail::requester_reply(to, &request.reference, &text, &staff_link))
            .collect::<Vec<_>>(),
        Err(error) => return internal_error(error),
    };
    match ta_requests::add_reply(&state.pool, &request, &text, &mails, &now_rfc3339()).await {
        Ok(()) => Redirect::to(&format!("{}?done=reply", tracking_path(&token))).into_response(),
        Err(error) => internal_error(error),
    }
}

/// The requester withdraws the request (from any stage that is not final).
async fn withdraw(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Response {
    let (request, parts) = match tracked_request(&state, &token, parts).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let from = Stage::parse(RawForm::from_urlencoded(&body).raw("from"));
    if from != Some(request.stage) || !request.stage.can_move_to(Stage::Withdrawn) {
        return refuse(&parts.headers, Refusal::RequestMovedOn);
    }
    let locale = Locale::from_code(&request.locale).unwrap_or_default();
    let to = request.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::stage_update(locale, &to, &request.reference, Stage::Withdrawn, None);
    match ta_requests::move_stage(
        &state.pool,
        &request,
        request.stage,
        Stage::Withdrawn,
        ta_requests::REQUESTER,
        None,
        &message,
        &now_rfc3339(),
    )
    .await
    {
        Ok(true) => Redirect::to(&format!("{}?done=withdrawn", tracking_path(&token))).into_response(),
        Ok(false) => refuse(&parts.headers, Refusal::RequestMovedOn),
        Err(error) => internal_error(error),
    }
}

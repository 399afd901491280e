//! The technical-assistance request: its steps on the shared journey (`journey`), where each
//! step is checked with the shared rules and saved even with problems, and the tracking page
//! where the requester follows the request, replies and may withdraw it. Pages are rendered
//! by Leptos from the view this module prepares.

use app::components::step_form::LinkMail;
use app::db::drafts;
use app::db::files::{self, NewFile};
use app::db::ta_requests::{self, Draft, Submission};
use app::domain::file::FileField;
use app::domain::form::FieldError;
use app::domain::form::{Problem, RawForm};
use app::domain::stage::Stage;
use app::domain::ta_request::{Step, StoredRequest, TaRequestForm, LETTER_FILE, NOTE_MAX};
use app::i18n::Locale;
use app::mail;
use app::pages::request_form::RequestFormView;
use app::pages::request_tracking::{TrackingOutcome, TrackingView};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::journey::{self, step_path, Journey};
use super::render::{at_path, found_or_404, internal_error, not_found, refuse, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 3] = ["/requests/new", "/requests/draft/{token}/{step}", "/requests/track/{token}"];

/// The first step, before there is a draft.
const NEW: &str = "/requests/new";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(NEW, get(new_request).post(start_draft))
        .route("/requests/track/{token}", get(track))
        .route("/requests/track/{token}/reply", post(reply))
        .route("/requests/track/{token}/withdraw", post(withdraw))
        .layer(axum::extract::DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
        .merge(journey::routes::<RequestJourney>())
}

async fn new_request(State(state): State<AppState>, parts: Parts) -> Response {
    journey::blank_page::<RequestJourney>(&state, parts, &(), NEW.into()).await
}

async fn start_draft(State(state): State<AppState>, parts: Parts, body: Result<Bytes, BytesRejection>) -> Answer {
    journey::start::<RequestJourney>(&state, parts, &(), NEW.into(), body).await
}

/// The TA request on the shared journey.
pub struct RequestJourney;

impl Journey for RequestJourney {
    type Step = Step;
    type Draft = Draft;
    type Start = ();
    type View = RequestFormView;

    const BASE: &'static str = "/requests/draft";
    const REVIEW: Step = Step::Review;
    const FILE: FileField = LETTER_FILE;
    const FILE_STEP: Step = Step::Attachments;
    const ADDRESS_FIELD: &'static str = "focal_email";
    // The request is written with its answers in one transaction: one commit instead of two.
    const SUBMISSION_SAVES_ANSWERS: bool = true;

    fn blank(_state: &AppState, _start: &(), action: String, _now: &str) -> RequestFormView {
        RequestFormView {
            step: Step::Institution,
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

    fn with_answers(view: RequestFormView, form: RawForm) -> RequestFormView {
        RequestFormView { form, ..view }
    }

    fn start_problems(state: &AppState, _start: &(), form: &RawForm, _now: &str) -> Vec<FieldError> {
        Step::Institution.problems(form, &state.request_choices)
    }

    async fn create_draft(
        state: &AppState,
        _start: &(),
        token_hash: &str,
        form: &RawForm,
        locale: Locale,
        now: &str,
    ) -> Result<i64, sqlx::Error> {
        ta_requests::create_draft(&state.pool, token_hash, form, locale.code(), now).await
    }

    async fn load(state: &AppState, token_hash: &str, parts: &Parts) -> Result<Draft, Response> {
        found_or_404(state, parts, ta_requests::find_draft(&state.pool, token_hash).await).await
    }

    fn form(draft: &Draft) -> &RawForm {
        &draft.form
    }

    fn form_mut(draft: &mut Draft) -> &mut RawForm {
        &mut draft.form
    }

    fn locale(draft: &Draft) -> Locale {
        Locale::from_code(&draft.locale).unwrap_or_default()
    }

    /// Once submitted, the draft became a request and is not changed again.
    fn accepts_changes(draft: &Draft, _now: &str) -> bool {
        draft.submitted_as.is_none()
    }

    async fn view(
        state: &AppState,
        token: &str,
        step: Step,
        draft: &Draft,
        _now: &str,
    ) -> Result<RequestFormView, Response> {
        let attachment = files::attached(&state.pool, ta_requests::LETTER, draft.id).await.map_err(internal_error)?;
        // On the review, every problem left in the answer steps (none when complete).
        let incomplete = match step {
            Step::Review => Step::ALL
                .into_iter()
                .flat_map(|s| s.problems(&draft.form, &state.request_choices).into_iter().map(move |e| (s, e)))
                .collect(),
            _ => Vec::new(),
        };
        Ok(RequestFormView {
            step,
            action: step_path::<Self>(token, step),
            form: draft.form.clone(),
            errors: Vec::new(),
            incomplete,
            draft_path: Some(journey::draft_path::<Self>(token)),
            saved: None,
            submitted_as: draft.submitted_as.clone(),
            attachment,
            too_large: false,
        })
    }

    fn with_errors(view: RequestFormView, errors: Vec<FieldError>) -> RequestFormView {
        RequestFormView { errors, ..view }
    }

    fn with_saved(view: RequestFormView, link: String, mail: LinkMail) -> RequestFormView {
        RequestFormView { saved: Some((link, mail)), ..view }
    }

    fn with_too_large(view: RequestFormView) -> RequestFormView {
        RequestFormView { too_large: true, ..view }
    }

    fn problems(state: &AppState, draft: &Draft, step: Step, _now: &str) -> Vec<FieldError> {
        step.problems(&draft.form, &state.request_choices)
    }

    async fn save(state: &AppState, draft: &Draft, now: &str) -> Result<(), sqlx::Error> {
        drafts::save(&state.pool, ta_requests::DRAFTS, draft.id, &draft.form, now).await
    }

    async fn send_link(
        state: &AppState,
        draft: &Draft,
        address: &str,
        link: &str,
        now: &str,
    ) -> Result<(), sqlx::Error> {
        let message = mail::draft_resume_link(Self::locale(draft), address, link);
        drafts::send_resume_link(&state.pool, ta_requests::DRAFTS, draft.id, address, &message, now).await
    }

    async fn replace_file(
        state: &AppState,
        draft: &Draft,
        file: &NewFile<'_>,
        now: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        files::replace(&state.pool, ta_requests::LETTER, draft.id, file, now).await
    }

    async fn submit(state: &AppState, parts: Parts, token: &str, draft: &Draft, now: &str) -> Answer {
        let Ok(checked) = TaRequestForm::check(&draft.form, &state.request_choices) else {
            Self::save(state, draft, now).await.map_err(internal_error)?;
            let view = Self::view(state, token, Step::Review, draft, now).await?;
            return Ok(render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
        };
        let tracking_token = new_token();
        let tracking_link = format!("{}/requests/track/{tracking_token}", state.public_url);
        let locale = Self::locale(draft);
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
        .await
        .map_err(internal_error)?;
        match stored {
            Some(_) => Ok(Redirect::to(&format!("/requests/track/{tracking_token}?submitted=1")).into_response()),
            // Submitted meanwhile (a double click): the review page says as which request.
            None => Ok(Redirect::to(&step_path::<Self>(token, Step::Review)).into_response()),
        }
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
) -> Answer {
    if !looks_like_token(&token) {
        return Err(not_found(&state, parts).await);
    }
    let progress = ta_requests::progress_by_tracking(&state.pool, &token_hash(&token)).await;
    let progress = found_or_404(&state, &parts, progress).await?;
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
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

fn tracking_path(token: &str) -> String {
    format!("/requests/track/{token}")
}

/// The request behind a tracking secret, or the answer for a bad one.
async fn tracked_request(state: &AppState, token: &str, parts: &Parts) -> Result<StoredRequest, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    let reference = ta_requests::reference_by_tracking(&state.pool, &token_hash(token)).await;
    let reference = found_or_404(state, parts, reference).await?;
    found_or_404(state, parts, ta_requests::find_by_reference(&state.pool, &reference).await).await
}

/// The requester writes to the programme; the staff holding the file get an e-mail.
async fn reply(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    if request.stage.is_final() {
        return Err(refuse(&parts.headers, Refusal::RequestClosed));
    }
    let form = RawForm::from_urlencoded(&body).only(&["message"]);
    let problem = match form.text("message") {
        None => Some(Problem::Required),
        Some(text) => app::domain::form::rules::at_most(&text, NOTE_MAX).err(),
    };
    if let Some(problem) = problem {
        let progress = ta_requests::progress_by_tracking(&state.pool, &token_hash(&token)).await;
        let progress = found_or_404(&state, &parts, progress).await?;
        let view = TrackingView {
            progress,
            path: tracking_path(&token),
            just_submitted: false,
            outcome: None,
            typed: form,
            problems: vec![FieldError::new("message", problem)],
        };
        let parts = at_path(parts, &tracking_path(&token));
        return Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let text = form.text("message").unwrap_or_default();
    let staff_link = format!("{}/staff/requests/{}", state.public_url, request.reference);
    let mut connection = state.pool.acquire().await.map_err(internal_error)?;
    let holders = ta_requests::holders(&mut connection, request.region.as_deref()).await.map_err(internal_error)?;
    drop(connection);
    let mails: Vec<_> =
        holders.iter().map(|to| mail::requester_reply(to, &request.reference, &text, &staff_link)).collect();
    ta_requests::add_reply(&state.pool, &request, &text, &mails, &now_rfc3339()).await.map_err(internal_error)?;
    Ok(Redirect::to(&format!("{}?done=reply", tracking_path(&token))).into_response())
}

/// The requester withdraws the request (from any stage that is not final).
async fn withdraw(State(state): State<AppState>, Path(token): Path<String>, parts: Parts, body: Bytes) -> Answer {
    let request = tracked_request(&state, &token, &parts).await?;
    let from = Stage::parse(RawForm::from_urlencoded(&body).raw("from"));
    if from != Some(request.stage) || !request.stage.can_move_to(Stage::Withdrawn) {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    let locale = Locale::from_code(&request.locale).unwrap_or_default();
    let to = request.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::stage_update(locale, &to, &request.reference, Stage::Withdrawn, None);
    let now = now_rfc3339();
    let requester = ta_requests::REQUESTER;
    let moved = ta_requests::move_stage(
        &state.pool,
        &request,
        request.stage,
        Stage::Withdrawn,
        requester,
        None,
        &message,
        &now,
    )
    .await
    .map_err(internal_error)?;
    if !moved {
        return Err(refuse(&parts.headers, Refusal::RequestMovedOn));
    }
    Ok(Redirect::to(&format!("{}?done=withdrawn", tracking_path(&token))).into_response())
}

//! The technical-assistance request's form: its steps on the shared journey (`journey`), where
//! each step is checked with the shared rules and saved even with problems, and what
//! submission writes. Pages are rendered by Leptos from the view this module prepares.

use app::components::step_form::StepPage;
use app::db::drafts;
use app::db::files::{self, NewFile};
use app::db::ta_requests::{self, Draft, Submission};
use app::domain::file::FileField;
use app::domain::form::FieldError;
use app::domain::form::RawForm;
use app::domain::ta_request::{Step, TaRequestForm, LETTER_FILE};
use app::i18n::Locale;
use app::mail;
use app::pages::requests::form::RequestFormView;
use app::secret::{new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::endorsement::{endorsement_mails, endorsements_asked};
use crate::routes::journey::{self, step_path, Journey};
use crate::routes::render::{found_or_404, internal_error, render, Answer};
use crate::AppState;

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/requests/new", "/requests/draft/{token}/{step}"];

/// The first step, before there is a draft.
const NEW: &str = "/requests/new";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(NEW, get(new_request).post(start_draft))
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
            journey: StepPage::new(Step::Institution, action, RawForm::default(), None),
            submitted_as: None,
            attachment: None,
        }
    }

    fn step_page_mut(view: &mut RequestFormView) -> &mut StepPage<Step> {
        &mut view.journey
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
        now: &str,
    ) -> Result<RequestFormView, Response> {
        let attachment = files::attached(&state.pool, ta_requests::LETTER, draft.id).await.map_err(internal_error)?;
        Ok(RequestFormView {
            journey: journey::step_page::<Self>(state, token, step, draft, now),
            submitted_as: draft.submitted_as.clone(),
            attachment,
        })
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
        let asked = endorsements_asked(state, &parts.headers, &checked, locale).await?;
        let endorsements: Vec<_> = asked.iter().map(|(endorsement, _)| endorsement.clone()).collect();
        let submission = Submission {
            draft_id: draft.id,
            raw: &draft.form,
            form: &checked,
            tracking_token_hash: &token_hash(&tracking_token),
            endorsements: &endorsements,
            locale: locale.code(),
            now,
            year,
        };
        let stored = ta_requests::submit(&state.pool, submission, |reference, holders| {
            let mut mails = endorsement_mails(state, &asked, reference, &institution);
            let reference = reference.to_string();
            let staff_link = format!("{}/staff/requests/{reference}", state.public_url);
            mails.push(mail::request_receipt(locale, &focal_email, &reference, now, &institution, &tracking_link));
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

//! An expert's application to the roster on the shared journey (`journey`), like the TA
//! request: each step is checked with the shared rules, saved even with problems (nothing
//! typed is lost) and either moves on (303) or comes back with the problems next to the
//! fields (422). Submitting e-mails a link that confirms the address; only a confirmed
//! profile counts.

use app::components::step_form::StepPage;
use app::db::drafts;
use app::db::files::NewFile;
use app::db::roster::{self, Confirmation, Submission, Submitted};
use app::domain::file::{AttachedFile, FileField};
use app::domain::form::{FieldError, RawForm};
use app::domain::roster::{ExpertForm, ExpertRecord, ExpertStatus, LinkPurpose, Step, CV_FILE};
use app::i18n::Locale;
use app::mail;
use app::pages::roster::form::ExpertFormView;
use app::pages::roster::notice::RosterNoticeView;
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::auth::rfc3339;
use crate::policy::CONFIRM_FOR;
use crate::routes::journey::{self, Journey};
use crate::routes::render::{internal_error, not_found, render, Answer};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 4] =
    ["/experts/apply", "/experts/apply/sent", "/experts/apply/{token}/{step}", "/experts/confirm/{token}"];

/// The first step, before there is an application.
const NEW: &str = "/experts/apply";
const SENT_PATH: &str = "/experts/apply/sent";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(NEW, get(new_application).post(start_application))
        .route(SENT_PATH, get(sent))
        .route("/experts/confirm/{token}", get(confirm_page).post(confirm))
        .layer(DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
        .merge(journey::routes::<ExpertJourney>())
}

async fn new_application(State(state): State<AppState>, parts: Parts) -> Response {
    journey::blank_page::<ExpertJourney>(&state, parts, &(), NEW.into()).await
}

async fn start_application(State(state): State<AppState>, parts: Parts, body: Result<Bytes, BytesRejection>) -> Answer {
    journey::start::<ExpertJourney>(&state, parts, &(), NEW.into(), body).await
}

async fn sent(State(state): State<AppState>, parts: Parts) -> Response {
    render(&state, parts, RosterNoticeView::Sent, StatusCode::OK).await
}

/// The expert's application on the shared journey.
pub struct ExpertJourney;

impl Journey for ExpertJourney {
    type Step = Step;
    type Draft = ExpertRecord;
    type Start = ();
    type View = ExpertFormView;

    const BASE: &'static str = "/experts/apply";
    const REVIEW: Step = Step::Consent;
    const FILE: FileField = CV_FILE;
    const FILE_STEP: Step = Step::Cv;
    const ADDRESS_FIELD: &'static str = "email";

    fn blank(_state: &AppState, _start: &(), action: String, _now: &str) -> ExpertFormView {
        ExpertFormView {
            journey: StepPage::new(Step::Identity, action, RawForm::default(), None),
            cv: None,
            editing: false,
        }
    }

    fn step_page_mut(view: &mut ExpertFormView) -> &mut StepPage<Step> {
        &mut view.journey
    }

    fn start_problems(state: &AppState, _start: &(), form: &RawForm, _now: &str) -> Vec<FieldError> {
        Step::Identity.problems(form, &state.expert_choices)
    }

    async fn create_draft(
        state: &AppState,
        _start: &(),
        token_hash: &str,
        form: &RawForm,
        locale: Locale,
        now: &str,
    ) -> Result<i64, sqlx::Error> {
        roster::create_draft(&state.pool, token_hash, form, locale.code(), now).await
    }

    /// A submitted application sends the reader to the "check your e-mail" page: its answers
    /// are no longer shown through the link.
    async fn load(state: &AppState, token_hash: &str, parts: &Parts) -> Result<ExpertRecord, Response> {
        match roster::find_by_draft_token(&state.pool, token_hash).await {
            Ok(Some(record)) if record.status == ExpertStatus::Draft => Ok(record),
            Ok(Some(_)) => Err(Redirect::to(SENT_PATH).into_response()),
            Ok(None) => Err(not_found(state, parts.clone()).await),
            Err(error) => Err(internal_error(error)),
        }
    }

    fn form(record: &ExpertRecord) -> &RawForm {
        &record.form
    }

    fn form_mut(record: &mut ExpertRecord) -> &mut RawForm {
        &mut record.form
    }

    fn locale(record: &ExpertRecord) -> Locale {
        Locale::from_code(&record.locale).unwrap_or_default()
    }

    /// `load` finds drafts only.
    fn accepts_changes(_record: &ExpertRecord, _now: &str) -> bool {
        true
    }

    fn misses_required_file(record: &ExpertRecord) -> bool {
        record.cv.is_none()
    }

    fn attach(record: &mut ExpertRecord, file: AttachedFile) {
        record.cv = Some(file);
    }

    async fn view(
        state: &AppState,
        token: &str,
        step: Step,
        record: &ExpertRecord,
        now: &str,
    ) -> Result<ExpertFormView, Response> {
        Ok(ExpertFormView {
            journey: journey::step_page::<Self>(state, token, step, record, now),
            cv: record.cv.clone(),
            editing: false,
        })
    }

    fn problems(state: &AppState, record: &ExpertRecord, step: Step, _now: &str) -> Vec<FieldError> {
        step.problems(&record.form, &state.expert_choices)
    }

    async fn save(state: &AppState, record: &ExpertRecord, now: &str) -> Result<(), sqlx::Error> {
        drafts::save(&state.pool, roster::DRAFTS, record.id, &record.form, now).await
    }

    /// The e-mail is linked to the profile, so erasing it erases the e-mail too.
    async fn send_link(
        state: &AppState,
        record: &ExpertRecord,
        address: &str,
        link: &str,
        now: &str,
    ) -> Result<(), sqlx::Error> {
        let message = mail::expert_resume_link(Self::locale(record), address, link, record.id);
        roster::send_mail(&state.pool, record.id, &message, now).await
    }

    async fn replace_file(
        state: &AppState,
        record: &ExpertRecord,
        file: &NewFile<'_>,
        now: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        roster::replace_cv(&state.pool, record.id, file, now).await
    }

    async fn submit(state: &AppState, parts: Parts, token: &str, record: &ExpertRecord, now: &str) -> Answer {
        let checked = match ExpertForm::check(&record.form, &state.expert_choices) {
            Ok(checked) if record.cv.is_some() => checked,
            _ => {
                let errors = Step::Consent.problems(&record.form, &state.expert_choices);
                let mut view = Self::view(state, token, Step::Consent, record, now).await?;
                view.journey.errors = errors;
                return Ok(render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
            }
        };
        let confirm_token = new_token();
        let confirm_link = format!("{}/experts/confirm/{confirm_token}", state.public_url);
        let roster_link = format!("{}/experts/apply", state.public_url);
        let expires_at = rfc3339(time::OffsetDateTime::now_utc() + CONFIRM_FOR);
        let locale = Self::locale(record);
        let address = checked.identity.email.clone().unwrap_or_default();
        let name = checked.identity.full_name.clone().unwrap_or_default();
        let submission = Submission {
            id: record.id,
            form: &checked,
            confirm_token_hash: &token_hash(&confirm_token),
            confirm_expires_at: &expires_at,
            now,
        };
        let outcome = roster::submit(&state.pool, submission, |address_taken| {
            if address_taken {
                mail::expert_already_registered(locale, &address, &roster_link)
            } else {
                mail::expert_confirm_link(locale, &address, &name, &confirm_link, record.id)
            }
        })
        .await
        .map_err(internal_error)?;
        if let Submitted::AddressTaken { cv_file: Some(file) } = outcome {
            crate::files::discard(&state.files_dir, [file]).await;
        }
        // The reader is told the same in every case, so the form does not reveal who is on
        // the roster.
        Ok(Redirect::to(SENT_PATH).into_response())
    }
}

/// A confirmation link shows a button; it does not confirm by being opened.
async fn confirm_page(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    let button = RosterNoticeView::ConfirmAddress { action: format!("/experts/confirm/{token}") };
    super::space::button_for_link(&state, &token, parts, LinkPurpose::ConfirmAddress, button).await
}

async fn confirm(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    if !looks_like_token(&token) {
        return Err(not_found(&state, parts).await);
    }
    let (notice, status) = match roster::confirm_address(&state.pool, &token_hash(&token), &now_rfc3339())
        .await
        .map_err(internal_error)?
    {
        Confirmation::Confirmed => (RosterNoticeView::Confirmed, StatusCode::OK),
        Confirmation::Invalid => (RosterNoticeView::LinkExpired, StatusCode::GONE),
    };
    Ok(render(&state, parts, notice, status).await)
}

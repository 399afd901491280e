//! The grant application on the shared journey (`journey`; each step checked with the call's
//! rules), and submission and resubmission until the deadline.

use app::components::step_form::StepPage;
use app::db::drafts;
use app::db::files::{self, NewFile};
use app::db::grants::applications::{self, Application, CertificateOf, Submission, Submitted};
use app::db::grants::calls;
use app::domain::file::FileField;
use app::domain::form::{FieldError, RawForm};
use app::domain::grant::{ApplicationStatus, Budget, Call, CallPhase, GrantChoices, GrantForm, Step, CERTIFICATE_FILE};
use app::i18n::Locale;
use app::mail::{self, GrantReceipt};
use app::pages::grants::form::GrantFormView;
use app::secret::{new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::routes::journey::{self, step_path, Action, Journey};
use crate::routes::render::{found_or_404, internal_error, render, Answer};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/grants/{slug}/apply", "/grants/apply/{token}/{step}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/grants/{slug}/apply", get(new_application).post(start_application))
        .layer(DefaultBodyLimit::max(crate::policy::FORM_BODY_LIMIT))
        .merge(journey::routes::<GrantJourney>())
}

fn this_year(now: &str) -> u32 {
    now.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026)
}

fn choices(state: &AppState, call: &Call, now: &str) -> GrantChoices {
    call.choices(&state.taxonomy, this_year(now))
}

/// The published call at `slug`, or the "not found" page.
pub(super) async fn published_call(state: &AppState, slug: &str, parts: &Parts) -> Result<Call, Response> {
    found_or_404(state, parts, calls::published_by_slug(&state.pool, slug).await).await
}

async fn new_application(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    if call.phase_at(&now_rfc3339()) != CallPhase::Open {
        return Ok(Redirect::to(&format!("/grants/{slug}")).into_response());
    }
    Ok(journey::blank_page::<GrantJourney>(&state, parts, &call, format!("/grants/{slug}/apply")).await)
}

async fn start_application(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let call = published_call(&state, &slug, &parts).await?;
    journey::start::<GrantJourney>(&state, parts, &call, format!("/grants/{slug}/apply"), body).await
}

/// An application found by its secret link, with its call.
pub struct Found {
    application: Application,
    call: Call,
}

/// The grant application on the shared journey.
pub struct GrantJourney;

impl Journey for GrantJourney {
    type Step = Step;
    type Draft = Found;
    type Start = Call;
    type View = GrantFormView;

    const BASE: &'static str = "/grants/apply";
    const REVIEW: Step = Step::Review;
    const FILE: FileField = CERTIFICATE_FILE;
    const FILE_STEP: Step = Step::Certificate;
    const ADDRESS_FIELD: &'static str = "contact_email";

    fn blank(_state: &AppState, call: &Call, action: String, now: &str) -> GrantFormView {
        GrantFormView {
            call: call.clone(),
            phase: call.phase_at(now),
            journey: StepPage::new(Step::Organisation, action, RawForm::default(), None),
            submitted: None,
            certificate: None,
            resubmitted: false,
            budget_rows: 0,
            this_year: this_year(now),
        }
    }

    fn step_page_mut(view: &mut GrantFormView) -> &mut StepPage<Step> {
        &mut view.journey
    }

    /// The call closed while the reader typed: the page says so and shows the answers.
    fn may_start(call: &Call, now: &str) -> bool {
        call.phase_at(now) == CallPhase::Open
    }

    fn start_problems(state: &AppState, call: &Call, form: &RawForm, now: &str) -> Vec<FieldError> {
        Step::Organisation.problems(form, &choices(state, call, now))
    }

    async fn create_draft(
        state: &AppState,
        call: &Call,
        token_hash: &str,
        form: &RawForm,
        locale: Locale,
        now: &str,
    ) -> Result<i64, sqlx::Error> {
        applications::create_draft(&state.pool, call.id, token_hash, form, locale.code(), now).await
    }

    async fn load(state: &AppState, token_hash: &str, parts: &Parts) -> Result<Found, Response> {
        let application =
            found_or_404(state, parts, applications::find_by_token(&state.pool, token_hash).await).await?;
        let call = found_or_404(state, parts, calls::find(&state.pool, application.call_id).await).await?;
        Ok(Found { application, call })
    }

    fn form(found: &Found) -> &RawForm {
        &found.application.form
    }

    fn form_mut(found: &mut Found) -> &mut RawForm {
        &mut found.application.form
    }

    fn locale(found: &Found) -> Locale {
        Locale::from_code(&found.application.locale).unwrap_or_default()
    }

    /// An application changes only while its call is open and no decision is made on it:
    /// after that, what staff read and decide on must stay what was submitted. A late post
    /// gets the step with the answers as they stand and the notice that the call is closed.
    fn accepts_changes(found: &Found, now: &str) -> bool {
        found.call.phase_at(now) == CallPhase::Open
            && matches!(found.application.status, ApplicationStatus::Draft | ApplicationStatus::Submitted)
    }

    /// The page of `step`, with the working copy's certificate and, on the review, every
    /// problem left.
    async fn view(
        state: &AppState,
        token: &str,
        step: Step,
        found: &Found,
        now: &str,
    ) -> Result<GrantFormView, Response> {
        let Found { application, call } = found;
        let certificate = files::attached(&state.pool, CertificateOf::Working.slot(), application.id)
            .await
            .map_err(internal_error)?;
        Ok(GrantFormView {
            call: call.clone(),
            // A decided application is shown as closed: the form is not offered any more.
            phase: if Self::accepts_changes(found, now) { call.phase_at(now) } else { CallPhase::Closed },
            journey: journey::step_page::<Self>(state, token, step, found, now),
            submitted: application.reference.clone().zip(application.submitted_at.clone()),
            certificate,
            resubmitted: false,
            budget_rows: Budget::rows_to_show(&application.form, false),
            this_year: this_year(now),
        })
    }

    /// `?done=resubmitted`: the review says the submitted version was replaced.
    fn with_query(view: GrantFormView, query: &str) -> GrantFormView {
        let resubmitted = form_urlencoded::parse(query.as_bytes()).any(|(k, v)| k == "done" && v == "resubmitted");
        GrantFormView { resubmitted, ..view }
    }

    fn problems(state: &AppState, found: &Found, step: Step, now: &str) -> Vec<FieldError> {
        step.problems(&found.application.form, &choices(state, &found.call, now))
    }

    fn grows(step: Step) -> bool {
        step == Step::Budget
    }

    /// Remembers how many budget rows the reader has open, one more when they asked for it.
    fn posted_answers(form: &mut RawForm, step: Step, action: Action) {
        if step == Step::Budget {
            let rows = Budget::rows_to_show(form, action == Action::AddRow);
            form.set("budget_rows", vec![rows.to_string()]);
        }
    }

    async fn save(state: &AppState, found: &Found, now: &str) -> Result<(), sqlx::Error> {
        drafts::save(&state.pool, applications::DRAFTS, found.application.id, &found.application.form, now).await
    }

    async fn send_link(
        state: &AppState,
        found: &Found,
        address: &str,
        link: &str,
        now: &str,
    ) -> Result<(), sqlx::Error> {
        let message = mail::grant_resume_link(Self::locale(found), address, link);
        drafts::send_resume_link(&state.pool, applications::DRAFTS, found.application.id, address, &message, now).await
    }

    /// The submitted version keeps its own certificate until the next submission.
    async fn replace_file(
        state: &AppState,
        found: &Found,
        file: &NewFile<'_>,
        now: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        files::replace(&state.pool, CertificateOf::Working.slot(), found.application.id, file, now).await
    }

    async fn submit(state: &AppState, parts: Parts, token: &str, found: &Found, now: &str) -> Answer {
        let Ok(checked) = GrantForm::check(&found.application.form, &choices(state, &found.call, now)) else {
            let view = Self::view(state, token, Step::Review, found, now).await?;
            return Ok(render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
        };
        let locale = Self::locale(found);
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
                Ok(Redirect::to(&format!("{}?done=resubmitted", step_path::<Self>(token, Step::Review)))
                    .into_response())
            }
            // The page says the deadline passed (the call's phase) and shows the answers, kept.
            Submitted::TooLate => {
                let view = Self::view(state, token, Step::Review, found, now).await?;
                Ok(render(state, parts, view, StatusCode::CONFLICT).await)
            }
        }
    }
}

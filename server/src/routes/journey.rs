//! The multi-step public form journey, written once for the TA request, the expert's
//! application and the grant application. A draft lives behind a secret link; each step's
//! post replaces that step's fields in the draft and saves it, even with problems, so nothing
//! typed is lost, then moves on (303) or comes back with the problems next to the fields
//! (422). "Save" e-mails the link (counted per draft and per recipient), the file step takes
//! one PDF and replaces the one before, a body over the limit comes back as the step's page
//! saying so (413). A form supplies only what is its own through `Journey`: its steps and
//! rules, its page, what its draft is and where it is stored, and what submitting does.

use std::future::Future;

use app::components::step_form::{LinkMail, StepPage};
use app::db::files::NewFile;
use app::domain::file::{AttachedFile, FileField};
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::domain::steps::FormStep;
use app::i18n::{locale_from_headers, Locale};
use app::secret::{looks_like_token, new_token, token_hash};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::render::{internal_error, not_found, render, render_public, Answer};
use super::uploads;
use crate::policy::{upload_body_limit, FORM_BODY_LIMIT};
use crate::{now_rfc3339, AppState};

/// The button the reader pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    Save,
    Submit,
    /// One more row of a table (the grant budget's lines).
    AddRow,
}

impl Action {
    pub fn of(form: &RawForm) -> Action {
        Action::named(form.raw("action"))
    }

    /// The action of a button's `value`; anything unknown moves on, as "next" does.
    pub fn named(value: &str) -> Action {
        match value {
            "back" => Action::Back,
            "save" => Action::Save,
            "submit" => Action::Submit,
            "add_line" => Action::AddRow,
            _ => Action::Next,
        }
    }
}

/// The body of a form post; one over the limit is answered with the step's page saying so
/// (413), and nothing of it is kept.
pub fn posted(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Option<Response>> {
    match body {
        Ok(body) => Ok(body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(None),
        Err(rejection) => Err(Some(rejection.into_response())),
    }
}

/// What a multi-step form supplies to the journey.
pub trait Journey: Send + Sync + 'static {
    type Step: FormStep + Send + Sync;
    /// A draft as its secret link finds it, with what its pages need (a grant's call).
    type Draft: Send + Sync;
    /// What starting a draft needs besides the answers: nothing, or the call applied to.
    type Start: Send + Sync;
    /// What the step's page shows (the Leptos page reads it from context).
    type View: Clone + Send + Sync + 'static;

    /// Where drafts live: `{BASE}/{token}/{step}`.
    const BASE: &'static str;
    /// The last step: it reviews every answer, submits, and is where a resume link opens.
    const REVIEW: Self::Step;
    /// The upload field and the step that holds it.
    const FILE: FileField;
    const FILE_STEP: Self::Step;
    /// The field holding the address "save" e-mails the link to.
    const ADDRESS_FIELD: &'static str;

    /// The first step's page, blank, posting to `action`.
    fn blank(state: &AppState, start: &Self::Start, action: String, now: &str) -> Self::View;
    /// The part of the page every form's step shows: the answers, problems, the saved link.
    fn step_page_mut(view: &mut Self::View) -> &mut StepPage<Self::Step>;
    /// Whether a draft may be started now (a grant's call may have closed while the reader
    /// typed: the first step then comes back with 409 and the answers).
    fn may_start(_start: &Self::Start, _now: &str) -> bool {
        true
    }
    /// The problems of the first step's answers, before any draft exists.
    fn start_problems(state: &AppState, start: &Self::Start, form: &RawForm, now: &str) -> Vec<FieldError>;
    /// Stores a new draft with the first step's answers, written in `locale`.
    fn create_draft(
        state: &AppState,
        start: &Self::Start,
        token_hash: &str,
        form: &RawForm,
        locale: Locale,
        now: &str,
    ) -> impl Future<Output = Result<i64, sqlx::Error>> + Send;

    /// The draft whose secret hashes to `token_hash`, or the answer for it (the 404 page;
    /// a submitted expert application sends the reader to "check your e-mail").
    fn load(
        state: &AppState,
        token_hash: &str,
        parts: &Parts,
    ) -> impl Future<Output = Result<Self::Draft, Response>> + Send;
    fn form(draft: &Self::Draft) -> &RawForm;
    fn form_mut(draft: &mut Self::Draft) -> &mut RawForm;
    /// The language the draft was started in (its e-mails are written in it).
    fn locale(draft: &Self::Draft) -> Locale;
    /// Whether the draft may still change; a post to one that may not gets its page with 409.
    fn accepts_changes(draft: &Self::Draft, now: &str) -> bool;
    /// Whether the form's file is required and not attached yet ("next" on the file step
    /// then shows the step with the problem).
    fn misses_required_file(_draft: &Self::Draft) -> bool {
        false
    }
    /// The draft now holds `file` (for forms whose draft carries its file).
    fn attach(_draft: &mut Self::Draft, _file: AttachedFile) {}

    /// The page of `step`.
    fn view(
        state: &AppState,
        token: &str,
        step: Self::Step,
        draft: &Self::Draft,
        now: &str,
    ) -> impl Future<Output = Result<Self::View, Response>> + Send;
    /// What the step's address query adds to its page (a grant's "resubmitted" notice).
    fn with_query(view: Self::View, _query: &str) -> Self::View {
        view
    }

    /// The problems of `step`'s answers.
    fn problems(state: &AppState, draft: &Self::Draft, step: Self::Step, now: &str) -> Vec<FieldError>;
    /// Whether "add a row" on `step` shows the step again with one more row (otherwise it
    /// is taken as "next").
    fn grows(_step: Self::Step) -> bool {
        false
    }
    /// Adjusts the answers just posted on `step` before they are saved (the rows open).
    fn posted_answers(_form: &mut RawForm, _step: Self::Step, _action: Action) {}

    fn save(state: &AppState, draft: &Self::Draft, now: &str) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
    /// Whether submitting stores the answers itself (the saving commit is then skipped).
    const SUBMISSION_SAVES_ANSWERS: bool = false;
    /// Queues the e-mail carrying `link` to `address` and records that it went.
    fn send_link(
        state: &AppState,
        draft: &Self::Draft,
        address: &str,
        link: &str,
        now: &str,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
    /// Records `file` as the draft's file; returns the stored names of the files it replaced.
    fn replace_file(
        state: &AppState,
        draft: &Self::Draft,
        file: &NewFile<'_>,
        now: &str,
    ) -> impl Future<Output = Result<Vec<String>, sqlx::Error>> + Send;
    /// Submits the draft from the review (the answers are saved unless
    /// `SUBMISSION_SAVES_ANSWERS`).
    fn submit(
        state: &AppState,
        parts: Parts,
        token: &str,
        draft: &Self::Draft,
        now: &str,
    ) -> impl Future<Output = Answer> + Send;
}

/// The part of `step`'s page every form shows, for the draft behind `token`: its answers and,
/// on the review, every problem left before submission, by step (the file's too, when the
/// form requires one and none is attached).
pub fn step_page<J: Journey>(
    state: &AppState,
    token: &str,
    step: J::Step,
    draft: &J::Draft,
    now: &str,
) -> StepPage<J::Step> {
    let mut page =
        StepPage::new(step, step_path::<J>(token, step), J::form(draft).clone(), Some(draft_path::<J>(token)));
    if step == J::REVIEW {
        page.incomplete = <J::Step as FormStep>::STEPS
            .iter()
            .filter(|s| **s != J::REVIEW)
            .flat_map(|s| J::problems(state, draft, *s, now).into_iter().map(move |e| (*s, e)))
            .collect();
        if J::misses_required_file(draft) {
            page.incomplete.push((J::FILE_STEP, FieldError::new(J::FILE.name, Problem::Required)));
        }
    }
    page
}

/// `view` with `change` made to its step's part.
fn changed<J: Journey>(mut view: J::View, change: impl FnOnce(&mut StepPage<J::Step>)) -> J::View {
    change(J::step_page_mut(&mut view));
    view
}

/// `view` saying the last post was too large to read (413).
fn too_large<J: Journey>(view: J::View) -> J::View {
    changed::<J>(view, |page| page.too_large = true)
}

/// The address of the draft behind `token`, which its resume link opens.
pub fn draft_path<J: Journey>(token: &str) -> String {
    format!("{}/{token}", J::BASE)
}

pub fn step_path<J: Journey>(token: &str, step: J::Step) -> String {
    format!("{}/{token}/{}", J::BASE, step.slug())
}

/// The journey's routes under `J::BASE`: the resume link, the steps, and the file step with
/// its larger body limit.
pub fn routes<J: Journey>() -> Router<AppState> {
    Router::new()
        .route(&format!("{}/{{token}}", J::BASE), get(resume::<J>))
        .route(&format!("{}/{{token}}/{{step}}", J::BASE), get(show_step::<J>).post(post_step::<J>))
        .route(
            &format!("{}/{{token}}/{}", J::BASE, J::FILE_STEP.slug()),
            get(show_file_step::<J>).post(upload::<J>).layer(DefaultBodyLimit::max(upload_body_limit(&J::FILE))),
        )
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// The first step's blank page (the form's own handler finds `start` and `action`).
pub async fn blank_page<J: Journey>(state: &AppState, parts: Parts, start: &J::Start, action: String) -> Response {
    render_public(state, parts, J::blank(state, start, action, &now_rfc3339())).await
}

/// The first step's post creates the draft once its answers pass; until then nothing is
/// stored and the page comes back with the answers and their problems.
pub async fn start<J: Journey>(
    state: &AppState,
    parts: Parts,
    start: &J::Start,
    action: String,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let now = now_rfc3339();
    let blank = J::blank(state, start, action, &now);
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => return Ok(render(state, parts, too_large::<J>(blank), StatusCode::PAYLOAD_TOO_LARGE).await),
        Err(Some(response)) => return Err(response),
    };
    let first = J::Step::STEPS[0];
    let form = RawForm::from_urlencoded(&body).only(first.fields());
    if !J::may_start(start, &now) {
        return Ok(render(state, parts, changed::<J>(blank, |page| page.form = form), StatusCode::CONFLICT).await);
    }
    let errors = J::start_problems(state, start, &form, &now);
    if !errors.is_empty() {
        let view = changed::<J>(blank, |page| (page.form, page.errors) = (form, errors));
        return Ok(render(state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    }
    let token = new_token();
    let locale = locale_from_headers(&parts.headers);
    J::create_draft(state, start, &token_hash(&token), &form, locale, &now).await.map_err(internal_error)?;
    let second = first.next().unwrap_or(J::REVIEW);
    Ok(Redirect::to(&step_path::<J>(&token, second)).into_response())
}

/// The draft behind `token`, or the answer for it; junk never reaches the database.
async fn load<J: Journey>(state: &AppState, token: &str, parts: &Parts) -> Result<J::Draft, Response> {
    if !looks_like_token(token) {
        return Err(not_found(state, parts.clone()).await);
    }
    J::load(state, &token_hash(token), parts).await
}

/// The page of `step` with `status`.
async fn page<J: Journey>(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: J::Step,
    draft: &J::Draft,
    status: StatusCode,
) -> Answer {
    let view = J::view(state, token, step, draft, &now_rfc3339()).await?;
    Ok(render(state, parts, view, status).await)
}

/// The page of `step` with `errors` next to their fields.
async fn with_problems<J: Journey>(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: J::Step,
    draft: &J::Draft,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Answer {
    let view = changed::<J>(J::view(state, token, step, draft, &now_rfc3339()).await?, |page| page.errors = errors);
    Ok(render(state, parts, view, status).await)
}

/// The resume link from the e-mail opens the review, which shows what is still missing.
async fn resume<J: Journey>(State(state): State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    load::<J>(&state, &token, &parts).await?;
    Ok(Redirect::to(&step_path::<J>(&token, J::REVIEW)).into_response())
}

async fn show_step<J: Journey>(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
) -> Answer {
    let Some(step) = J::Step::from_slug(&step) else { return Err(not_found(&state, parts).await) };
    let draft = load::<J>(&state, &token, &parts).await?;
    let view = J::view(&state, &token, step, &draft, &now_rfc3339()).await?;
    let view = J::with_query(view, parts.uri.query().unwrap_or_default());
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

async fn show_file_step<J: Journey>(state: State<AppState>, Path(token): Path<String>, parts: Parts) -> Answer {
    show_step::<J>(state, Path((token, J::FILE_STEP.slug().to_owned())), parts).await
}

async fn post_step<J: Journey>(
    State(state): State<AppState>,
    Path((token, step)): Path<(String, String)>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let Some(step) = J::Step::from_slug(&step) else { return Err(not_found(&state, parts).await) };
    let mut draft = load::<J>(&state, &token, &parts).await?;
    let now = now_rfc3339();
    if !J::accepts_changes(&draft, &now) {
        // A replayed or late post: what was submitted, or decided on, is not changed.
        return page::<J>(&state, parts, &token, step, &draft, StatusCode::CONFLICT).await;
    }
    let body = match posted(body) {
        Ok(body) => body,
        Err(None) => {
            let view = too_large::<J>(J::view(&state, &token, step, &draft, &now).await?);
            return Ok(render(&state, parts, view, StatusCode::PAYLOAD_TOO_LARGE).await);
        }
        Err(Some(response)) => return Err(response),
    };
    let answers = RawForm::from_urlencoded(&body);
    let action = Action::of(&answers);
    let form = J::form_mut(&mut draft);
    form.replace_fields(step.fields(), &answers);
    J::posted_answers(form, step, action);
    let submitting = action == Action::Submit && step == J::REVIEW;
    if !(submitting && J::SUBMISSION_SAVES_ANSWERS) {
        J::save(&state, &draft, &now).await.map_err(internal_error)?;
    }
    match action {
        Action::Back => Ok(Redirect::to(&step_path::<J>(&token, step.previous().unwrap_or(step))).into_response()),
        Action::Save => save_and_send_link::<J>(&state, parts, &token, step, &draft, &now).await,
        Action::Submit if submitting => J::submit(&state, parts, &token, &draft, &now).await,
        Action::AddRow if J::grows(step) => page::<J>(&state, parts, &token, step, &draft, StatusCode::OK).await,
        Action::Next | Action::Submit | Action::AddRow => {
            let errors = J::problems(&state, &draft, step, &now);
            if errors.is_empty() {
                Ok(Redirect::to(&step_path::<J>(&token, step.next().unwrap_or(J::REVIEW))).into_response())
            } else {
                with_problems::<J>(&state, parts, &token, step, &draft, errors, StatusCode::UNPROCESSABLE_ENTITY).await
            }
        }
    }
}

/// Saved already: shows the link to come back and, once the draft holds a valid address,
/// e-mails it there unless that address or this draft had as many such messages as the hour
/// allows.
async fn save_and_send_link<J: Journey>(
    state: &AppState,
    parts: Parts,
    token: &str,
    step: J::Step,
    draft: &J::Draft,
    now: &str,
) -> Answer {
    let link = format!("{}{}", state.public_url, draft_path::<J>(token));
    let address = J::form(draft).text(J::ADDRESS_FIELD).filter(|a| rules::email(a).is_ok());
    let link_mail = crate::limits::link_mail(state, address, token).await;
    if let LinkMail::Sent(address) = &link_mail {
        J::send_link(state, draft, address, &link, now).await.map_err(internal_error)?;
    }
    let view =
        changed::<J>(J::view(state, token, step, draft, now).await?, |page| page.saved = Some((link, link_mail)));
    Ok(render(state, parts, view, StatusCode::OK).await)
}

/// The file step: a multipart post with the button and one PDF. A body declared bigger than
/// the limit is refused before any of it is read; a file that is not a PDF, whatever its
/// name, an empty one or one too big comes back with a message next to the field. Buttons
/// work as on the other steps.
async fn upload<J: Journey>(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Answer {
    let (parts, body) = request.into_parts();
    let mut draft = load::<J>(&state, &token, &parts).await?;
    let step = J::FILE_STEP;
    let now = now_rfc3339();
    // Refused before the file is read: a file staff hold stays the one submitted.
    if !J::accepts_changes(&draft, &now) {
        return page::<J>(&state, parts, &token, step, &draft, StatusCode::CONFLICT).await;
    }
    let request = Request::from_parts(parts.clone(), body);
    let post = uploads::read_pdf_post(&state, request, &token, &J::FILE, &[]).await?;
    if let Some((errors, status)) = post.refusal() {
        return with_problems::<J>(&state, parts, &token, step, &draft, errors, status).await;
    }
    if let Some(file) = post.file {
        let recorded = J::replace_file(&state, &draft, &file.as_new(), &now).await;
        J::attach(&mut draft, uploads::settle(&state, file, recorded).await?);
    }
    match post.action {
        Action::Back => Ok(Redirect::to(&step_path::<J>(&token, step.previous().unwrap_or(step))).into_response()),
        Action::Save => save_and_send_link::<J>(&state, parts, &token, step, &draft, &now).await,
        _ if J::misses_required_file(&draft) => {
            let errors = vec![FieldError::new(J::FILE.name, Problem::Required)];
            with_problems::<J>(&state, parts, &token, step, &draft, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        _ => Ok(Redirect::to(&step_path::<J>(&token, step.next().unwrap_or(J::REVIEW))).into_response()),
    }
}

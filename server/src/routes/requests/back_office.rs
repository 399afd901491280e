//! The back office's requests: the inbox and its CSV, one request with its actions (stage,
//! message, note, publication) and its attachments. Every handler takes the `Staff` extractor
//! (no session: sent to sign-in) and checks that the user covers the request's region; a
//! request outside it answers 404, exactly like one that does not exist.

use app::db::ta_requests;
use app::db::ta_requests::{Move, PublishedIntervention};
use app::domain::filters::Dimension;
use app::domain::form::{rules, FieldError, Problem, RawForm};
use app::domain::staff::{InboxFilter, StaffUser};
use app::domain::stage::Stage;
use app::domain::ta_request::{check, Choices, Publication, StoredRequest, NOTE_MAX};
use app::i18n::Locale;
use app::mail;
use app::pages::requests::back_office::{ActionOutcome, InboxView, StaffRequestView};
use app::pages::requests::history::HistoryView;
use app::pages::staff::my_work::MyWorkView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use time::OffsetDateTime;

use crate::auth::{self, Staff};
use crate::policy::STAFF_FORM_BODY_LIMIT;
use crate::routes::render::{
    at_path, audited_csv, audited_download, internal_error, not_found, one_page_number, refuse, refuse_search, render,
    Answer, ExportRead, Refusal,
};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 4] =
    ["/staff", "/staff/requests", "/staff/requests/{reference}", "/staff/requests/{reference}/history"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff", get(my_work))
        .route("/staff/requests", get(inbox))
        .route("/staff/requests.csv", get(export_csv))
        .route("/staff/requests.xlsx", get(export_xlsx))
        .route("/staff/requests/{reference}", get(request_page))
        .route("/staff/requests/{reference}/history", get(history_page))
        .route("/staff/requests/{reference}/stage", post(move_stage))
        .route("/staff/requests/{reference}/message", post(send_message))
        .route("/staff/requests/{reference}/note", post(add_note))
        .route("/staff/requests/{reference}/publish", post(publish))
        .route("/staff/requests/{reference}/attachments/{id}", get(download_attachment))
        .layer(DefaultBodyLimit::max(STAFF_FORM_BODY_LIMIT))
}

/// Changes to a request's history page: the audit log grows with every write.
const HISTORY_PER_PAGE: i64 = 50;

/// Every change to the request, a page at a time, for the staff who cover it.
async fn history_page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let Some(page) = one_page_number(parts.uri.query()) else {
        return Err(refuse(&parts.headers, Refusal::PageNumber));
    };
    let (entries, total) = app::db::audit::trail(&state.pool, "ta_request", &request.reference, page, HISTORY_PER_PAGE)
        .await
        .map_err(internal_error)?;
    let pages = (total + HISTORY_PER_PAGE - 1) / HISTORY_PER_PAGE;
    let view = HistoryView { user, reference: request.reference, entries, page, pages };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The inbox filter of the request's query; a bad value is a 400 naming the parameters.
fn inbox_filter(state: &AppState, parts: &Parts) -> Result<InboxFilter, Response> {
    InboxFilter::parse(parts.uri.query().unwrap_or_default(), state.taxonomy.as_ref()).map_err(|errors| {
        let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
        refuse_search(&parts.headers, &params)
    })
}

/// The instant before which requests are old enough for the filter's "older than".
fn older_than(filter: &InboxFilter) -> Option<String> {
    filter.older_than_days.map(|days| auth::rfc3339(OffsetDateTime::now_utc() - time::Duration::days(i64::from(days))))
}

/// The back office's first page: what waits for this member of staff. The inbox was here
/// before; an address of its with a filter (a bookmark, an old link) leads to it still.
async fn my_work(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    if let Some(query) = parts.uri.query().filter(|q| !q.is_empty()) {
        return Ok(Redirect::to(&format!("/staff/requests?{query}")).into_response());
    }
    let work = app::db::my_work::my_work(&state.pool, &user).await.map_err(internal_error)?;
    Ok(render(&state, parts, MyWorkView { user, work }, StatusCode::OK).await)
}

async fn inbox(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let filter = inbox_filter(&state, &parts)?;
    let before = older_than(&filter);
    let (rows, total) =
        ta_requests::inbox(&state.pool, &user, &filter, before.as_deref(), false).await.map_err(internal_error)?;
    let counts = ta_requests::count_by_stage(&state.pool, &user).await.map_err(internal_error)?;
    let (by_region, by_topic) =
        ta_requests::count_by_region_and_topic(&state.pool, &user).await.map_err(internal_error)?;
    let view = InboxView { user, filter, rows, total, counts, by_region, by_topic };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// Every request of the inbox's selection, with its figures, for an export.
async fn export_rows(
    state: &AppState,
    user: &StaffUser,
    parts: &Parts,
) -> Result<Vec<app::domain::ta_request::RequestExportRow>, Response> {
    let filter = inbox_filter(state, parts)?;
    let before = older_than(&filter);
    ta_requests::export_rows(&state.pool, user, &filter, before.as_deref()).await.map_err(internal_error)
}

async fn export_csv(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let rows = export_rows(&state, &user, &parts).await?;
    let csv = app::exports::requests_to_csv(&rows).map_err(internal_error)?;
    let read = ExportRead { action: "export_csv", record_type: "ta_request", record_id: "inbox" };
    audited_csv(&state, &user, read, "ta-requests.csv", csv).await
}

async fn export_xlsx(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let rows = export_rows(&state, &user, &parts).await?;
    let xlsx = app::exports::requests_to_xlsx(&rows).map_err(internal_error)?;
    let read = ExportRead { action: "export_xlsx", record_type: "ta_request", record_id: "inbox" };
    let file = ("ta-requests.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    audited_download(&state, &user, read, file, xlsx).await
}

/// The request `reference` if `user` covers it; otherwise the not-found page.
pub(crate) async fn covered_request(
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
    let experts = crate::routes::roster::back_office::request_experts(state, &request).await?;
    let concept_note = ta_requests::concept_note_work(&state.pool, request.id).await?;
    let follow_ups = ta_requests::follow_ups(&state.pool, &request).await?;
    let endorsements = ta_requests::endorsements(&state.pool, request.id).await?;
    Ok(StaffRequestView {
        user,
        request,
        history,
        notes,
        attachments,
        outcome,
        typed,
        problems,
        experts,
        concept_note,
        follow_ups,
        endorsements,
    })
}

pub(crate) fn no_problems() -> (RawForm, Vec<FieldError>) {
    (RawForm::default(), Vec::new())
}

async fn request_page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let outcome = match parts.uri.query().unwrap_or_default() {
        "done=moved" => Some(ActionOutcome::Moved),
        "done=message" => Some(ActionOutcome::MessageSent),
        "done=note" => Some(ActionOutcome::NoteAdded),
        "done=follow-up" => Some(ActionOutcome::FollowUpLinked),
        "done=shortlisted" => Some(ActionOutcome::ExpertShortlisted),
        "done=contacted" => Some(ActionOutcome::ExpertContacted),
        "done=assigned" => Some(ActionOutcome::ExpertAssigned),
        "done=concept-note" => Some(ActionOutcome::NoteSaved),
        "done=joined" => Some(ActionOutcome::Joined),
        _ => None,
    };
    let view = request_view(&state, user, request, outcome, no_problems()).await.map_err(internal_error)?;
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The request's page again after an action, answering `status`: `outcome` at the top, what
/// was posted kept in its fields with its problems next to them.
pub(crate) async fn page_again(
    state: &AppState,
    parts: Parts,
    user: StaffUser,
    request: StoredRequest,
    outcome: Option<ActionOutcome>,
    posted: (RawForm, Vec<FieldError>),
    status: StatusCode,
) -> Response {
    let parts = as_request_page(parts, &request.reference);
    match request_view(state, user, request, outcome, posted).await {
        Ok(view) => render(state, parts, view, status).await,
        Err(error) => internal_error(error),
    }
}

/// Re-renders the request's page with the problems next to their fields and the text kept.
pub(crate) async fn with_problems(
    state: &AppState,
    parts: Parts,
    user: StaffUser,
    request: StoredRequest,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> Response {
    page_again(state, parts, user, request, None, (typed, problems), StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The request's page again, saying it moved on meanwhile (409).
async fn moved_meanwhile(state: &AppState, parts: Parts, user: StaffUser, request: StoredRequest) -> Response {
    let outcome = Some(ActionOutcome::MovedMeanwhile);
    page_again(state, parts, user, request, outcome, no_problems(), StatusCode::CONFLICT).await
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
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let form = RawForm::from_urlencoded(&body);
    let (Some(from), Some(to)) = (Stage::parse(form.raw("from")), Stage::parse(form.raw("to"))) else {
        return Err(refuse(&parts.headers, Refusal::NoStagesNamed));
    };
    if from != request.stage {
        return Err(moved_meanwhile(&state, parts, user, request).await);
    }
    if to == Stage::Withdrawn || !from.can_move_to(to) {
        return Err(refuse(&parts.headers, Refusal::StageNotNext));
    }
    let reason = if to == Stage::Declined {
        match note_text(&form, "reason") {
            Ok(reason) => Some(reason),
            Err(problems) => return Err(with_problems(&state, parts, user, request, form, problems).await),
        }
    } else {
        None
    };
    let to_address = request.focal_point.focal_email.clone().unwrap_or_default();
    let message =
        mail::stage_update(requester_locale(&request), &to_address, &request.reference, to, reason.as_deref());
    let moved = ta_requests::move_stage(
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
    .map_err(internal_error)?;
    match moved {
        Move::Done => Ok(Redirect::to(&format!("/staff/requests/{reference}?done=moved")).into_response()),
        Move::NotAtStage => Err(moved_meanwhile(&state, parts, user, request).await),
        Move::Missing(work) => {
            let outcome = Some(ActionOutcome::WorkMissing(work));
            Err(page_again(&state, parts, user, request, outcome, no_problems(), StatusCode::CONFLICT).await)
        }
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
) -> Answer {
    let (request, text) = posted_text(&state, &user, &reference, parts, &body, "message").await?;
    let to_address = request.focal_point.focal_email.clone().unwrap_or_default();
    let message = mail::staff_message(requester_locale(&request), &to_address, &request.reference, &text);
    ta_requests::add_message(&state.pool, &request, &user.actor(), &text, &message, &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/requests/{reference}?done=message")).into_response())
}

async fn add_note(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, text) = posted_text(&state, &user, &reference, parts, &body, "note").await?;
    ta_requests::add_note(&state.pool, &request, &user, &text, &now_rfc3339()).await.map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/requests/{reference}?done=note")).into_response())
}

/// Puts a request on the public map from its intervention on (ongoing) or once completed,
/// with the title and summary staff wrote.
async fn publish(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let publishable = matches!(request.stage, Stage::TaIntervention | Stage::Completed);
    if !publishable || request.published.is_some() {
        return Err(refuse(&parts.headers, Refusal::NotPublishable));
    }
    let form = RawForm::from_urlencoded(&body);
    let publication = match check::<Publication>(&form, &Choices::default()) {
        Ok(publication) => publication,
        Err(problems) => return Err(with_problems(&state, parts, user, request, form, problems).await),
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
    ta_requests::publish(&state.pool, &request, &published, &user.actor(), &now).await.map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/requests/{reference}")).into_response())
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
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    super::attachment_download(&state, &parts, request.id, id).await
}

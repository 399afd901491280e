//! The back office's expert roster: search, one profile, its CV and the CSV export; and on
//! a request's page, the experts who fit it, shortlisting, contacting and assigning them. Every
//! handler takes the `Staff` extractor. The management unit sees every submitted profile
//! and exports them; a regional coordinator sees the profiles on the roster (confirmed and
//! active) and exports nothing. Reading a CV or exporting is written to the audit log.

use app::components::step_form::StepPage;
use app::db::assignments::{self, Change};
use app::db::roster;
use app::domain::filters::Dimension;
use app::domain::form::{FieldError, Problem, RawForm};
use app::domain::roster::{
    periods_text, shortlist, AssignmentStatus, RequestExperts, RequestNeeds, RosterFilter, StoredPeriod, PER_PAGE,
};
use app::domain::roster::{ExpertRecord, ExpertStatus, Step};
use app::domain::staff::{Role, StaffUser};
use app::domain::ta_request::StoredRequest;
use app::i18n::Locale;
use app::mail::{self, OutgoingMail};
use app::pages::roster::back_office::{RosterView, StaffExpertView};
use app::pages::roster::form::ExpertFormView;
use app::pages::staff::ForbiddenView;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::Staff;
use crate::routes::render::{
    audited_csv, found_or_404, internal_error, not_found, refuse, refuse_search, render, Answer, ExportRead, Refusal,
};
use crate::routes::requests::back_office::{covered_request, with_problems};
use crate::routes::uploads;
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/staff/experts", "/staff/experts/{id}"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/experts", get(search))
        .route("/staff/experts.csv", get(export_csv))
        .route("/staff/experts/{id}", get(profile))
        .route("/staff/experts/{id}/cv", get(download_cv))
        .route("/staff/requests/{reference}/experts/shortlist", post(shortlist_expert))
        .route("/staff/requests/{reference}/experts/contact", post(contact_expert))
        .route("/staff/requests/{reference}/experts/assign", post(assign_expert))
}

/// The filter of the request's query; a bad value is a 400 naming the parameters. A
/// coordinator's search stays among the profiles on the roster.
fn roster_filter(state: &AppState, user: &StaffUser, parts: &Parts) -> Result<RosterFilter, Response> {
    let mut filter =
        RosterFilter::parse(parts.uri.query().unwrap_or_default(), state.taxonomy.as_ref()).map_err(|errors| {
            let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
            refuse_search(&parts.headers, &params)
        })?;
    if user.role != Role::Admin {
        filter.status = ExpertStatus::Active;
    }
    Ok(filter)
}

async fn search(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let filter = roster_filter(&state, &user, &parts)?;
    let (rows, total) = roster::search(&state.pool, &filter, PER_PAGE).await.map_err(internal_error)?;
    Ok(render(&state, parts, RosterView { user, filter, rows, total }, StatusCode::OK).await)
}

async fn export_csv(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    if user.role != Role::Admin {
        return Err(render(&state, parts, ForbiddenView { user }, StatusCode::FORBIDDEN).await);
    }
    let filter = roster_filter(&state, &user, &parts)?;
    let rows = roster::all_matching(&state.pool, &filter).await.map_err(internal_error)?;
    let csv = app::exports::roster_to_csv(&rows).map_err(internal_error)?;
    let read = ExportRead { action: "export_csv", record_type: "expert", record_id: "roster" };
    audited_csv(&state, &user, read, "expert-roster.csv", csv).await
}

/// Expert `id` if `user` may see them; otherwise the not-found page (a profile out of
/// reach looks like one that does not exist).
async fn visible_expert(
    state: &AppState,
    user: &StaffUser,
    id: i64,
    parts: Parts,
) -> Result<(ExpertRecord, Parts), Response> {
    let record = roster::load(&state.pool, id).await.map_err(internal_error)?;
    let visible = |record: &ExpertRecord| match user.role {
        Role::Admin => record.status != ExpertStatus::Draft,
        Role::Coordinator => record.status == ExpertStatus::Active,
    };
    match record.filter(visible) {
        Some(record) => Ok((record, parts)),
        None => Err(not_found(state, parts).await),
    }
}

async fn profile(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>, parts: Parts) -> Answer {
    let (record, parts) = visible_expert(&state, &user, id, parts).await?;
    let profile = ExpertFormView {
        journey: StepPage::new(Step::Consent, String::new(), record.form.clone(), None),
        cv: record.cv.clone(),
        editing: false,
    };
    let view = StaffExpertView { user, id, profile, status: record.status, cv: record.cv };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

async fn download_cv(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<i64>, parts: Parts) -> Answer {
    let (_, parts) = visible_expert(&state, &user, id, parts).await?;
    let found = app::db::files::stored(&state.pool, roster::CV, id).await;
    let (name, stored) = found_or_404(&state, &parts, found).await?;
    let bytes = tokio::fs::read(state.files_dir.join(&stored))
        .await
        .map_err(|error| internal_error(format!("CV {stored} unreadable: {error}")))?;
    app::db::audit::record_read(&state.pool, &user.actor(), "download_cv", "expert", &id.to_string(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(uploads::pdf_download(&name, bytes))
}

/// How many suggestions a request's page shows.
const SUGGESTIONS: usize = 10;

/// The experts part of a request's page: who fits (not yet on its list) and its list.
pub async fn request_experts(state: &AppState, request: &StoredRequest) -> Result<RequestExperts, sqlx::Error> {
    let assignments = assignments::for_request(&state.pool, request.id).await?;
    let institution = &request.institution;
    let needs = RequestNeeds {
        topics: request.details.topics.clone(),
        language: institution.work_language.clone().unwrap_or_default(),
        region: request.region.clone(),
        country: institution.is_government().then(|| institution.country.clone()).flatten(),
        institution: institution.institution.clone().unwrap_or_default(),
    };
    let candidates = assignments::candidates(&state.pool, &needs.topics, &needs.language)
        .await?
        .into_iter()
        .filter(|c| !assignments.iter().any(|a| a.expert_id == c.id))
        .collect();
    Ok(RequestExperts { suggestions: shortlist(candidates, &needs, SUGGESTIONS), assignments })
}

/// The expert a request action names (`expert` in the body).
fn posted_expert(form: &RawForm) -> Option<i64> {
    form.text("expert").and_then(|id| id.parse().ok())
}

/// Back to the request's page saying what was `done`; an expert no longer listed (or
/// active) is the not-found page.
async fn changed(
    state: &AppState,
    parts: Parts,
    change: Change<'_>,
    mail: Option<&OutgoingMail>,
    done: &str,
) -> Answer {
    let reference = change.reference.to_owned();
    if assignments::change(&state.pool, change, mail).await.map_err(internal_error)? {
        Ok(Redirect::to(&format!("/staff/requests/{reference}?done={done}")).into_response())
    } else {
        Err(not_found(state, parts).await)
    }
}

/// Puts an active expert on the request's list.
async fn shortlist_expert(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let Some(expert_id) = posted_expert(&RawForm::from_urlencoded(&body)) else {
        return Err(refuse(&parts.headers, Refusal::NoExpertNamed));
    };
    let change = Change {
        request_id: request.id,
        reference: &request.reference,
        expert_id,
        status: AssignmentStatus::Shortlisted,
        periods: &[],
        actor: &user.actor(),
        now: &now_rfc3339(),
    };
    changed(&state, parts, change, None, "shortlisted").await
}

/// An expert on the request's list, with what e-mails to them need: (address, name, locale).
async fn listed_expert(
    state: &AppState,
    request: &StoredRequest,
    expert_id: i64,
) -> Result<Option<(String, String, Locale)>, sqlx::Error> {
    if !assignments::is_listed(&state.pool, request.id, expert_id).await? {
        return Ok(None);
    }
    Ok(roster::load(&state.pool, expert_id).await?.map(|record| {
        let locale = Locale::from_code(&record.locale).unwrap_or_default();
        (record.form.text("email").unwrap_or_default(), record.form.text("full_name").unwrap_or_default(), locale)
    }))
}

/// E-mails a shortlisted expert to ask whether they are available; they answer the
/// member of staff who asked.
async fn contact_expert(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let Some(expert_id) = posted_expert(&RawForm::from_urlencoded(&body)) else {
        return Err(refuse(&parts.headers, Refusal::NoExpertNamed));
    };
    let (address, name, locale) =
        found_or_404(&state, &parts, listed_expert(&state, &request, expert_id).await).await?;
    let topics: Vec<&str> =
        request.details.topics.iter().map(|t| state.taxonomy.label(Dimension::Topic, t, locale)).collect();
    let mail = mail::expert_contacted(locale, &address, &name, &request.reference, &topics.join(", "), &user.email);
    let change = Change {
        request_id: request.id,
        reference: &request.reference,
        expert_id,
        status: AssignmentStatus::Contacted,
        periods: &[],
        actor: &user.actor(),
        now: &now_rfc3339(),
    };
    changed(&state, parts, change, Some(&mail), "contacted").await
}

/// Assigns an expert on the request's list for up to three periods, at most 60 working
/// days in all; problems come back next to the period's fields (422).
async fn assign_expert(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let (request, parts) = covered_request(&state, &user, &reference, parts).await?;
    let form = RawForm::from_urlencoded(&body);
    let listed = match posted_expert(&form) {
        Some(id) => listed_expert(&state, &request, id).await.map_err(internal_error)?.map(|details| (id, details)),
        None => None,
    };
    let checked = app::domain::assignment::check_form(&form);
    let (expert_id, (address, name, locale), (periods, days)) = match (listed, checked) {
        (Some(listed), Ok(checked)) => (listed.0, listed.1, checked),
        (listed, checked) => {
            let mut problems = Vec::new();
            if listed.is_none() {
                problems.push(FieldError::new("expert", Problem::UnknownChoice));
            }
            problems.extend(checked.err().unwrap_or_default());
            return Err(with_problems(&state, parts, user, request, form, problems).await);
        }
    };
    let stored: Vec<StoredPeriod> = periods.iter().map(StoredPeriod::from).collect();
    let mail = mail::expert_assigned(locale, &address, &name, &request.reference, &periods_text(&stored), days);
    let change = Change {
        request_id: request.id,
        reference: &request.reference,
        expert_id,
        status: AssignmentStatus::Assigned,
        periods: &periods,
        actor: &user.actor(),
        now: &now_rfc3339(),
    };
    changed(&state, parts, change, Some(&mail), "assigned").await
}

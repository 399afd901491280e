//! Rendering a Leptos page from a plain axum handler: the handler prepares the page's
//! content (a view struct) and the page component reads it from context. Used by the form
//! and staff routes, whose pages depend on a post's answers or on who is signed in.

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use app::domain::staff::StaffUser;
use app::i18n::{fill, Locale, Messages};

use crate::AppState;

/// What a handler answers: its page, or an earlier answer (a 404, a 503, a redirect) that
/// `?` returns. axum sends either.
pub type Answer = Result<Response, Response>;

/// Renders the Leptos page for `parts`' path with `view` in its context, answering with
/// `status` (the handler knows best). Pages holding a draft or a request are personal:
/// never stored by caches.
pub async fn render<V>(state: &AppState, parts: Parts, view: V, status: StatusCode) -> Response
where
    V: Clone + Send + Sync + 'static,
{
    render_with(state, parts, view, status, "no-store").await
}

/// Renders a page that is the same for every reader (a call, the list of calls, a blank
/// form): browsers revalidate it, and `page_cache` may keep it for anonymous readers.
pub async fn render_public<V>(state: &AppState, parts: Parts, view: V) -> Response
where
    V: Clone + Send + Sync + 'static,
{
    render_with(state, parts, view, StatusCode::OK, "no-cache").await
}

async fn render_with<V>(state: &AppState, parts: Parts, view: V, status: StatusCode, cache: &'static str) -> Response
where
    V: Clone + Send + Sync + 'static,
{
    let page_state = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            page_state.provide_to_pages();
            leptos::prelude::provide_context(view.clone());
        },
        move || app::app::shell(options.clone()),
    );
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    if !response.status().is_server_error() {
        *response.status_mut() = status;
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// `parts` addressed to `path`: an action posted to `/x/action` answers with the page `/x`,
/// and Leptos picks the page by the address.
pub fn at_path(mut parts: Parts, path: &str) -> Parts {
    if let Ok(uri) = path.parse() {
        parts.uri = uri;
    }
    parts
}

/// A failure the reader cannot fix (the database is down, the disk is full): logged, nothing
/// acknowledged, and a page asking to send again later. The reader's language is not known
/// here, so the page says it in every interface language; the form they came from keeps what
/// they typed (the browser's back button).
pub fn internal_error(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "request failed");
    let sections = Locale::ALL.map(|locale| {
        let m = locale.messages();
        format!(
            "<section lang=\"{}\"><h1>{}</h1><p>{}</p></section>",
            locale.code(),
            m.not_saved_title,
            m.not_saved_text
        )
    });
    let title = Locale::En.messages().not_saved_title;
    let mut response = crate::limits::plain_page(StatusCode::SERVICE_UNAVAILABLE, "en", title, &sections.concat());
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// What `lookup` found, else the "not found" page; a failed lookup is the 503 page.
pub async fn found_or_404<T>(
    state: &AppState,
    parts: &Parts,
    lookup: Result<Option<T>, sqlx::Error>,
) -> Result<T, Response> {
    match lookup {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(not_found(state, parts.clone()).await),
        Err(error) => Err(internal_error(error)),
    }
}

/// A post refused for a reason the reader is told in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 409: the request was completed, declined or withdrawn.
    RequestClosed,
    /// 409: the request's stage is not the one the page was showing.
    RequestMovedOn,
    /// 409: the call was published, so its terms are fixed.
    CallPublished,
    /// 409: only a completed request not on the map yet is published.
    NotPublishable,
    /// 409: the request cannot move from its stage to the one asked.
    StageNotNext,
    /// 403: a grant application's management is the management unit's, without a conflict.
    ManagementOnly,
    /// 403: only a reviewer without a conflict scores.
    NotYourScoring,
    /// 409: a reviewer's declaration is made once.
    DeclaredAlready,
    /// 409: a decided application's scores are final.
    ScoresClosed,
    /// 409: no decision before the call's deadline.
    CallStillOpen,
    /// 409: an application is decided once.
    DecidedAlready,
    /// 409: people reached are reported for a funded project on the map only.
    ReachNotOpen,
    /// 409: the TA fiche is out for consultation or agreed by it.
    FicheInConsultation,
    /// 409: a round is under way or agreed (no new one), or no objection waits for a decision.
    ConsultationRoundState,
    /// 403: consultation rounds are the management unit's.
    ConsultationManagementOnly,
    /// 400: a button's hidden field was missing or not a value the page offers.
    NoExpertNamed,
    NoSessionNamed,
    NoStagesNamed,
    NoVersionNamed,
    NoRowNamed,
    PageNumber,
    NoAudience,
}

impl Refusal {
    fn status(self) -> StatusCode {
        match self {
            Refusal::RequestClosed
            | Refusal::RequestMovedOn
            | Refusal::CallPublished
            | Refusal::NotPublishable
            | Refusal::StageNotNext
            | Refusal::DeclaredAlready
            | Refusal::ScoresClosed
            | Refusal::CallStillOpen
            | Refusal::DecidedAlready
            | Refusal::ReachNotOpen
            | Refusal::FicheInConsultation
            | Refusal::ConsultationRoundState => StatusCode::CONFLICT,
            Refusal::ManagementOnly | Refusal::NotYourScoring | Refusal::ConsultationManagementOnly => {
                StatusCode::FORBIDDEN
            }
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn text(self, m: &Messages) -> &'static str {
        match self {
            Refusal::RequestClosed => m.request_closed_text,
            Refusal::RequestMovedOn => m.request_moved_on_text,
            Refusal::CallPublished => m.call_published_text,
            Refusal::NotPublishable => m.not_publishable_text,
            Refusal::StageNotNext => m.stage_not_next_text,
            Refusal::ManagementOnly => m.grants.review_management_only_text,
            Refusal::NotYourScoring => m.grants.review_not_your_scoring_text,
            Refusal::DeclaredAlready => m.grants.review_declared_already_text,
            Refusal::ScoresClosed => m.grants.review_scores_closed_text,
            Refusal::CallStillOpen => m.grants.review_call_still_open_text,
            Refusal::DecidedAlready => m.grants.review_decided_already_text,
            Refusal::ReachNotOpen => m.grants.review_reach_not_open_text,
            Refusal::FicheInConsultation => m.consultation.fiche_frozen_text,
            Refusal::ConsultationRoundState => m.consultation.round_state_text,
            Refusal::ConsultationManagementOnly => m.consultation.management_only_text,
            Refusal::NoExpertNamed => m.no_expert_named_text,
            Refusal::NoSessionNamed => m.no_session_named_text,
            Refusal::NoStagesNamed => m.no_stages_named_text,
            Refusal::NoVersionNamed => m.no_version_named_text,
            Refusal::NoRowNamed => m.no_row_named_text,
            Refusal::PageNumber => m.page_number_text,
            Refusal::NoAudience => m.no_audience_text,
        }
    }
}

/// `page=N` (1 to 100,000), or the first page without a query; `None` for anything else
/// (answered with `Refusal::PageNumber`).
pub fn one_page_number(query: Option<&str>) -> Option<i64> {
    let Some(query) = query.filter(|q| !q.is_empty()) else { return Some(1) };
    let (name, value) = query.split_once('=')?;
    let page = app::domain::filters::page_number(value)?;
    (name == "page").then_some(page)
}

/// The page saying why `refusal` happened, in the language the request asks for.
pub fn refuse(headers: &axum::http::HeaderMap, refusal: Refusal) -> Response {
    let locale = app::i18n::locale_from_headers(headers);
    let m = locale.messages();
    let status = refusal.status();
    let title = match status {
        StatusCode::CONFLICT => m.conflict_title,
        StatusCode::FORBIDDEN => m.staff.forbidden_title,
        _ => m.bad_request_title,
    };
    crate::limits::notice_page(status, locale, title, refusal.text(m))
}

/// 400: a search's query asked for values it does not know; the page names the parameters.
/// They are the filter's own parameter names (its parser ignores keys it does not know, and
/// never echoes a value), so they go into the page as they are.
pub fn refuse_search(headers: &axum::http::HeaderMap, params: &[&str]) -> Response {
    let locale = app::i18n::locale_from_headers(headers);
    let m = locale.messages();
    let text = fill(m.unknown_search_values_text, &[("params", &params.join(", "))]);
    crate::limits::notice_page(StatusCode::BAD_REQUEST, locale, m.bad_request_title, &text)
}

/// The portal's "not found" page (the pages show it when no view was prepared).
pub async fn not_found(state: &AppState, parts: Parts) -> Response {
    render(state, parts, (), StatusCode::NOT_FOUND).await
}

/// What a back-office export reads, as the audit log records it.
pub struct ExportRead<'a> {
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: &'a str,
}

/// Personal data leaving the back office as a CSV file: the read is recorded in the audit
/// log first, then the file goes as a download that no cache keeps.
pub async fn audited_csv(
    state: &AppState,
    user: &StaffUser,
    read: ExportRead<'_>,
    file_name: &str,
    csv: Vec<u8>,
) -> Answer {
    audited_download(state, user, read, (file_name, "text/csv; charset=utf-8"), csv).await
}

/// As `audited_csv`, for a file of any type: `(file name, content type)`.
pub async fn audited_download(
    state: &AppState,
    user: &StaffUser,
    read: ExportRead<'_>,
    (file_name, content_type): (&str, &str),
    bytes: Vec<u8>,
) -> Answer {
    let ExportRead { action, record_type, record_id } = read;
    app::db::audit::record_read(&state.pool, &user.actor(), action, record_type, record_id, &crate::now_rfc3339())
        .await
        .map_err(internal_error)?;
    let headers = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, bytes).into_response())
}

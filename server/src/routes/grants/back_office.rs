//! Calls for proposals in the back office. Every handler takes the `Staff` extractor. The
//! management unit writes, edits (until publication) and publishes calls; a regional
//! coordinator sees the calls that cover one of their regions, with their applications, and
//! a call outside them answers 404 exactly like one that does not exist.

use app::db::grants::applications;
use app::db::grants::calls::{self, NewCall};
use app::domain::form::RawForm;
use app::domain::grant::{call_choices, Call, CallForm, StepFields};
use app::domain::staff::{Role, StaffUser};
use app::pages::grants::back_office::{CallNotice, StaffCallFormView, StaffCallView, StaffGrantsView};
use app::pages::staff::ForbiddenView;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::auth::Staff;
use crate::policy::FORM_BODY_LIMIT;
use crate::routes::render::{
    audited_csv, internal_error, not_found, refuse, refuse_search, render, Answer, ExportRead, Refusal,
};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 4] = ["/staff/grants", "/staff/grants/new", "/staff/grants/{id}", "/staff/grants/{id}/edit"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/grants", get(list))
        .route("/staff/grants/new", get(new_call).post(create_call))
        .route("/staff/grants/{id}", get(call_page))
        .route("/staff/grants/{id}/edit", get(edit_call).post(update_call))
        .route("/staff/grants/{id}/publish", post(publish))
        .route("/staff/grants/{id}/applications.csv", get(export_csv))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// Whether `user` sees `call`: the management unit sees all, a coordinator those that
/// cover one of their regions.
fn sees(user: &StaffUser, call: &Call) -> bool {
    call.regions.iter().any(|region| user.covers(Some(region)))
}

async fn forbidden_unless_admin(state: &AppState, user: &StaffUser, parts: &Parts) -> Result<(), Response> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(render(state, parts.clone(), ForbiddenView { user: user.clone() }, StatusCode::FORBIDDEN).await)
    }
}

/// The call `id` as `user` may see it, or the "not found" page.
async fn visible_call(state: &AppState, user: &StaffUser, id: &str, parts: &Parts) -> Result<Call, Response> {
    let Ok(id) = id.parse::<i64>() else { return Err(not_found(state, parts.clone()).await) };
    match calls::find(&state.pool, id).await {
        Ok(Some(call)) if sees(user, &call) => Ok(call),
        Ok(_) => Err(not_found(state, parts.clone()).await),
        Err(error) => Err(internal_error(error)),
    }
}

async fn list(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let all = calls::all(&state.pool).await.map_err(internal_error)?;
    let counts = applications::counts_by_call(&state.pool).await.map_err(internal_error)?;
    let now = now_rfc3339();
    let calls = all
        .into_iter()
        .filter(|call| sees(&user, call))
        .map(|call| {
            let (submitted, drafts) =
                counts.iter().find(|(id, _, _)| *id == call.id).map_or((0, 0), |(_, s, d)| (*s, *d));
            let phase = call.phase_at(&now);
            (call, phase, submitted, drafts)
        })
        .collect();
    Ok(render(&state, parts, StaffGrantsView { user, calls }, StatusCode::OK).await)
}

async fn new_call(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    forbidden_unless_admin(&state, &user, &parts).await?;
    // A new call starts with the usual rubric's shape and the Brussels office's offset.
    let form = RawForm::from_pairs([("utc_offset", "+01:00"), ("cofunding_percent", "10")]);
    let view = StaffCallFormView { user, action: "/staff/grants/new".into(), form, errors: Vec::new() };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// The call form as posted, with its problems (none when it can be stored).
fn read_call_form(state: &AppState, body: &Bytes) -> (RawForm, CallForm, Vec<app::domain::form::FieldError>) {
    let typed = RawForm::from_urlencoded(body).only(CallForm::FIELDS);
    let checked = app::domain::grant::check::<CallForm>(&typed, &call_choices(&state.taxonomy));
    match checked {
        Ok(form) => (typed, form, Vec::new()),
        Err(errors) => (typed.clone(), CallForm::read(&typed), errors),
    }
}

async fn create_call(State(state): State<AppState>, Staff(user): Staff, parts: Parts, body: Bytes) -> Answer {
    forbidden_unless_admin(&state, &user, &parts).await?;
    let (typed, form, errors) = read_call_form(&state, &body);
    let new = NewCall::of(&typed, &form).filter(|_| errors.is_empty());
    let Some(new) = new else {
        let view = StaffCallFormView { user, action: "/staff/grants/new".into(), form: typed, errors };
        return Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    };
    let id = calls::create(&state.pool, &new, &state.taxonomy, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/grants/{id}?done=saved")).into_response())
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
    /// The page of the applications' list (1-based).
    page: Option<String>,
}

async fn call_page(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
    parts: Parts,
) -> Answer {
    let call = visible_call(&state, &user, &id, &parts).await?;
    let page = match query.page.as_deref() {
        None => 1,
        Some(text) => match app::domain::filters::page_number(text) {
            Some(page) => page,
            None => return Ok(refuse_search(&parts.headers, &["page"])),
        },
    };
    let (applications, total) = readable_applications(&state, &user, call.id, Some(page)).await?;
    let notice = match query.done.as_deref() {
        Some("saved") => Some(CallNotice::Saved),
        Some("published") => Some(CallNotice::Published),
        _ => None,
    };
    let phase = call.phase_at(&now_rfc3339());
    let view = StaffCallView { user, call, phase, applications, total, page, notice };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// A published call's terms are fixed: its edit page sends back to the call.
async fn editable_call(state: &AppState, user: &StaffUser, id: &str, parts: &Parts) -> Result<Call, Response> {
    forbidden_unless_admin(state, user, parts).await?;
    let call = visible_call(state, user, id, parts).await?;
    if call.published_at.is_some() {
        return Err(Redirect::to(&format!("/staff/grants/{}", call.id)).into_response());
    }
    Ok(call)
}

async fn edit_call(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<String>, parts: Parts) -> Answer {
    let call = editable_call(&state, &user, &id, &parts).await?;
    let form = calls::typed_form(&state.pool, call.id).await.map_err(internal_error)?.unwrap_or_default();
    let view = StaffCallFormView { user, action: format!("/staff/grants/{}/edit", call.id), form, errors: Vec::new() };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

async fn update_call(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let call = editable_call(&state, &user, &id, &parts).await?;
    let (typed, form, errors) = read_call_form(&state, &body);
    let action = format!("/staff/grants/{}/edit", call.id);
    let new = NewCall::of(&typed, &form).filter(|_| errors.is_empty());
    let Some(new) = new else {
        let view = StaffCallFormView { user, action, form: typed, errors };
        return Ok(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    };
    let updated = calls::update(&state.pool, call.id, &new, &state.taxonomy, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    if !updated {
        return Ok(refuse(&parts.headers, Refusal::CallPublished));
    }
    Ok(Redirect::to(&format!("/staff/grants/{}?done=saved", call.id)).into_response())
}

async fn publish(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<String>, parts: Parts) -> Answer {
    forbidden_unless_admin(&state, &user, &parts).await?;
    let call = visible_call(&state, &user, &id, &parts).await?;
    let published =
        calls::publish(&state.pool, call.id, &user.actor(), &now_rfc3339()).await.map_err(internal_error)?;
    if !published {
        return Ok(refuse(&parts.headers, Refusal::CallPublished));
    }
    Ok(Redirect::to(&format!("/staff/grants/{}?done=published", call.id)).into_response())
}

/// A call's submitted applications as `user` may see them, by the application page's rule
/// (`Access`): whole when they may read it, reference only while their declaration is due,
/// left out after a declared conflict or when it is not theirs to see. One page, or every
/// row (`None`), and how many in all.
async fn readable_applications(
    state: &AppState,
    user: &StaffUser,
    call_id: i64,
    page: Option<i64>,
) -> Result<(Vec<app::domain::grant::ApplicationRow>, i64), Response> {
    use app::pages::grants::review::Access;
    let (rows, total) = applications::submitted_to(&state.pool, call_id, user, page).await.map_err(internal_error)?;
    let rows = rows
        .into_iter()
        .filter_map(|(row, own)| match Access::of(user, own) {
            Access::Read => Some(row),
            Access::Declare => Some(row.without_details()),
            Access::Abstained | Access::Hidden => None,
        })
        .collect();
    Ok((rows, total))
}

/// A call's applications with their standing, as CSV (management unit only; audited).
async fn export_csv(State(state): State<AppState>, Staff(user): Staff, Path(id): Path<String>, parts: Parts) -> Answer {
    forbidden_unless_admin(&state, &user, &parts).await?;
    let call = visible_call(&state, &user, &id, &parts).await?;
    let (rows, _) = readable_applications(&state, &user, call.id, None).await?;
    let rows: Vec<_> = rows.into_iter().filter(|row| !row.declare_first).collect();
    let csv = app::exports::grant_applications_to_csv(&rows).map_err(internal_error)?;
    let id = call.id.to_string();
    let read = ExportRead { action: "grant_applications.export", record_type: "grant_call", record_id: &id };
    audited_csv(&state, &user, read, &format!("{}-applications.csv", call.slug), csv).await
}

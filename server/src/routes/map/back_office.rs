//! `/staff/interventions`: staff decide who may see each intervention in their regions, and
//! translate its public title and summary. One kept for staff only leaves the public view
//! (`public_interventions`), so no page, figure or export shows it from the next request on.

use app::db::{intervention_texts, staff_interventions};
use app::domain::form::RawForm;
use app::domain::staff::{StaffInterventionFilter, StaffUser};
use app::domain::ta_request::{check, StepFields, AUDIENCES, AUDIENCE_PUBLIC};
use app::domain::text::{Original, Translatable, TranslationsForm};
use app::pages::map::back_office::{StaffInterventionsView, StaffTranslationsView};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::auth::Staff;
use crate::policy::FORM_BODY_LIMIT;
use crate::routes::render::{internal_error, not_found, refuse, refuse_search, render, Answer, Refusal};
use crate::{now_rfc3339, AppState};

/// The Leptos routes these handlers render (axum path syntax).
pub const PAGES: [&str; 2] = ["/staff/interventions", "/staff/interventions/{slug}/translations"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/interventions", get(list))
        .route("/staff/interventions/{slug}/audience", post(set_audience))
        .route("/staff/interventions/{slug}/translations", get(translations).post(save_translations))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// The list's filter and page from a query string; anything unknown is a clear 400.
fn list_filter(state: &AppState, headers: &HeaderMap, query: &str) -> Result<StaffInterventionFilter, Response> {
    StaffInterventionFilter::parse(query, state.taxonomy.as_ref()).map_err(|errors| {
        let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
        refuse_search(headers, &params)
    })
}

async fn list(State(state): State<AppState>, Staff(user): Staff, parts: Parts) -> Answer {
    let filter = list_filter(&state, &parts.headers, parts.uri.query().unwrap_or_default())?;
    let (rows, total) = staff_interventions::page(&state.pool, &user, &filter).await.map_err(internal_error)?;
    // `changed` names the intervention whose audience was just changed, for the notice.
    let changed = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "changed")
        .map(|(_, slug)| slug.into_owned());
    let changed = match changed {
        Some(slug) => staff_interventions::find(&state.pool, &slug).await.map_err(internal_error)?,
        None => None,
    };
    let view = StaffInterventionsView { user, filter, rows, total, changed };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// Shows an intervention to everyone (`audience=public`) or keeps it for staff
/// (`audience=staff`); an intervention outside the user's regions is not found.
async fn set_audience(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(slug): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let form = RawForm::from_urlencoded(&body);
    let audience = form.raw("audience");
    if !AUDIENCES.contains(&audience) {
        return Err(refuse(&parts.headers, Refusal::NoAudience));
    }
    let region = staff_interventions::region_of(&state.pool, &slug).await.map_err(internal_error)?;
    if !region.is_some_and(|region| user.covers(Some(&region))) {
        return Err(not_found(&state, parts).await);
    }
    // Back to the page of the list the change was made from (its filter read again, so
    // nothing but a filter goes into the address).
    let back = list_filter(&state, &parts.headers, form.raw("back"))?;
    let publishable = audience == AUDIENCE_PUBLIC;
    staff_interventions::set_publishable(&state.pool, &slug, publishable, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    let mut address = form_urlencoded::Serializer::new(back.query(true));
    address.append_pair("changed", &slug);
    let fragment: String = form_urlencoded::byte_serialize(slug.as_bytes()).collect();
    Ok(Redirect::to(&format!("/staff/interventions?{}#{fragment}", address.finish())).into_response())
}

#[derive(Deserialize)]
struct TranslationsQuery {
    saved: Option<String>,
}

/// The intervention if `user` covers its region; otherwise the "not found" page.
async fn translatable(state: &AppState, user: &StaffUser, slug: &str, parts: &Parts) -> Result<Translatable, Response> {
    match intervention_texts::translatable(&state.pool, slug).await {
        Ok(Some(item)) if user.covers(Some(&item.region)) => Ok(item),
        Ok(_) => Err(not_found(state, parts.clone()).await),
        Err(error) => Err(internal_error(error)),
    }
}

async fn translations(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(slug): Path<String>,
    Query(query): Query<TranslationsQuery>,
    parts: Parts,
) -> Answer {
    let item = translatable(&state, &user, &slug, &parts).await?;
    let typed = RawForm::from_pairs(item.translations.iter().flat_map(|text| {
        [
            (format!("title_{}", text.locale), text.title.clone()),
            (format!("summary_{}", text.locale), text.summary.clone()),
            (format!("objective_{}", text.locale), text.objective.clone().unwrap_or_default()),
        ]
    }));
    let view = StaffTranslationsView { user, item, typed, errors: Vec::new(), saved: query.saved.is_some() };
    Ok(render(&state, parts, view, StatusCode::OK).await)
}

/// Replaces the translations with those posted; a title without its summary (or a text out
/// of bounds) comes back with the message next to the field and everything typed kept.
async fn save_translations(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(slug): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Answer {
    let item = translatable(&state, &user, &slug, &parts).await?;
    let typed = RawForm::from_urlencoded(&body).only(TranslationsForm::FIELDS);
    let original = Original { has_objective: item.original.objective.is_some() };
    let form = match check::<TranslationsForm>(&typed, &original) {
        Ok(form) => form,
        Err(errors) => {
            let view = StaffTranslationsView { user, item, typed, errors, saved: false };
            return Err(render(&state, parts, view, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
    };
    intervention_texts::save(&state.pool, &slug, &form.texts(original), &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/interventions/{slug}/translations?saved=1")).into_response())
}

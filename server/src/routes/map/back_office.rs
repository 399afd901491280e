//! `/staff/interventions`: staff decide who may see each intervention in their regions, and
//! translate its public title and summary. One kept for staff only leaves the public view
//! (`public_interventions`), so no page, figure or export shows it from the next request on.

use app::db::{intervention_texts, staff_interventions};
use app::domain::form::RawForm;
use app::domain::staff::StaffUser;
use app::domain::ta_request::{check, StepFields, AUDIENCES, AUDIENCE_PUBLIC};
use app::domain::text::{Original, Translatable, TranslationsForm};
use app::pages::map::back_office::{StaffInterventionsView, StaffTranslationsView};
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
use crate::routes::render::{internal_error, not_found, refuse, render, Answer, Refusal};
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

#[derive(Deserialize)]
struct ListQuery {
    /// The slug whose audience was just changed, for the notice.
    changed: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(query): Query<ListQuery>,
    parts: Parts,
) -> Answer {
    let rows = staff_interventions::list(&state.pool, &user).await.map_err(internal_error)?;
    Ok(render(&state, parts, StaffInterventionsView { user, rows, changed: query.changed }, StatusCode::OK).await)
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
    let publishable = audience == AUDIENCE_PUBLIC;
    staff_interventions::set_publishable(&state.pool, &slug, publishable, &user.actor(), &now_rfc3339())
        .await
        .map_err(internal_error)?;
    Ok(Redirect::to(&format!("/staff/interventions?changed={slug}#{slug}")).into_response())
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

//! The axum routes, one folder per area of the portal (as in `app::pages`), beside the pieces
//! they share: the journey every multi-step form runs on, rendering, uploads, assets, language
//! and health. A handler prepares a page's view and renders its Leptos page, or answers with
//! data (the open-data API, downloads).

pub mod assets;
pub mod conditional;
pub mod grants;
pub mod health;
pub mod journey;
pub mod language;
pub mod map;
pub mod render;
pub mod requests;
pub mod roster;
pub mod staff;
pub mod uploads;

use axum::Router;

use crate::AppState;

/// The Leptos pages whose handlers are here: they prepare the page's view themselves, so the
/// Leptos route list leaves them out (axum path syntax).
pub fn own_pages() -> Vec<String> {
    [
        &requests::form::PAGES[..],
        &requests::tracking::PAGES,
        &requests::back_office::PAGES,
        &requests::fiche::PAGES,
        &requests::baseline::PAGES,
        &requests::intervention::PAGES,
        &requests::completion::PAGES,
        &requests::consultation::PAGES,
        &requests::endorsement::PAGES,
        &roster::form::PAGES,
        &roster::space::PAGES,
        &roster::sessions::PAGES,
        &roster::back_office::PAGES,
        &grants::calls::PAGES,
        &grants::form::PAGES,
        &grants::back_office::PAGES,
        &grants::review::PAGES,
        &map::back_office::PAGES,
        &staff::sign_in::PAGES,
        &staff::password::PAGES,
        &staff::sessions::PAGES,
        &staff::reset::PAGES,
        &staff::outbox::PAGES,
    ]
    .concat()
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Every route of the portal but the Leptos pages (see `crate::router`).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(assets::router())
        .merge(map::api::router(state.clone()))
        .merge(map::sprite::router())
        .merge(map::back_office::router())
        .merge(health::router())
        .merge(language::router())
        .merge(requests::form::router())
        .merge(requests::tracking::router())
        .merge(requests::back_office::router())
        .merge(requests::concept_note::router())
        .merge(requests::fiche::router())
        .merge(requests::baseline::router())
        .merge(requests::intervention::router())
        .merge(requests::completion::router())
        .merge(requests::documents::router())
        .merge(requests::consultation::router())
        .merge(requests::endorsement::router())
        .merge(roster::form::router())
        .merge(roster::space::router())
        .merge(roster::sessions::router())
        .merge(roster::back_office::router())
        .merge(grants::calls::router())
        .merge(grants::form::router())
        .merge(grants::back_office::router())
        .merge(grants::review::router())
        .merge(staff::sign_in::router())
        .merge(staff::password::router())
        .merge(staff::sessions::router())
        .merge(staff::reset::router())
        .merge(staff::outbox::router())
}

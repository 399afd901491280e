//! What every request handler can reach.

use std::sync::Arc;

use app::db::Pool;
use app::domain::taxonomy::Taxonomy;
use app::map::MapSprite;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub taxonomy: Arc<Taxonomy>,
    pub sprite: Arc<MapSprite>,
    pub public_url: Arc<str>,
}

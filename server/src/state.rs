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
    pub assets: Arc<crate::routes::assets::Precompressed>,
    pub public_url: Arc<str>,
}

impl AppState {
    /// What pages read from the render context.
    pub fn provide_to_pages(&self) {
        use leptos::prelude::provide_context;
        provide_context(self.leptos_options.clone());
        provide_context(self.pool.clone());
        provide_context(self.taxonomy.clone());
        provide_context(self.sprite.clone());
    }
}

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
    /// What a TA request may name, derived from the taxonomy once at start.
    pub request_choices: Arc<app::domain::ta_request::Choices>,
    /// What an expert's application may name, likewise.
    pub expert_choices: Arc<app::domain::roster::ExpertChoices>,
    pub sprite: Arc<MapSprite>,
    pub assets: Arc<crate::routes::assets::Precompressed>,
    pub public_url: Arc<str>,
    /// Who the IATI files name as publisher (with `public_url` for their links).
    #[from_ref(skip)]
    pub iati_publisher: Arc<app::iati::Publisher>,
    /// Uploaded files (see `routes::uploads`).
    pub files_dir: Arc<std::path::PathBuf>,
    /// The virus scanner every upload passes before it is kept, if one is configured.
    #[from_ref(skip)]
    pub scanner: Option<Arc<crate::scanner::Scanner>>,
    /// Proxies whose `X-Forwarded-For` names the client (see `limits::client_address`).
    #[from_ref(skip)]
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// Client addresses no rate limit applies to.
    #[from_ref(skip)]
    pub rate_limit_exempt: Arc<[std::net::IpAddr]>,
    /// Public pages as anonymous readers see them (`page_cache`).
    pub page_cache: Arc<crate::page_cache::PageCache>,
    /// Room for requests in flight (`limits::shed_excess_load`).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Requests under way per client address and memory for bodies being received
    /// (`connections`).
    #[from_ref(skip)]
    pub arrivals: crate::connections::Arrivals,
    /// Staff must give a TOTP code to sign in (accounts without one cannot).
    #[from_ref(skip)]
    pub require_totp: bool,
    /// Session cookies carry `Secure` (the portal is served over HTTPS).
    #[from_ref(skip)]
    pub secure_cookies: bool,
}

impl AppState {
    /// What pages read from the render context.
    pub fn provide_to_pages(&self) {
        use leptos::prelude::provide_context;
        provide_context(self.leptos_options.clone());
        provide_context(self.pool.clone());
        provide_context(self.taxonomy.clone());
        provide_context(self.sprite.clone());
        if let Some(folder) = &self.assets.checks_folder {
            provide_context(app::components::form_checks::FormChecksFolder(folder.clone()));
        }
    }
}

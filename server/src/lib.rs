//! The portal's HTTP server: startup, the router and its layers. `main.rs` only parses the
//! command line; tests build the very same router through `prepare` and `router`.

pub mod auth;
pub mod backup;
pub mod config;
pub mod connections;
pub mod demo;
pub mod files;
pub mod jobs;
pub mod limits;
pub mod load;
pub mod mailer;
pub mod middleware;
pub mod page_cache;
pub mod policy;
pub mod routes;
pub mod scanner;
pub mod state;

use std::sync::Arc;

use anyhow::Context;
use app::map::{MapSprite, ACP_MAP_GEOJSON};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::LeptosRoutes;

pub use config::Settings;
pub use state::AppState;

/// Leptos settings from the `LEPTOS_*` environment cargo-leptos sets, with the portal's
/// defaults when the binary is started on its own.
pub fn leptos_options() -> LeptosOptions {
    let mut options = get_configuration(None)
        .map(|conf| conf.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("portal").build());
    // cargo-leptos writes hash.txt beside the binary when it builds with hashed file names.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
            .is_some_and(|path| path.exists());
    }
    options
}

/// Connects and migrates the database and applies the reference data.
pub async fn open_database(settings: &Settings) -> anyhow::Result<app::db::Pool> {
    settings.prepare_sqlite_folder().context("creating the SQLite folder")?;
    let pool = app::db::connect(&settings.database_url, settings.db_max_connections)
        .await
        .context("connecting to the database")?;
    app::db::migrate(&pool, &settings.database_url).await.context("migrating the database")?;
    app::db::addresses::rekey_addresses(&pool).await.context("re-keying e-mail addresses")?;
    app::db::seed::seed_reference(&pool).await.context("loading the reference taxonomy")?;
    Ok(pool)
}

/// Everything `serve` needs: database ready (demo data on a first start if enabled), taxonomy
/// loaded and the map sprite drawn.
pub async fn prepare(settings: &Settings, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&settings.files_dir).context("creating the files folder")?;
    let pool = open_database(settings).await?;
    files::sweep(&pool, &settings.files_dir, std::time::Duration::from_secs(settings.orphan_grace_secs))
        .await
        .context("sweeping the files folder")?;
    let seed_demo = settings.seed_demo_when_empty && app::db::seed::is_empty(&pool).await?;
    if seed_demo {
        let loaded = app::db::seed::seed_demo(&pool, &now_rfc3339()).await.context("loading the demo data")?;
        tracing::info!(loaded, "database was empty: demo interventions loaded");
    }
    let taxonomy = app::db::taxonomy::load(&pool).await.context("loading the taxonomy")?;
    let capitals: Vec<(String, f64, f64)> =
        taxonomy.countries.iter().map(|c| (c.term.code.clone(), c.lat, c.lon)).collect();
    let sprite = MapSprite::build(ACP_MAP_GEOJSON, &capitals).context("drawing the map")?;
    let site_root = std::path::PathBuf::from(leptos_options.site_root.as_ref());
    let pkg_dir = leptos_options.site_pkg_dir.to_string();
    let assets = tokio::task::spawn_blocking(move || routes::assets::Precompressed::load(&site_root, &pkg_dir))
        .await
        .context("compressing static assets")?;
    let state = AppState {
        leptos_options,
        pool,
        request_choices: Arc::new(taxonomy.request_choices()),
        expert_choices: Arc::new(taxonomy.expert_choices()),
        taxonomy: Arc::new(taxonomy),
        sprite: Arc::new(sprite),
        assets: Arc::new(assets),
        public_url: settings.public_url.trim_end_matches('/').into(),
        iati_publisher: Arc::new(app::iati::Publisher {
            org_ref: settings.iati.org_ref.clone(),
            org_name: settings.iati.org_name.clone(),
            org_type: settings.iati.org_type.clone(),
            funder_ref: settings.iati.funder_ref.clone(),
            funder_name: settings.iati.funder_name.clone(),
            base_url: settings.public_url.trim_end_matches('/').to_owned(),
        }),
        files_dir: Arc::new(settings.files_dir.clone()),
        scanner: settings.clamd.as_deref().map(|setting| Arc::new(scanner::Scanner::from_setting(setting))),
        trusted_proxies: settings.trusted_proxies.clone().into(),
        rate_limit_exempt: settings.rate_limit_exempt.clone().into(),
        page_cache: Arc::new(page_cache::PageCache::new(
            std::time::Duration::try_from_secs_f64(settings.page_cache_seconds.min(3600.0)).unwrap_or_default(),
        )),
        in_flight: Arc::new(tokio::sync::Semaphore::new(settings.max_in_flight.max(1))),
        arrivals: connections::Arrivals::new(settings.max_per_client),
        require_totp: settings.require_totp,
        secure_cookies: settings.public_url.starts_with("https://"),
    };
    if seed_demo {
        demo::seed_records(&state.pool, &settings.files_dir, &state.taxonomy).await?;
    }
    if settings.demo_staff {
        demo::ensure_staff_accounts(settings, &state.pool).await.context("creating the demo staff accounts")?;
        tracing::warn!("demo staff accounts are enabled (PORTAL_DEMO_STAFF): never do this in production");
    }
    Ok(state)
}

/// Creates or resets a staff account; returns the TOTP address when one was set up.
pub async fn create_user(
    settings: &Settings,
    new: &config::CreateUser,
    password: &str,
) -> anyhow::Result<Option<String>> {
    use app::domain::staff::Role;
    let role = Role::parse(&new.role).context("the role must be admin or coordinator")?;
    if let Some(problem) = auth::password_problem(password, &new.email, &new.name) {
        anyhow::bail!("{problem}");
    }
    anyhow::ensure!(role == Role::Admin || !new.regions.is_empty(), "a coordinator needs at least one --region");
    let pool = open_database(settings).await?;
    let taxonomy = app::db::taxonomy::load(&pool).await?;
    for region in &new.regions {
        anyhow::ensure!(taxonomy.regions.iter().any(|r| &r.code == region), "unknown region {region:?}");
    }
    let totp = if new.totp || settings.require_totp {
        Some(auth::new_totp_secret(&new.email).context("making a TOTP secret")?)
    } else {
        None
    };
    let password_hash = auth::hash_password(password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    app::db::staff::upsert_user(
        &pool,
        app::db::staff::NewStaffUser {
            email: &new.email,
            name: &new.name,
            role,
            password_hash: &password_hash,
            totp_secret: totp.as_ref().map(|(secret, _)| secret.as_str()),
            regions: if role == Role::Admin { &[] } else { &new.regions },
        },
        &now_rfc3339(),
    )
    .await?;
    Ok(totp.map(|(_, url)| url))
}

/// Starts sending the outbox in the background when SMTP is configured.
pub fn start_mailer(settings: &Settings, state: &AppState) -> anyhow::Result<()> {
    match &settings.smtp_url {
        Some(url) => {
            let mailer = mailer::Mailer::new(url, &settings.mail_from).context("configuring SMTP")?;
            tokio::spawn(mailer.run(state.pool.clone()));
            tracing::info!("e-mail goes out over SMTP");
        }
        None => tracing::warn!("PORTAL_SMTP_URL is not set: e-mails wait in the outbox (/staff/outbox)"),
    }
    Ok(())
}

/// The current time as RFC 3339 text (how the schema stores times on both backends).
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Seconds since the Unix epoch (what TOTP steps count from).
pub fn now_unix() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().try_into().unwrap_or_default()
}

/// The whole application: pages, API, map sprite, static files and the layers around them.
pub fn router(state: AppState) -> Router {
    // Pages whose handlers prepare the view themselves are routed in `routes`.
    let routes = leptos_axum::generate_route_list_with_exclusions(app::app::App, Some(routes::own_pages()));
    let page_state = state.clone();
    let fallback_state = state.clone();
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, move || page_state.provide_to_pages(), {
            let options = state.leptos_options.clone();
            move || app::app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            move || fallback_state.provide_to_pages(),
            app::app::shell,
        ));
    Router::new()
        .merge(routes::router(&state))
        .merge(pages)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::limit_public_writes))
        .layer(axum::middleware::from_fn_with_state(state.public_url.clone(), middleware::refuse_cross_site_writes))
        .layer(axum::middleware::from_fn(middleware::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(state.trusted_proxies.clone(), middleware::log_refusals))
        // Inside compression, which passes its brotli pages through and compresses the rest.
        .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve_kept_pages))
        .layer(tower_http::compression::CompressionLayer::new())
        // A request takes room in flight only once its body has arrived, so a slow client
        // holds none: a refused request costs almost nothing.
        .layer(axum::middleware::from_fn_with_state(state.in_flight.clone(), limits::shed_excess_load))
        .layer(axum::middleware::from_fn_with_state(state.clone(), connections::receive_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), connections::cap_per_client))
        // Outermost but for tracing: every answer, refusals included, carries the headers.
        .layer(axum::middleware::from_fn_with_state(state.secure_cookies, middleware::cache_and_security_headers))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(middleware::request_span))
}

pub use connections::serve;

/// Ctrl-C or SIGTERM.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

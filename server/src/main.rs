use clap::Parser;
use server::config::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Loading invented records sends statements of thousands of rows, each over sqlx's
    // one-second "slow statement" warning, which would print the statement whole.
    let quiet_sqlx = matches!(cli.command, Some(Command::SeedLoad { .. }));
    init_logging(cli.settings.log_json, if quiet_sqlx { "info,sqlx=error" } else { "info,sqlx=warn" });
    let mut settings = cli.settings;
    if let Some(dir) = std::env::var_os("CREDENTIALS_DIRECTORY") {
        let taken = settings.take_credentials(std::path::Path::new(&dir))?;
        tracing::info!(?taken, "secrets read from systemd credentials");
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            server::open_database(&settings).await?;
            tracing::info!("database migrated");
        }
        Command::SeedDemo => {
            let pool = server::open_database(&settings).await?;
            seed_demo(&settings, &pool).await?;
        }
        Command::SeedLoad { scale, seed } => {
            let pool = server::open_database(&settings).await?;
            seed_demo(&settings, &pool).await?;
            let taxonomy = app::db::taxonomy::load(&pool).await?;
            let plan = server::load::Plan::at(scale);
            server::load::seed_load(&pool, &settings.files_dir, &taxonomy, plan, seed, &server::now_rfc3339()).await?;
            tracing::info!(?plan, seed, "invented records loaded");
        }
        Command::Backup { dir } => {
            let manifest = server::backup::backup(&settings, &dir).await?;
            tracing::info!(folder = %dir.display(), files = manifest.files.len(), "backup written");
        }
        Command::Restore { dir, replace } => {
            let manifest = server::backup::restore(&settings, &dir, replace).await?;
            tracing::info!(taken = %manifest.created_at, files = manifest.files.len(), "backup restored");
        }
        Command::CreateUser(new) => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            if let Some(url) = server::create_user(&settings, &new, password).await? {
                println!("TOTP for {}: add this to an authenticator app:\n{url}", new.email);
            }
            tracing::info!(target: "security", event = "staff.account_ready", role = %new.role);
        }
        Command::EndSessions { email } => {
            let pool = server::open_database(&settings).await?;
            let ended = app::db::staff::end_sessions_of(&pool, email.as_deref(), &server::now_rfc3339()).await?;
            println!("sessions ended: {} staff, {} expert", ended.staff, ended.experts);
            tracing::info!(target: "security", event = "operator.end_sessions", staff = ended.staff, experts = ended.experts);
        }
        Command::RosterUpkeep => {
            let pool = server::open_database(&settings).await?;
            let now = time::OffsetDateTime::now_utc();
            let public_url = settings.public_url.trim_end_matches('/');
            let done =
                server::jobs::roster_upkeep(&pool, &settings.retention, &settings.files_dir, public_url, now).await?;
            tracing::info!(?done, "roster upkeep done");
        }
        Command::Serve => {
            let state = server::prepare(&settings, server::leptos_options()).await?;
            server::start_mailer(&settings, &state)?;
            server::jobs::start(&settings, state.pool.clone());
            let listener = tokio::net::TcpListener::bind(settings.listen).await?;
            tracing::info!(address = %settings.listen, "portal listening");
            server::serve(listener, server::router(state)).await?;
        }
    }
    Ok(())
}

/// The demo interventions, then its other records (each kind only while it is empty) and,
/// with `PORTAL_DEMO_STAFF`, the demo staff accounts.
async fn seed_demo(settings: &server::Settings, pool: &app::db::Pool) -> anyhow::Result<()> {
    // The demo's documents go into the files folder, which `serve` would have made.
    std::fs::create_dir_all(&settings.files_dir)?;
    let loaded = app::db::seed::seed_demo(pool, &server::now_rfc3339()).await?;
    tracing::info!(loaded, "demo interventions loaded");
    let taxonomy = app::db::taxonomy::load(pool).await?;
    server::demo::seed_records(pool, &settings.files_dir, &taxonomy).await?;
    if settings.demo_staff {
        server::demo::ensure_staff_accounts(settings, pool).await?;
    }
    Ok(())
}

fn init_logging(json: bool, default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    // Colours only on a terminal: a log file or a collector gets plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

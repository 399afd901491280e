//! Settings from the environment and the command line (flags win over the environment).

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

#[derive(Debug, Clone, Parser)]
#[command(name = "portal", about = "ACP migration technical-assistance portal", version)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate, load the reference data and serve HTTP (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load (or refresh) the demo interventions; safe to run again.
    SeedDemo,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// sqlite://path?mode=rwc or postgres://user@host/db
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/portal.db?mode=rwc")]
    pub database_url: String,
    /// Address to listen on.
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Largest number of pooled database connections.
    #[arg(long, env = "PORTAL_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,
    /// The portal's public address, used in links inside downloads.
    #[arg(long, env = "PORTAL_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,
    /// Load the demo data when the database holds no intervention yet.
    #[arg(long, env = "PORTAL_SEED_DEMO_WHEN_EMPTY", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed_demo_when_empty: bool,
    /// Log as JSON lines (for log collectors) instead of text.
    #[arg(long, env = "PORTAL_LOG_JSON", default_value_t = false, action = clap::ArgAction::Set)]
    pub log_json: bool,
}

impl Settings {
    /// The SQLite file's folder, created if needed so the first start just works.
    pub fn prepare_sqlite_folder(&self) -> std::io::Result<()> {
        let Some(rest) = self.database_url.strip_prefix("sqlite://") else { return Ok(()) };
        let path = rest.split('?').next().unwrap_or_default();
        match std::path::Path::new(path).parent() {
            Some(dir) if !dir.as_os_str().is_empty() && path != ":memory:" => std::fs::create_dir_all(dir),
            _ => Ok(()),
        }
    }
}

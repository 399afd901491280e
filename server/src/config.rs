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
    /// Run the expert roster's upkeep now (reminders, deactivation, erasure) and exit; the
    /// server also runs it daily.
    RosterUpkeep,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load (or refresh) the demo interventions; safe to run again.
    SeedDemo,
    /// Load the demo, then add invented records at `scale` times the size of a programme
    /// after years of work (at 1: 20,000 interventions, 100,000 experts, 50,000 requests,
    /// 200 calls with 50,000 applications, 1,000,000 audit rows), to measure the portal
    /// there (bench/scale). Run it once, on a database nobody else writes to.
    SeedLoad {
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// The same seed gives the same records.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Copy the database and the uploaded files it names into a new folder, while serving.
    Backup {
        /// The folder to create.
        dir: std::path::PathBuf,
    },
    /// Put a backup back in place (stop the portal first).
    Restore {
        /// A folder written by `backup`.
        dir: std::path::PathBuf,
        /// Overwrite a database that already holds data.
        #[arg(long)]
        replace: bool,
    },
    /// Create a staff account, or reset an existing one (password read from standard input).
    CreateUser(CreateUser),
    /// Sign out the staff account and expert profile using an address, or everyone.
    EndSessions {
        /// The address; without it, every session of every account and profile ends.
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct CreateUser {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// admin (management unit) or coordinator
    #[arg(long)]
    pub role: String,
    /// A region the coordinator covers, as named in the taxonomy (repeatable).
    #[arg(long = "region")]
    pub regions: Vec<String>,
    /// Also set up a TOTP second factor and print its otpauth:// address.
    #[arg(long)]
    pub totp: bool,
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
    /// SMTP server for outgoing e-mail (lettre URL syntax, e.g.
    /// smtp://user:password@mail.example.org:587?tls=required). Unset: e-mails wait in the outbox.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of the portal's e-mails.
    #[arg(long, env = "PORTAL_MAIL_FROM", default_value = "ACP Migration TA Portal <no-reply@portal.invalid>")]
    pub mail_from: String,
    /// Where uploaded files are kept: outside any folder the portal serves.
    #[arg(long, env = "PORTAL_FILES_DIR", default_value = "data/files")]
    pub files_dir: std::path::PathBuf,
    /// ClamAV's daemon, which scans every upload before it is kept: its Unix socket
    /// (/run/clamav/clamd.ctl) or host:port. Unset: uploads are not scanned for malware.
    #[arg(long, env = "PORTAL_CLAMD")]
    pub clamd: Option<String>,
    /// Seconds a file in the files folder must be untouched before a sweep may remove it as
    /// left over from an interrupted upload. Several instances sharing the folder need more
    /// than their longest upload; a single instance can use 0, so that a restart after a
    /// crash leaves nothing behind.
    #[arg(long, env = "PORTAL_ORPHAN_GRACE_SECS", default_value_t = 900)]
    pub orphan_grace_secs: u64,
    /// Proxies or load balancers in front of the portal (comma-separated IP addresses): from
    /// them, the client's address is read from `X-Forwarded-For`.
    #[arg(long, env = "PORTAL_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Client addresses never rate-limited (comma-separated): a load-testing host, say.
    #[arg(long, env = "PORTAL_RATE_LIMIT_EXEMPT", value_delimiter = ',')]
    pub rate_limit_exempt: Vec<std::net::IpAddr>,
    /// Requests handled at once; beyond it a request is refused at once with 503.
    #[arg(long, env = "PORTAL_MAX_IN_FLIGHT", default_value_t = 256)]
    pub max_in_flight: usize,
    /// Requests one client address may have under way at once (its bodies being received
    /// included); beyond it 429 at once. Addresses in `PORTAL_RATE_LIMIT_EXEMPT` have no cap.
    #[arg(long, env = "PORTAL_MAX_PER_CLIENT", default_value_t = 32)]
    pub max_per_client: usize,
    /// How long an anonymous reader's public page is kept and sent again without rendering
    /// (`page_cache`); 0 renders every time.
    #[arg(long, env = "PORTAL_PAGE_CACHE_SECONDS", default_value_t = 1.0)]
    pub page_cache_seconds: f64,
    /// Load the demo data when the database holds no intervention yet. Off unless asked
    /// (`scripts/start` asks), so a production database never starts with made-up records.
    #[arg(long, env = "PORTAL_SEED_DEMO_WHEN_EMPTY", default_value_t = false, action = clap::ArgAction::Set)]
    pub seed_demo_when_empty: bool,
    /// Create the demo staff accounts (published password, see README). Never in production.
    #[arg(long, env = "PORTAL_DEMO_STAFF", default_value_t = false, action = clap::ArgAction::Set)]
    pub demo_staff: bool,
    /// Refuse staff sign-in without a TOTP second factor.
    #[arg(long, env = "PORTAL_REQUIRE_TOTP", default_value_t = false, action = clap::ArgAction::Set)]
    pub require_totp: bool,
    /// Log as JSON lines (for log collectors) instead of text.
    #[arg(long, env = "PORTAL_LOG_JSON", default_value_t = false, action = clap::ArgAction::Set)]
    pub log_json: bool,
    #[command(flatten)]
    pub retention: Retention,
    #[command(flatten)]
    pub iati: IatiPublisher,
}

/// Who the IATI files name as publisher and funder. The defaults are placeholders for the
/// demo: a real deployment sets the identifiers the IATI Registry knows it by.
#[derive(Debug, Clone, clap::Args)]
pub struct IatiPublisher {
    /// The reporting organisation's IATI identifier; every activity identifier starts with it.
    #[arg(long = "iati-org-ref", env = "PORTAL_IATI_ORG_REF", default_value = IatiPublisher::DEMO_ORG_REF)]
    pub org_ref: String,
    #[arg(long = "iati-org-name", env = "PORTAL_IATI_ORG_NAME", default_value = IatiPublisher::DEMO_ORG_NAME)]
    pub org_name: String,
    /// IATI organisation type (codelist OrganisationType; 40: multilateral).
    #[arg(long = "iati-org-type", env = "PORTAL_IATI_ORG_TYPE", default_value = "40")]
    pub org_type: String,
    /// The funder's IATI identifier (the European Commission's international partnerships).
    #[arg(long = "iati-funder-ref", env = "PORTAL_IATI_FUNDER_REF", default_value = IatiPublisher::FUNDER_REF)]
    pub funder_ref: String,
    #[arg(long = "iati-funder-name", env = "PORTAL_IATI_FUNDER_NAME", default_value = IatiPublisher::FUNDER_NAME)]
    pub funder_name: String,
}

impl IatiPublisher {
    const DEMO_ORG_REF: &str = "XI-IATI-DEMO-ACPMIG";
    const DEMO_ORG_NAME: &str = "ACP Migration TA Portal (demo publisher)";
    const FUNDER_REF: &str = "XI-IATI-EC_INTPA";
    const FUNDER_NAME: &str = "European Commission - International Partnerships";
}

impl Default for IatiPublisher {
    fn default() -> Self {
        IatiPublisher {
            org_ref: IatiPublisher::DEMO_ORG_REF.into(),
            org_name: IatiPublisher::DEMO_ORG_NAME.into(),
            org_type: "40".into(),
            funder_ref: IatiPublisher::FUNDER_REF.into(),
            funder_name: IatiPublisher::FUNDER_NAME.into(),
        }
    }
}

/// How long the roster keeps what (the privacy notice promises these; see `jobs.rs`).
#[derive(Debug, Clone, clap::Args)]
pub struct Retention {
    /// Days without an update after which an expert is reminded to update their profile.
    #[arg(long, env = "PORTAL_ROSTER_STALE_DAYS", default_value_t = 730)]
    pub stale_days: i64,
    /// Days after the reminder, still without an update, after which the profile is deactivated.
    #[arg(long, env = "PORTAL_ROSTER_GRACE_DAYS", default_value_t = 30)]
    pub grace_days: i64,
    /// Days an inactive profile is kept before it is erased.
    #[arg(long, env = "PORTAL_ROSTER_ERASE_INACTIVE_DAYS", default_value_t = 365)]
    pub erase_inactive_days: i64,
    /// Days an application left unfinished is kept before it is erased.
    #[arg(long, env = "PORTAL_ROSTER_DRAFT_DAYS", default_value_t = 30)]
    pub draft_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { stale_days: 730, grace_days: 30, erase_inactive_days: 365, draft_days: 30 }
    }
}

impl Settings {
    /// The SQLite file's folder, created if needed so the first start just works.
    pub fn prepare_sqlite_folder(&self) -> std::io::Result<()> {
        match self.sqlite_path().as_deref().and_then(std::path::Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
            _ => Ok(()),
        }
    }

    /// Takes the secrets systemd hands the service as credentials (`LoadCredentialEncrypted=`,
    /// kept encrypted at rest by `systemd-creds`; `docs/DEPLOY.md`) from `dir`, usually
    /// `$CREDENTIALS_DIRECTORY`: `database_url` and `smtp_url`, each in a file of its name,
    /// taking the place of the environment's. Returns the names of those taken.
    pub fn take_credentials(&mut self, dir: &std::path::Path) -> std::io::Result<Vec<&'static str>> {
        let mut taken = Vec::new();
        for name in ["database_url", "smtp_url"] {
            let value = match std::fs::read_to_string(dir.join(name)) {
                Ok(value) => value.trim_end_matches(['\r', '\n']).to_owned(),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(error),
            };
            match name {
                "database_url" => self.database_url = value,
                _ => self.smtp_url = Some(value),
            }
            taken.push(name);
        }
        Ok(taken)
    }

    /// The SQLite file `database_url` names; `None` for PostgreSQL or an in-memory database.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite://")?;
        let path = rest.split('?').next().unwrap_or_default();
        (path != ":memory:" && !path.is_empty()).then(|| path.into())
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn made_up_data_and_published_passwords_are_off_unless_asked() {
        let command = super::Cli::command();
        for setting in ["seed_demo_when_empty", "demo_staff"] {
            let argument = command.get_arguments().find(|a| a.get_id() == setting).expect(setting);
            assert_eq!(argument.get_default_values(), ["false"], "{setting}");
        }
    }

    #[test]
    fn secrets_handed_over_as_credentials_replace_the_environments() {
        use clap::Parser;
        let dir = std::env::temp_dir().join(format!("portal_credentials_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("database_url"), "postgres://portal@db.internal/portal?sslmode=verify-full\n").unwrap();
        let mut cli = super::Cli::try_parse_from(["portal"]).unwrap();
        assert_eq!(cli.settings.take_credentials(&dir).unwrap(), ["database_url"]);
        assert_eq!(cli.settings.database_url, "postgres://portal@db.internal/portal?sslmode=verify-full");
        assert_eq!(cli.settings.smtp_url, None, "no file, no change");
        std::fs::write(dir.join("smtp_url"), "smtp://portal:secret@mail.example.org:587?tls=required").unwrap();
        assert_eq!(cli.settings.take_credentials(&dir).unwrap(), ["database_url", "smtp_url"]);
        assert_eq!(cli.settings.smtp_url.as_deref(), Some("smtp://portal:secret@mail.example.org:587?tls=required"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_operator_ends_the_sessions_of_one_address_or_of_everyone() {
        use clap::Parser;
        let one = super::Cli::try_parse_from(["portal", "end-sessions", "--email", "coord@example.org"]).unwrap();
        assert!(
            matches!(one.command, Some(super::Command::EndSessions { email: Some(e) }) if e == "coord@example.org")
        );
        let all = super::Cli::try_parse_from(["portal", "end-sessions"]).unwrap();
        assert!(matches!(all.command, Some(super::Command::EndSessions { email: None })));
    }
}

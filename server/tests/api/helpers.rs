use std::sync::atomic::{AtomicU32, Ordering};

use server::config::Settings;

/// A running portal and a client for it (cookies kept, redirects not followed).
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
}

impl TestApp {
    pub fn backend(&self) -> Backend {
        if self.settings.database_url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request failed")
    }

    pub async fn get_in(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("accept-language", accept_language)
            .send()
            .await
            .expect("request failed")
    }

    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// A headline figure of the home page, by its English label.
    pub async fn home_figure(&self, label: &str) -> u64 {
        let page = self.text("/").await;
        let at = page.find(&format!(">{label}</dt>")).unwrap_or_else(|| panic!("no figure {label}"));
        let value = &page[at..][page[at..].find("<dd>").unwrap() + 4..];
        // The page writes numbers as English does (`80,575`).
        value[..value.find('<').unwrap()].replace(',', "").parse().unwrap_or_else(|_| panic!("{label}: {value:.40}"))
    }

    /// Posts a form as a browser on the portal's own page does (same-origin headers).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .form(fields)
            .send()
            .await
            .expect("request failed")
    }

    /// Posts a step with a file, as a browser on the portal's page does.
    pub async fn upload_pdf(&self, path: &str, field: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(name.to_owned())
            .mime_str("application/pdf")
            .unwrap();
        let form = reqwest::multipart::Form::new().part(field.to_owned(), part).text("action", "next");
        self.client
            .post(format!("{}{path}", self.address))
            .header("origin", &self.address)
            .multipart(form)
            .send()
            .await
            .expect("upload")
    }

    /// Another browser: its own cookies, redirects not followed.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// Creates a staff account with a fixed test password.
    pub async fn create_staff(&self, email: &str, role: &str, regions: &[&str], totp: bool) -> Option<String> {
        let new = server::config::CreateUser {
            email: email.to_owned(),
            name: format!("Test {role}"),
            role: role.to_owned(),
            regions: regions.iter().map(|r| (*r).to_owned()).collect(),
            totp,
        };
        server::create_user(&self.settings, &new, STAFF_PASSWORD).await.expect("create user")
    }

    /// A browser signed in as a new staff account.
    pub async fn staff_client(&self, email: &str, role: &str, regions: &[&str]) -> reqwest::Client {
        self.create_staff(email, role, regions, false).await;
        let client = self.new_client();
        let response = client
            .post(format!("{}/staff/login", self.address))
            .form(&[("email", email), ("password", STAFF_PASSWORD), ("next", "/staff")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "sign-in of {email}");
        client
    }

    /// A connection to the portal's database, to check what it stored.
    pub async fn pool(&self) -> app::db::Pool {
        app::db::connect(&self.settings.database_url, 1).await.expect("database")
    }
}

/// A minimal well-formed PDF document.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub const STAFF_PASSWORD: &str = "a long test passphrase";

/// The `Location` of a redirect.
pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn unique_name() -> String {
    format!("portal_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

const POSTGRES_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_ADMIN_URL").unwrap_or_else(|_| POSTGRES_ADMIN_URL.to_owned())
}

/// A connection to the PostgreSQL server as its administrator (the server must be up).
pub async fn postgres_admin() -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&postgres_admin_url()).await.expect("PostgreSQL administrator")
}

/// A fresh empty database of the given kind, or `None` when PostgreSQL is not reachable
/// outside CI.
pub async fn fresh_database(backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(unique_name());
            std::fs::create_dir_all(&dir).expect("temp dir");
            Some(format!("sqlite://{}/portal.db?mode=rwc", dir.display()))
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            sqlx::any::install_default_drivers();
            let admin = match sqlx::AnyPool::connect(&admin_url).await {
                Ok(pool) => pool,
                Err(error) if std::env::var("CI").is_err() => {
                    eprintln!("PostgreSQL not reachable ({error}); skipping the PostgreSQL run outside CI");
                    return None;
                }
                Err(error) => panic!("CI=true but PostgreSQL is not reachable at {admin_url}: {error}"),
            };
            let name = unique_name();
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create database");
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
            Some(format!("{base}/{name}"))
        }
    }
}

/// Settings for a portal of its own: a fresh empty database and files folder.
pub async fn fresh_settings(backend: Backend) -> Option<Settings> {
    let database_url = fresh_database(backend).await?;
    let files_dir = std::env::temp_dir().join(format!("{}_files", unique_name()));
    Some(Settings {
        database_url,
        listen: "127.0.0.1:0".parse().unwrap(),
        db_max_connections: 4,
        public_url: "http://portal.test".into(),
        seed_demo_when_empty: true,
        log_json: false,
        require_totp: false,
        demo_staff: false,
        files_dir,
        clamd: None,
        orphan_grace_secs: 900,
        trusted_proxies: Vec::new(),
        rate_limit_exempt: Vec::new(),
        max_in_flight: 256,
        max_per_client: 32,
        page_cache_seconds: 1.0,
        smtp_url: None,
        mail_from: "Portal test <portal@example.org>".into(),
        retention: server::config::Retention::default(),
        iati: server::config::IatiPublisher::default(),
    })
}

/// Starts the portal on a random port with a fresh database holding the demo data.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    Some(serve(fresh_settings(backend).await?).await)
}

/// Starts the portal on a random port with `settings`.
pub async fn serve(settings: Settings) -> TestApp {
    let state = server::prepare(&settings, server::leptos_options()).await.expect("portal starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(listener, server::router(state)));
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, settings }
}

/// Declares one test per backend from an async body taking `TestApp`.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::helpers::TestApp) $body

            #[tokio::test]
            async fn on_sqlite() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await {
                    run(app).await;
                }
            }

            #[tokio::test]
            async fn on_postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
}

/// The intervention slugs linked from a page's list (`/interventions/{slug}` hrefs in rows).
pub fn listed_slugs(html: &str) -> Vec<String> {
    let mut slugs: Vec<String> = html
        .split("href=\"/interventions/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

/// How long the secret link in the one row `sql` selects (`created_at`, `expires_at`) works.
pub async fn link_lifetime(app: &TestApp, sql: &str) -> time::Duration {
    use sqlx::Row;
    let row = sqlx::query(sql).fetch_one(&app.pool().await).await.expect("the link's row");
    let at = |column: &str| {
        let text: String = row.try_get(column).unwrap();
        time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339).unwrap()
    };
    at("expires_at") - at("created_at")
}

/// The authenticator app of staff account `email`, computing codes from its stored secret.
pub async fn authenticator(app: &TestApp, email: &str) -> totp_rs::TOTP {
    use sqlx::Row;
    let secret: String = sqlx::query("SELECT totp_secret FROM staff_users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool().await)
        .await
        .expect("an account with a second factor")
        .try_get(0)
        .unwrap();
    let bytes = totp_rs::Secret::Encoded(secret).to_bytes().unwrap();
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 0, 30, bytes, None, email.into()).unwrap()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// The authenticator's code, taken early enough in its 30 s step for a request to land in
/// the same step (a code is good only in its own).
pub async fn current_code(totp: &totp_rs::TOTP) -> String {
    if unix_now() % 30 > 26 {
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    }
    totp.generate_current().unwrap()
}

//! The portal reaches PostgreSQL over TLS and checks the server's certificate when the URL
//! asks for it (`sslmode=verify-full`), and refuses to start when the certificate does not
//! chain to the authority it was told to trust. PostgreSQL only: SQLite has no connection.

use sqlx::Row;

use crate::helpers::{fresh_settings, postgres_admin, serve, Backend};

/// The certificate the local PostgreSQL server presents (Debian's self-signed one for
/// `localhost`), read from the server itself so the test follows its configuration.
async fn server_certificate() -> Option<String> {
    let admin = postgres_admin().await;
    let ssl: String = sqlx::query("SHOW ssl").fetch_one(&admin).await.ok()?.try_get(0).ok()?;
    if ssl != "on" {
        assert!(std::env::var("CI").is_err(), "CI=true but the PostgreSQL server has ssl = off");
        eprintln!("PostgreSQL has ssl = off; skipping the TLS test outside CI");
        return None;
    }
    let file: String = sqlx::query("SHOW ssl_cert_file").fetch_one(&admin).await.ok()?.try_get(0).ok()?;
    Some(file)
}

/// `url` (on 127.0.0.1) rewritten to reach the server by the name on its certificate,
/// checking that certificate against `root`.
fn verified_url(url: &str, root: &str) -> String {
    format!("{}?sslmode=verify-full&sslrootcert={root}", url.replace("@127.0.0.1:", "@localhost:"))
}

#[tokio::test]
async fn the_portal_talks_to_postgresql_over_tls_with_the_certificate_checked() {
    let Some(certificate) = server_certificate().await else { return };
    let Some(mut settings) = fresh_settings(Backend::Postgres).await else { return };
    let database = settings.database_url.rsplit('/').next().unwrap().to_owned();
    settings.database_url = verified_url(&settings.database_url, &certificate);
    let app = serve(settings).await;
    assert_eq!(app.get("/interventions").await.status(), 200, "pages read the database over TLS");

    let admin = postgres_admin().await;
    let connections: Vec<(bool, String)> = sqlx::query(
        "SELECT s.ssl, COALESCE(s.version, '') FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
         WHERE a.datname = $1",
    )
    .bind(&database)
    .fetch_all(&admin)
    .await
    .unwrap()
    .into_iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect();
    assert!(!connections.is_empty(), "the portal holds connections to its database");
    for (encrypted, version) in connections {
        assert!(encrypted, "every connection of the portal is encrypted");
        assert!(version == "TLSv1.3" || version == "TLSv1.2", "TLS 1.2 or 1.3, not {version}");
    }
}

#[tokio::test]
async fn the_portal_does_not_start_when_the_database_certificate_is_not_trusted() {
    let Some(_) = server_certificate().await else { return };
    let Some(mut settings) = fresh_settings(Backend::Postgres).await else { return };
    // A real authority, but not the one that signed the server's certificate.
    let stranger = std::env::temp_dir().join(format!("{}_stranger.pem", crate::helpers::unique_name()));
    std::fs::write(&stranger, STRANGER_CA).unwrap();
    settings.database_url = verified_url(&settings.database_url, &stranger.display().to_string());
    let refusal = server::prepare(&settings, server::leptos_options()).await.err().expect("no portal");
    assert!(format!("{refusal:#}").contains("connecting to the database"), "{refusal:#}");
}

/// ISRG Root X1, Let's Encrypt's authority: trusted by browsers, unrelated to the server.
const STRANGER_CA: &str = include_str!("isrg-root-x1.pem");

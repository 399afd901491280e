//! A write the database refuses, or a files folder that can take no more, is never
//! acknowledged: the reader gets a page asking to send again (503 with `Retry-After`),
//! nothing is recorded, the portal keeps serving, and the same post goes through once writing
//! works again.

use crate::helpers::{fresh_settings, location, postgres_admin, spawn_app, Backend, TestApp};
use crate::process::{free_port, start_portal_with_file_limit, wait_ready};
use crate::requests::{count, fill_draft, upload};

/// Makes every new session of the portal's database read-only (or writable again) and
/// closes the open ones, as a database server that lost its disk would refuse writes.
async fn set_read_only(database_url: &str, read_only: bool) {
    let admin = postgres_admin().await;
    let name = database_url.rsplit('/').next().unwrap();
    let setting =
        if read_only { "SET default_transaction_read_only = on" } else { "RESET default_transaction_read_only" };
    sqlx::query(&format!("ALTER DATABASE {name} {setting}")).execute(&admin).await.unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(name)
    .execute(&admin)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_refused_write_is_never_acknowledged_and_the_portal_stays_up() {
    let Some(app) = spawn_app(Backend::Postgres).await else { return };
    let draft = fill_draft(&app).await;
    let before = count(&app, "SELECT COUNT(*) FROM ta_requests").await;

    set_read_only(&app.settings.database_url, true).await;
    // See below: the closed connections are found out once they have sat unused a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for _ in 0..2 {
        let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
        assert_eq!(response.status(), 503, "refused, not acknowledged");
        assert_eq!(response.headers()["retry-after"], "60");
        let page = response.text().await.unwrap();
        assert!(page.contains("nothing was recorded") && page.contains("rien n'a été enregistré"), "{page}");
    }
    assert_eq!(app.get("/interventions").await.status(), 200, "reading still works");
    assert_eq!(app.get("/healthz").await.status(), 200);

    set_read_only(&app.settings.database_url, false).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests").await, before, "nothing was recorded");
    // The connections closed above are found out when next used: a pooled connection is
    // checked before use once it has sat unused for a second (`db::connect`), as after a
    // database restart, which takes longer than that.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 303, "the same post goes through now");
    assert!(location(&response).starts_with("/requests/track/"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests").await, before + 1);
}

/// A PDF of `kib` KiB.
fn pdf_of(kib: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(kib * 1024, b'.');
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

/// The real binary, with no file it writes allowed past 1 MiB (the database is PostgreSQL's,
/// out of reach of the limit): a 4 MiB letter meets a failing write half-way, as on a full
/// disk.
#[tokio::test]
async fn an_upload_the_disk_cannot_hold_is_never_acknowledged_and_the_portal_stays_up() {
    let Some(mut settings) = fresh_settings(Backend::Postgres).await else { return };
    let work = settings.files_dir.with_extension("full");
    std::fs::create_dir_all(&settings.files_dir).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let env = [("PORTAL_RATE_LIMIT_EXEMPT", "127.0.0.1"), ("RUST_LOG", "warn")];
    let log = work.join("portal.log");
    let mut portal =
        start_portal_with_file_limit(&settings.database_url, &settings.files_dir, free_port(), &log, &env, 1024);
    wait_ready(&reqwest::Client::new(), &mut portal).await;
    settings.public_url = portal.address.clone();
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let app = TestApp { address: portal.address.clone(), client, settings };
    let draft = fill_draft(&app).await;

    let response = upload(&app, &draft, "Letter.pdf", &pdf_of(4 * 1024)).await;
    assert_eq!(response.status(), 503, "refused, not acknowledged");
    assert_eq!(response.headers()["retry-after"], "60");
    let page = response.text().await.unwrap();
    assert!(page.contains("nothing was recorded") && page.contains("rien n'a été enregistré"), "{page}");
    assert_eq!(crate::uploads::uploaded_files(&app).await.len(), 0, "no partial file is left");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_attachments").await, 0, "no row names a file");
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert!(portal.child.try_wait().unwrap().is_none(), "the portal is still running");

    let response = upload(&app, &draft, "Letter.pdf", &pdf_of(100)).await;
    assert_eq!(response.status(), 303, "a letter that fits goes through");
    assert_eq!(crate::uploads::uploaded_files(&app).await.len(), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_attachments").await, 1);
    portal.child.kill().unwrap();
    portal.child.wait().unwrap();
    std::fs::remove_dir_all(&work).ok();
}

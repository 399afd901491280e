//! A write the database refuses is never acknowledged: the reader gets a page asking to send
//! again (503 with `Retry-After`), nothing is recorded, the portal keeps serving, and the same
//! post goes through once the database takes writes again.

use crate::helpers::{location, postgres_admin, spawn_app, Backend};
use crate::requests::{count, fill_draft};

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
    let mut response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    if response.status() == 503 {
        // The pool's first try may meet a connection closed above.
        response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    }
    assert_eq!(response.status(), 303, "the same post goes through now");
    assert!(location(&response).starts_with("/requests/track/"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests").await, before + 1);
}

//! The hourly housekeeping (`server::jobs::forget_expired`): ended sessions, old failed
//! sign-ins, expired links, e-mails delivered a month ago and drafts never submitted are
//! forgotten, with the drafts' files; nothing live is.

use time::{Duration, OffsetDateTime};

use crate::helpers::{location, PDF};
use crate::on_both_databases;
use crate::requests::{count, fill_draft, submit_request, upload};
use crate::roster::submit_application;

on_both_databases!(what_has_ended_is_forgotten_and_nothing_live, |app| {
    let staff = app.staff_client("admin@example.org", "admin", &[]).await;
    let refused = app.post_form("/staff/login", &[("email", "admin@example.org"), ("password", "not the password")]);
    assert_eq!(refused.await.status(), 401);
    submit_request(&app).await;
    submit_application(&app, "ana@example.org").await;
    // A request draft with its letter, never submitted.
    let draft = fill_draft(&app).await;
    assert_eq!(upload(&app, &draft, "letter.pdf", PDF).await.status(), 303);
    let pool = app.pool().await;
    let now = OffsetDateTime::now_utc();
    let now_text = now.format(&time::format_description::well_known::Rfc3339).unwrap();
    // A grant application begun and never submitted, on a call that has closed.
    sqlx::query(
        "INSERT INTO grant_applications (call_id, draft_token_hash, status, form_json, locale, created_at, updated_at)
         SELECT id, 'an unused hash', 'draft', '{}', 'en', $1, $1 FROM grant_calls WHERE closes_at < $1 LIMIT 1",
    )
    .bind(&now_text)
    .execute(&pool)
    .await
    .unwrap();
    // No SMTP here: one message is marked delivered, the rest stay waiting.
    sqlx::query("UPDATE outbox SET sent_at = created_at WHERE id = (SELECT MIN(id) FROM outbox)")
        .execute(&pool)
        .await
        .unwrap();
    let mails = count(&app, "SELECT COUNT(*) FROM outbox").await;
    let files = || std::fs::read_dir(&app.settings.files_dir).unwrap().count();
    let stored_files = files();
    // This test's confirmation link expires in 7 days (the demo experts' never do).
    let links = count(&app, "SELECT COUNT(*) FROM expert_links WHERE expires_at < '9999-01-01'").await as u64;
    assert_eq!(links, 1);
    let requests = count(&app, "SELECT COUNT(*) FROM ta_requests").await;

    let forget = |at| server::jobs::forget_expired(&pool, &app.settings.files_dir, at);
    assert_eq!(forget(now).await.unwrap(), Default::default(), "all is live");
    assert_eq!(staff.get(format!("{}/staff", app.address)).send().await.unwrap().status(), 200);

    let month_later = forget(now + Duration::days(31)).await.unwrap();
    assert_eq!(
        (month_later.sessions, month_later.failed_sign_ins, month_later.links, month_later.mails, month_later.drafts),
        (1, 1, links, 1, 0),
        "drafts are kept longer"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, mails - 1, "undelivered mail is kept");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM staff_sessions").await, 0);
    let page = staff.get(format!("{}/staff", app.address)).send().await.unwrap();
    assert!(location(&page).starts_with("/staff/login"));
    assert!(app.get(&format!("{draft}/review")).await.status().is_success());

    let season_later = forget(now + Duration::days(91)).await.unwrap();
    assert_eq!(season_later.drafts, 2, "the request draft and the grant application");
    assert_eq!(season_later.files.len(), 1, "the letter");
    assert_eq!(files(), stored_files - 1, "the letter's file is gone");
    assert_eq!(app.get(&format!("{draft}/review")).await.status(), 404);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests").await, requests, "submitted requests stay");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM grant_applications WHERE status = 'draft'").await, 0);
});

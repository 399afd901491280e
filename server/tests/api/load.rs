//! `seed-load`: invented records at a chosen size, which the portal reads as its own, the
//! same from the same seed. Run here at 1/500 of scale 1; bench/scale runs it at 1.

use sqlx::Row;

use crate::helpers::{fresh_settings, Backend, TestApp};
use crate::on_both_databases;
use crate::requests::{count, submit_request};
use crate::staff::get;

const SEED: u64 = 7;
const NOW: &str = "2026-11-20T10:00:00Z";

async fn load(app: &TestApp, scale: f64, seed: u64) -> server::load::Plan {
    let pool = app.pool().await;
    let taxonomy = app::db::taxonomy::load(&pool).await.unwrap();
    let plan = server::load::Plan::at(scale);
    server::load::seed_load(&pool, &app.settings.files_dir, &taxonomy, plan, seed, NOW).await.expect("loads");
    plan
}

on_both_databases!(invented_records_are_read_by_the_portal_as_its_own, |app| {
    let tables = ["interventions", "experts", "ta_requests", "grant_applications", "audit_log"];
    let mut counts = Vec::new();
    for table in tables {
        counts.push(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    let plan = load(&app, 0.002, SEED).await;
    assert_eq!(plan.interventions, 40);
    assert_eq!(plan.experts, 200);
    assert_eq!(plan.audit_rows, 2000);
    let mut added = Vec::new();
    for (table, before) in tables.into_iter().zip(counts) {
        added.push(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await - before);
    }
    // Calls are written through staff's own code, which audits each creation and publication.
    let audited = plan.audit_rows + 2 * plan.calls;
    let planned = [plan.interventions, plan.experts, plan.requests, plan.applications, audited];
    assert_eq!(added, planned.map(|n| n as i64).to_vec(), "every planned record added");
    let stages = count(&app, "SELECT COUNT(DISTINCT stage) FROM ta_requests").await;
    assert_eq!(stages, 9, "requests at every stage");

    // An invented intervention is on the public list, found by a word of its text, and has its page.
    let pool = app.pool().await;
    let row = sqlx::query(
        "SELECT slug, title FROM interventions WHERE slug LIKE 'load-%' AND publishable = 1 ORDER BY id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (slug, title): (String, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
    let detail = app.get(&format!("/interventions/{slug}")).await;
    assert_eq!(detail.status(), 200);
    let found = app.text(&format!("/interventions?q={}", urlencode(&title))).await;
    assert!(found.contains(&format!("/interventions/{slug}")), "found by its title ({title})");

    // Staff open an invented request, an expert with the CV, and a scored application.
    let admin = app.staff_client("load-admin@example.org", "admin", &[]).await;
    let reference: String = sqlx::query("SELECT reference FROM ta_requests ORDER BY id DESC LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(get(&app, &admin, &format!("/staff/requests/{reference}")).await.status(), 200);
    let inbox = get(&app, &admin, "/staff/requests").await.text().await.unwrap();
    assert!(inbox.contains("Page 1 of"), "the inbox is paged");
    let expert: i64 = sqlx::query("SELECT MAX(id) FROM experts").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
    let profile = get(&app, &admin, &format!("/staff/experts/{expert}")).await;
    assert_eq!(profile.status(), 200);
    let cv = get(&app, &admin, &format!("/staff/experts/{expert}/cv")).await;
    assert_eq!(cv.status(), 200);
    assert!(cv.bytes().await.unwrap().starts_with(b"%PDF-"), "the CV is a PDF");
    let application: String =
        sqlx::query("SELECT reference FROM grant_applications WHERE reference IS NOT NULL ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(get(&app, &admin, &format!("/staff/grants/applications/{application}")).await.status(), 200);

    // References go on from the highest the load gave: a new request takes a fresh one.
    let (new_reference, _) = submit_request(&app).await;
    let taken = count(&app, &format!("SELECT COUNT(*) FROM ta_requests WHERE reference = '{new_reference}'")).await;
    assert_eq!(taken, 1, "{new_reference} is unique");
});

/// The items whose link (`link`) is not on exactly one of the pages `texts`.
fn not_once<'a>(texts: &[String], items: &'a [String], link: impl Fn(&str) -> String) -> Vec<&'a String> {
    items.iter().filter(|item| texts.iter().filter(|text| text.contains(&link(item))).count() != 1).collect()
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// What a load wrote, in a form two databases can be compared by.
async fn fingerprint(app: &TestApp) -> Vec<String> {
    let pool = app.pool().await;
    let mut lines = Vec::new();
    for sql in [
        "SELECT slug || '|' || title || '|' || summary || '|' || region_code FROM interventions WHERE slug LIKE 'load-%' ORDER BY id",
        "SELECT full_name || '|' || email || '|' || nationality || '|' || search_text FROM experts WHERE email LIKE '%@load.invalid' ORDER BY id",
        "SELECT reference || '|' || stage || '|' || institution || '|' || background FROM ta_requests WHERE focal_email LIKE '%@load.invalid' ORDER BY id",
        "SELECT reference || '|' || status || '|' || project_title || '|' || requested_cents FROM grant_applications WHERE contact_email LIKE '%@load.invalid' ORDER BY id",
    ] {
        for row in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
            lines.push(row.try_get::<String, _>(0).unwrap());
        }
    }
    lines
}

#[tokio::test]
async fn the_same_seed_loads_the_same_records_on_both_databases() {
    let mut prints = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(settings) = fresh_settings(backend).await else { continue };
        let app = crate::helpers::serve(settings).await;
        load(&app, 0.001, SEED).await;
        prints.push(fingerprint(&app).await);
    }
    assert!(prints[0].len() > 100, "records read back: {}", prints[0].len());
    assert!(prints.windows(2).all(|pair| pair[0] == pair[1]), "the same records on each database");

    let Some(settings) = fresh_settings(Backend::Sqlite).await else { return };
    let app = crate::helpers::serve(settings).await;
    load(&app, 0.001, SEED + 1).await;
    assert_ne!(fingerprint(&app).await, prints[0], "another seed, other records");
}

on_both_databases!(staff_page_through_every_intervention_and_application_and_find_them, |app| {
    load(&app, 0.002, SEED).await;
    let pool = app.pool().await;
    let slugs: Vec<String> = sqlx::query("SELECT slug FROM interventions ORDER BY slug")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get(0).unwrap())
        .collect();
    assert!(slugs.len() > 100, "more than two pages: {}", slugs.len());
    let admin = app.staff_client("list-admin@example.org", "admin", &[]).await;
    let first = get(&app, &admin, "/staff/interventions").await.text().await.unwrap();
    let pages = slugs.len().div_ceil(50);
    assert!(first.contains(&format!("Page 1 of {pages}")), "paged, 50 a page");
    assert!(first.contains(&format!("{} interventions found", slugs.len())), "the count agrees with the pages");
    let mut texts = Vec::new();
    for number in 1..=pages {
        texts.push(get(&app, &admin, &format!("/staff/interventions?page={number}")).await.text().await.unwrap());
    }
    let missing = not_once(&texts, &slugs, |slug| format!("/staff/interventions/{slug}/audience\""));
    assert!(missing.is_empty(), "every intervention on exactly one page: {missing:?}");
    assert_eq!(get(&app, &admin, "/staff/interventions?page=0").await.status(), 400);

    // A call's applications: 50 a page, ranked, every one on exactly one page.
    let row = sqlx::query(
        "SELECT call_id, COUNT(*) FROM grant_applications WHERE reference IS NOT NULL GROUP BY call_id ORDER BY 2 DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (call, submitted): (i64, i64) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
    let references: Vec<String> =
        sqlx::query("SELECT reference FROM grant_applications WHERE call_id = $1 AND reference IS NOT NULL")
            .bind(call)
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get(0).unwrap())
            .collect();
    let call_pages = (submitted as usize).div_ceil(50);
    assert!(call_pages > 1, "{submitted} applications");
    let mut texts = Vec::new();
    for number in 1..=call_pages {
        let text = get(&app, &admin, &format!("/staff/grants/{call}?page={number}")).await.text().await.unwrap();
        assert!(text.contains(&format!("{submitted} applications")), "the count on every page");
        texts.push(text);
    }
    let missing = not_once(&texts, &references, |reference| format!("/staff/grants/applications/{reference}\""));
    assert!(missing.is_empty(), "every application on exactly one page: {missing:?}");
    assert_eq!(get(&app, &admin, &format!("/staff/grants/{call}?page=0")).await.status(), 400);
    assert_eq!(get(&app, &admin, "/staff/interventions?audience=friends").await.status(), 400);

    // Found by the words of its title; kept for staff from page 2 of a search, the list
    // comes back to that page with the notice.
    let row =
        sqlx::query("SELECT slug, title, region_code FROM interventions WHERE slug LIKE 'load-%' ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let (slug, title): (String, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
    let found = get(&app, &admin, &format!("/staff/interventions?q={}", urlencode(&title))).await.text().await.unwrap();
    assert!(found.contains(&format!("/staff/interventions/{slug}/audience\"")), "found by its title");
    let response = crate::staff::post(
        &app,
        &admin,
        &format!("/staff/interventions/{slug}/audience"),
        &[("audience", "staff"), ("back", "region=Pacific&page=2")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let back = crate::helpers::location(&response);
    assert!(back.starts_with("/staff/interventions?region=Pacific&page=2&changed="), "{back}");
    let list = get(&app, &admin, &back).await.text().await.unwrap();
    assert!(list.contains("is now kept for staff only."), "the notice, whatever the page");
    let bad_back = crate::staff::post(
        &app,
        &admin,
        &format!("/staff/interventions/{slug}/audience"),
        &[("audience", "public"), ("back", "https://elsewhere.example/")],
    )
    .await;
    assert_eq!(bad_back.status(), 303, "an address that is not a filter is ignored, not followed");
    assert!(crate::helpers::location(&bad_back).starts_with("/staff/interventions?changed="));
});

//! Sensitive interventions: one kept for staff only leaves every public page, figure and
//! export, and comes back when staff show it again.

use sqlx::Row;

use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::{count, submit_request};
use crate::staff::{get, post};

/// Everything the public can read about interventions, joined: the map listing its country,
/// the home page, the related links of the intervention pointing at it, and every export.
async fn public_view(app: &TestApp, country: &str, linked_from: &str) -> String {
    let mut seen = String::new();
    for path in [
        format!("/interventions?country={country}"),
        format!("/interventions/{linked_from}"),
        format!("/api/v1/interventions?country={country}&per_page=100"),
        format!("/api/v1/interventions.csv?country={country}"),
        format!("/api/v1/interventions.geojson?country={country}"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        seen.push_str(&response.text().await.unwrap());
    }
    seen
}

/// The home page's count of interventions.
async fn headline_total(app: &TestApp) -> u32 {
    let home = app.text("/").await;
    let label = home.find("Interventions</dt>").expect("the total on the home page");
    let figure = &home[label..];
    let start = figure.find("<dd>").unwrap() + 4;
    figure[start..start + figure[start..].find('<').unwrap()].parse().unwrap()
}

on_both_databases!(an_intervention_kept_for_staff_leaves_every_public_page_and_export, |app| {
    // An intervention that another one links to, in a country.
    let pool = app.pool().await;
    let row = sqlx::query(
        "SELECT i.slug, c.iso3, o.slug FROM interventions i
         JOIN intervention_countries c ON c.intervention_id = i.id
         JOIN intervention_links k ON k.related_slug = i.slug
         JOIN interventions o ON o.id = k.intervention_id
         ORDER BY i.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("the seed data links interventions");
    let (slug, country, linked_from): (String, String, String) =
        (row.try_get(0).unwrap(), row.try_get(1).unwrap(), row.try_get(2).unwrap());
    let page = format!("/interventions/{slug}");
    let total = headline_total(&app).await;
    assert!(public_view(&app, &country, &linked_from).await.contains(&slug), "public before");
    assert_eq!(app.get(&page).await.status(), 200);

    let region: String = sqlx::query("SELECT region_code FROM interventions WHERE slug = $1")
        .bind(&slug)
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let other_region = if region == "Pacific" { "Caribbean" } else { "Pacific" };
    let elsewhere = app.staff_client("elsewhere@example.org", "coordinator", &[other_region]).await;
    let audience = format!("/staff/interventions/{slug}/audience");
    assert_eq!(post(&app, &elsewhere, &audience, &[("audience", "staff")]).await.status(), 404, "not their region");
    assert!(!get(&app, &elsewhere, "/staff/interventions").await.text().await.unwrap().contains(&slug));

    let coordinator = app.staff_client("own@example.org", "coordinator", &[&region]).await;
    let list = get(&app, &coordinator, "/staff/interventions").await.text().await.unwrap();
    assert!(list.contains(&format!("/staff/interventions/{slug}/audience")) && list.contains("Keep for staff only"));
    assert_eq!(post(&app, &coordinator, &audience, &[("audience", "secret")]).await.status(), 400);
    let response = post(&app, &coordinator, &audience, &[("audience", "staff")]).await;
    assert_eq!(response.status(), 303);
    let back = location(&response);
    let list = get(&app, &coordinator, &back).await.text().await.unwrap();
    assert!(list.contains("is now kept for staff only.") && list.contains("Show to everyone"), "{back}");

    // Gone from everything the public reads, at once (the pages were just kept in the cache).
    let seen = public_view(&app, &country, &linked_from).await;
    assert!(!seen.contains(&slug), "no page, link or export names it");
    assert_eq!(app.get(&page).await.status(), 404);
    assert_eq!(headline_total(&app).await, total - 1);
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'set_publishable' AND record_id = '{slug}' AND to_state = 'withheld'"
    );
    assert_eq!(count(&app, &audited).await, 1);

    // Shown again.
    let response = post(&app, &coordinator, &audience, &[("audience", "public")]).await;
    assert_eq!(response.status(), 303);
    assert!(get(&app, &coordinator, &location(&response))
        .await
        .text()
        .await
        .unwrap()
        .contains("is shown to everyone again."));
    assert!(public_view(&app, &country, &linked_from).await.contains(&slug));
    assert_eq!(headline_total(&app).await, total);
});

on_both_databases!(a_request_published_for_staff_only_is_recorded_but_never_shown, |app| {
    let (reference, _) = submit_request(&app).await;
    let pool = app.pool().await;
    sqlx::query("UPDATE ta_requests SET stage = 'completed' WHERE reference = $1")
        .bind(&reference)
        .execute(&pool)
        .await
        .unwrap();
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let request_page = format!("/staff/requests/{reference}");
    let title = "Readmission case handling, Senegal";
    let summary = "Experts trained the officers who handle readmission cases, with the ministry's lawyers.";
    let publish = format!("{request_page}/publish");
    let missing = post(&app, &admin, &publish, &[("title", title), ("summary", summary)]).await;
    assert_eq!(missing.status(), 422, "who may see it is asked");
    let answer = missing.text().await.unwrap();
    let error = &answer[answer.find(r#"id="audience-error""#).expect("the field's error line")..];
    assert!(error[..error.find("</p>").unwrap()].contains("This answer is required."), "next to the field");
    assert!(answer.contains(&format!(r#"value="{title}""#)), "the answer is kept");

    let response = post(
        &app,
        &admin,
        &publish,
        &[("title", title), ("summary", summary), ("language", "en"), ("audience", "staff")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let slug = reference.to_lowercase();
    let page = get(&app, &admin, &request_page).await.text().await.unwrap();
    assert!(page.contains("Recorded for staff only"), "staff see where it went");
    let found = get(&app, &admin, "/staff/interventions?audience=staff&q=readmission+case").await.text().await.unwrap();
    assert!(found.contains(title), "found by staff among those kept for them");
    assert_eq!(app.get(&format!("/interventions/{slug}")).await.status(), 404);
    for path in ["/interventions?country=SEN", "/api/v1/interventions.csv", "/api/v1/interventions.geojson"] {
        assert!(!app.text(path).await.contains(&slug), "{path}");
    }
});

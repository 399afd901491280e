//! The open-data API and downloads.

use crate::on_both_databases;

on_both_databases!(json_api_pages_through_the_same_selection, |app| {
    let response = app.get("/api/v1/interventions?region=Pacific").await;
    assert_eq!(response.status(), 200);
    let page: serde_json::Value = response.json().await.unwrap();
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["region"] == "Pacific"));

    let second: serde_json::Value = app.get("/api/v1/interventions?per_page=30&page=3").await.json().await.unwrap();
    assert_eq!(second["total"], 70);
    assert_eq!(second["items"].as_array().unwrap().len(), 10);
});

on_both_databases!(csv_and_geojson_honour_the_filters_and_agree, |app| {
    let csv = app.get("/api/v1/interventions.csv?country=KEN").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("slug,title,programme,component,scope,status,"));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("KEN")));

    let geojson: serde_json::Value = app.get("/api/v1/interventions.geojson?country=KEN").await.json().await.unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len(), "CSV and GeoJSON hold the same interventions");
    assert!(features.iter().all(|f| f["geometry"]["type"] == "MultiPoint"));
});

on_both_databases!(bad_filters_get_a_json_400_naming_each_parameter, |app| {
    let response = app.get("/api/v1/interventions.csv?country=XXX&per_page=1000").await;
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    let params: Vec<&str> = body["problems"].as_array().unwrap().iter().map(|p| p["param"].as_str().unwrap()).collect();
    assert_eq!(params, ["country", "per_page"]);
});

on_both_databases!(text_search_finds_countries_by_their_french_name_and_is_injection_safe, |app| {
    let page: serde_json::Value = app.get("/api/v1/interventions?q=%C3%89thiopie").await.json().await.unwrap();
    assert!(page["total"].as_u64().unwrap() >= 1);
    let hostile: serde_json::Value =
        app.get("/api/v1/interventions?q=%27%3B%20DROP%20TABLE%20interventions%3B--").await.json().await.unwrap();
    assert_eq!(hostile["total"], 0);
    let all: serde_json::Value = app.get("/api/v1/interventions").await.json().await.unwrap();
    assert_eq!(all["total"], 70);
});

on_both_databases!(seeding_the_demo_again_changes_nothing, |app| {
    let pool = server::open_database(&app.settings).await.unwrap();
    app::db::seed::seed_demo(&pool, "2026-01-01T00:00:00Z").await.unwrap();
    let all: serde_json::Value = app.get("/api/v1/interventions").await.json().await.unwrap();
    assert_eq!(all["total"], 70);
    let kenya: serde_json::Value = app.get("/api/v1/interventions?country=KEN").await.json().await.unwrap();
    let before = kenya["total"].clone();
    app::db::seed::seed_demo(&pool, "2026-01-02T00:00:00Z").await.unwrap();
    let kenya: serde_json::Value = app.get("/api/v1/interventions?country=KEN").await.json().await.unwrap();
    assert_eq!(kenya["total"], before);
});

on_both_databases!(openapi_describes_the_public_endpoints, |app| {
    let spec: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/interventions", "/api/v1/interventions.csv", "/api/v1/interventions.geojson"] {
        assert!(spec["paths"][path]["get"].is_object(), "{path} documented");
    }
});

// Found by Schemathesis on PostgreSQL, which cannot store or compare text holding a NUL: such
// bytes in a search or a form once gave a server error.
on_both_databases!(control_characters_in_a_search_or_a_form_are_dropped_not_a_server_error, |app| {
    let search = app.get("/api/v1/interventions?q=Ang%00ola%1B").await;
    assert_eq!(search.status(), 200);
    let found: serde_json::Value = search.json().await.unwrap();
    assert!(found["total"].as_u64().unwrap() > 0, "found as 'Angola': {found}");
    assert_eq!(app.get("/interventions?q=%00").await.status(), 200);

    let institution: Vec<(&str, &str)> = crate::requests::INSTITUTION
        .iter()
        .map(|(k, v)| if *k == "institution" { (*k, "Minis\u{0}try of the Interior") } else { (*k, *v) })
        .collect();
    let focal = crate::helpers::location(&app.post_form("/requests/new", &institution).await);
    let draft = focal.trim_end_matches("/focal-point").to_owned();
    app.post_form(&focal, crate::requests::FOCAL_POINT).await;
    app.post_form(&format!("{draft}/request"), &crate::requests::details()).await;
    let submitted = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    assert_eq!(submitted.status(), 303, "submitted");
    let stored: String = sqlx::Row::get(
        &sqlx::query("SELECT institution FROM ta_requests ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool().await)
            .await
            .unwrap(),
        0,
    );
    assert_eq!(stored, "Ministry of the Interior", "stored without the NUL");
});

/// `path` asked with the request headers `asking`.
async fn get_with(app: &crate::helpers::TestApp, path: &str, asking: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in asking {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

on_both_databases!(an_export_already_held_is_not_sent_again, |app| {
    for path in ["/api/v1/interventions.csv?region=Pacific", "/api/v1/interventions.geojson", "/api/v1/interventions"] {
        let first = get_with(&app, path, &[]).await;
        assert_eq!(first.status(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        let modified = first.headers()["last-modified"].to_str().unwrap().to_owned();
        assert_eq!(first.headers()["cache-control"], "no-cache", "{path}: kept, checked each time");
        assert!(etag.starts_with("W/\"") && modified.ends_with(" GMT"), "{path}: {etag} {modified}");
        let body = first.bytes().await.unwrap();

        for asking in [[("if-none-match", etag.as_str())], [("if-modified-since", modified.as_str())]] {
            let again = get_with(&app, path, &asking).await;
            assert_eq!(again.status(), 304, "{path} with {asking:?}");
            assert_eq!(again.headers()["etag"], etag.as_str());
            assert!(again.bytes().await.unwrap().is_empty(), "no body the second time");
        }
        let other = get_with(&app, path, &[("if-none-match", "W/\"not-this-one\"")]).await;
        assert_eq!(other.status(), 200);
        assert_eq!(other.bytes().await.unwrap(), body, "the same bytes, the same tag");
    }
    let pacific = get_with(&app, "/api/v1/interventions.csv?region=Pacific", &[]).await;
    let caribbean = get_with(&app, "/api/v1/interventions.csv?region=Caribbean", &[]).await;
    assert_ne!(pacific.headers()["etag"], caribbean.headers()["etag"], "each selection has its own tag");

    // A published intervention changes: the copy held is stale, by its tag and by its date.
    let (etag, modified) = (
        pacific.headers()["etag"].to_str().unwrap().to_owned(),
        pacific.headers()["last-modified"].to_str().unwrap().to_owned(),
    );
    let later = server::auth::rfc3339(time::OffsetDateTime::now_utc() + time::Duration::hours(1));
    sqlx::query(
        "UPDATE interventions SET title = title || ' (revised)', updated_at = $1 WHERE region_code = 'Pacific'",
    )
    .bind(&later)
    .execute(&app.pool().await)
    .await
    .unwrap();
    for asking in [[("if-none-match", etag.as_str())], [("if-modified-since", modified.as_str())]] {
        let changed = get_with(&app, "/api/v1/interventions.csv?region=Pacific", &asking).await;
        assert_eq!(changed.status(), 200, "{asking:?}");
        assert!(changed.text().await.unwrap().contains("(revised)"));
    }
});

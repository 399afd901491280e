//! The open-data API and downloads.

use crate::on_both_databases;

on_both_databases!(json_api_pages_through_the_same_selection, |app| {
    let response = app.get("/api/v1/interventions?region=Pacific").await;
    assert_eq!(response.status(), 200);
    let page: serde_json::Value = response.json().await.unwrap();
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["region"] == "Pacific"));

    // The 70 seeded interventions, the demo's ongoing TA and its completed one.
    let second: serde_json::Value = app.get("/api/v1/interventions?per_page=30&page=3").await.json().await.unwrap();
    assert_eq!(second["total"], 72);
    assert_eq!(second["items"].as_array().unwrap().len(), 12);
});

on_both_databases!(csv_and_geojson_honour_the_filters_and_agree, |app| {
    let csv = app.get("/api/v1/interventions.csv?country=KEN").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("slug,title,language,programme,component,scope,status,"));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("KEN")));

    let geojson: serde_json::Value = app.get("/api/v1/interventions.geojson?country=KEN").await.json().await.unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len(), "CSV and GeoJSON hold the same interventions");
    assert!(features.iter().all(|f| f["geometry"]["type"] == "MultiPoint"));
});

on_both_databases!(the_csv_reads_back_as_the_api_rows_with_hxl_hashtags_when_asked, |app| {
    let query = "region=West+Africa&sort=title";
    let page: serde_json::Value =
        app.get(&format!("/api/v1/interventions?{query}&per_page=100")).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(items.len() > 5, "a selection worth comparing");

    let plain = app.get(&format!("/api/v1/interventions.csv?{query}")).await.text().await.unwrap();
    let tagged = app.get(&format!("/api/v1/interventions.csv?{query}&hxl=1")).await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(tagged.as_bytes());
    let header = reader.headers().unwrap().clone();
    let mut records = reader.records().map(Result::unwrap);
    let hashtags = records.next().unwrap();
    assert_eq!(&hashtags[0], "#activity+code");
    assert!(hashtags.iter().all(|tag| tag.starts_with('#')), "{hashtags:?}");
    let rows: Vec<csv::StringRecord> = records.collect();
    assert_eq!(rows.len(), items.len(), "the same rows as the API");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, item) in rows.iter().zip(items) {
        assert_eq!(row[column("slug")], item["slug"], "same order");
        assert_eq!(row[column("title")], item["title"]);
        assert_eq!(row[column("language")], item["language"]);
        let countries: Vec<&str> = item["countries"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert_eq!(row[column("countries")], countries.join(";"));
        assert_eq!(&row[column("start")], item["start"].as_str().unwrap_or(""));
    }
    // Without the switch, the same file lacks only the hashtag row.
    let mut tagged_lines: Vec<&str> = tagged.lines().collect();
    tagged_lines.remove(1);
    assert_eq!(plain.lines().collect::<Vec<_>>(), tagged_lines);

    let refused = app.get("/api/v1/interventions.csv?hxl=yes").await;
    assert_eq!(refused.status(), 400);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["problems"][0]["param"], "hxl");
    let dictionary = app.text("/data").await;
    assert!(dictionary.contains(r#"id="fields""#) && dictionary.contains("#country+code+list"));
});

on_both_databases!(the_xlsx_reads_back_as_the_api_rows, |app| {
    use calamine::{Data, Reader};
    let query = "topic=labour_migration&sort=date_asc";
    let page: serde_json::Value =
        app.get(&format!("/api/v1/interventions?{query}&per_page=100")).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    let response = app.get(&format!("/api/v1/interventions.xlsx?{query}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let bytes = response.bytes().await.unwrap();
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let sheet = workbook.worksheet_range("Interventions").expect("the sheet");
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|cell| cell.to_string()).collect();
    assert_eq!(header[0], "slug");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<_> = rows.collect();
    assert_eq!(rows.len(), items.len(), "the same rows as the API");
    for (row, item) in rows.iter().zip(items) {
        assert_eq!(row[column("slug")].to_string(), item["slug"].as_str().unwrap(), "same order");
        assert_eq!(row[column("title")].to_string(), item["title"].as_str().unwrap());
        assert_eq!(row[column("language")].to_string(), item["language"].as_str().unwrap());
        match item["people_reached"].as_i64() {
            Some(count) => assert_eq!(row[column("people_reached")], Data::Float(count as f64), "a number"),
            None => assert_eq!(row[column("people_reached")], Data::Empty),
        }
    }
    assert_eq!(app.get("/api/v1/interventions.xlsx?topic=nothing").await.status(), 400);
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
    assert_eq!(all["total"], 72);
});

on_both_databases!(seeding_the_demo_again_changes_nothing, |app| {
    let pool = server::open_database(&app.settings).await.unwrap();
    app::db::seed::seed_demo(&pool, "2026-01-01T00:00:00Z").await.unwrap();
    let all: serde_json::Value = app.get("/api/v1/interventions").await.json().await.unwrap();
    assert_eq!(all["total"], 72);
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

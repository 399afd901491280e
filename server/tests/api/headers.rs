//! Every route the server has, read from its source so that a new route cannot be missed,
//! asked for by GET and by an empty POST, anonymously and as the management unit: every
//! answer carries the security headers, none is a server error, and every address that can
//! hold someone's data is never stored by a cache.

use sqlx::Row;

use crate::helpers::TestApp;
use crate::on_both_databases;

/// The route patterns of `server/src/routes/*.rs` (`.route("...")`) and of the Leptos route
/// table (`path!("...")`).
fn route_patterns() -> Vec<String> {
    let mut sources = Vec::new();
    let routes = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    for entry in std::fs::read_dir(routes).unwrap().flatten() {
        sources.push(std::fs::read_to_string(entry.path()).unwrap());
    }
    sources.push(std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/app.rs")).unwrap());
    let mut patterns = Vec::new();
    for source in &sources {
        for marker in [".route(\"", ".route(\n            \"", "path!(\""] {
            for rest in source.split(marker).skip(1) {
                let pattern: String = rest.chars().take_while(|c| *c != '"').collect();
                // Leptos writes parameters as `:name`, axum as `{name}`.
                let pattern = pattern
                    .split('/')
                    .map(|part| part.strip_prefix(':').map_or(part.to_owned(), |name| format!("{{{name}}}")))
                    .collect::<Vec<_>>()
                    .join("/");
                patterns.push(pattern);
            }
        }
    }
    patterns.sort();
    patterns.dedup();
    // Signing out last, so the staff session lasts through every other route.
    patterns.sort_by_key(|pattern| pattern.ends_with("/logout") || pattern.ends_with("/sign-out"));
    patterns
}

async fn first(app: &TestApp, sql: &str) -> String {
    let row = sqlx::query(sql).fetch_one(&app.pool().await).await.expect(sql);
    row.try_get::<String, _>(0).or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string())).unwrap()
}

/// A real address for `pattern`, with demo objects where the route names one.
async fn concrete(app: &TestApp, pattern: &str) -> String {
    let mut path = pattern.to_owned();
    let values = [
        ("{token}", "A".repeat(43)),
        ("{step}", "review".to_owned()),
        ("{code}", "fr".to_owned()),
        ("{file}", "missing.js".to_owned()),
        ("{hash}", "0123456789abcdef".to_owned()),
    ];
    for (name, value) in values {
        path = path.replace(name, &value);
    }
    if path.contains("{reference}") {
        let sql = if path.starts_with("/staff/grants") {
            "SELECT reference FROM grant_applications WHERE reference IS NOT NULL ORDER BY id LIMIT 1"
        } else {
            "SELECT reference FROM ta_requests ORDER BY id LIMIT 1"
        };
        path = path.replace("{reference}", &first(app, sql).await);
    }
    if path.contains("{id}") {
        let sql = if path.starts_with("/staff/grants") {
            "SELECT id FROM grant_calls ORDER BY id LIMIT 1"
        } else if path.starts_with("/staff/experts") {
            "SELECT id FROM experts ORDER BY id LIMIT 1"
        } else {
            "SELECT id FROM ta_attachments ORDER BY id LIMIT 1"
        };
        let id = if path.contains("/attachments/") { "1".to_owned() } else { first(app, sql).await };
        path = path.replace("{id}", &id);
    }
    if path.contains("{slug}") {
        let sql = if path.starts_with("/grants") {
            "SELECT slug FROM grant_calls ORDER BY id LIMIT 1"
        } else {
            "SELECT slug FROM interventions ORDER BY id LIMIT 1"
        };
        path = path.replace("{slug}", &first(app, sql).await);
    }
    assert!(!path.contains('{'), "no value for a parameter of {pattern}");
    path
}

fn check_headers(path: &str, method: &str, response: &reqwest::Response) {
    let headers = response.headers();
    let status = response.status();
    assert!(!status.is_server_error(), "{method} {path}: {status}");
    for (name, expected) in [
        ("x-content-type-options", Some("nosniff")),
        ("x-frame-options", Some("DENY")),
        ("referrer-policy", Some("strict-origin-when-cross-origin")),
        ("cross-origin-opener-policy", Some("same-origin")),
        ("content-security-policy", None),
    ] {
        let value = headers.get(name).unwrap_or_else(|| panic!("{method} {path} ({status}) lacks {name}"));
        if let Some(expected) = expected {
            assert_eq!(value, expected, "{method} {path}: {name}");
        }
    }
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
    if server::middleware::holds_personal_data(path) {
        assert_eq!(headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{method} {path}");
    }
}

on_both_databases!(every_route_answers_with_the_security_headers_and_no_server_error, |app| {
    let patterns = route_patterns();
    assert!(patterns.len() > 60, "the route table was read ({} routes)", patterns.len());
    let admin = app.staff_client("headers-admin@example.org", "admin", &[]).await;
    let anonymous = app.new_client();
    for pattern in &patterns {
        let path = concrete(&app, pattern).await;
        for client in [&anonymous, &admin] {
            let url = format!("{}{path}", app.address);
            check_headers(&path, "GET", &client.get(&url).send().await.unwrap());
            let post = client
                .post(&url)
                .header("origin", &app.address)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("")
                .send()
                .await
                .unwrap();
            check_headers(&path, "POST", &post);
        }
    }
});

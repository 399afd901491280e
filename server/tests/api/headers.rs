//! Every route the server has, read from its source so that a new route cannot be missed,
//! asked for by GET and by an empty POST, anonymously and as the management unit: every
//! answer carries the security headers, none is a server error, and every address that can
//! hold someone's data is never stored by a cache.

use crate::on_both_databases;
use crate::route_table::{route_patterns, RouteValues};

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
    let values = RouteValues::first_of_each(&app).await;
    let admin = app.staff_client("headers-admin@example.org", "admin", &[]).await;
    let anonymous = app.new_client();
    for pattern in &patterns {
        let path = values.concrete(pattern);
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

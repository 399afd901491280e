//! Every route the server has, read from its source so that a new route cannot be missed,
//! asked for by GET and by an empty POST, anonymously and as the management unit: every
//! answer carries the security headers, none is a server error, and every address that can
//! hold someone's data is never stored by a cache.

use crate::helpers::{fresh_settings, location, serve, Backend, STAFF_PASSWORD};
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
    assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), "{path}: {csp}");
    assert!(!headers.contains_key("strict-transport-security"), "no HSTS over plain http ({path})");
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

/// Served as `https://`: HSTS on every answer, and session cookies that only this host over
/// https can hold (`__Host-`); a cookie without the prefix is not a session; signing out
/// clears what the browser kept.
#[tokio::test]
async fn over_https_sessions_use_host_only_cookies_and_hsts() {
    let Some(mut settings) = fresh_settings(Backend::Sqlite).await else { return };
    settings.public_url = "https://portal.test".into();
    let app = serve(settings).await;
    let home = app.get("/").await;
    assert_eq!(home.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");

    app.create_staff("https-admin@example.org", "admin", &[], false).await;
    let client = app.new_client();
    let url = |path: &str| format!("{}{path}", app.address);
    let form = [("email", "https-admin@example.org"), ("password", STAFF_PASSWORD), ("next", "/staff")];
    let signed_in = client.post(url("/staff/login")).form(&form).send().await.unwrap();
    assert_eq!(signed_in.status(), 303);
    let set_cookie = signed_in.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("__Host-portal_session=") && set_cookie.contains("; Secure"), "{set_cookie}");
    let token = set_cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();

    let staff_page = |cookie: String| client.get(url("/staff")).header("cookie", cookie).send();
    assert_eq!(staff_page(format!("__Host-portal_session={token}")).await.unwrap().status(), 200);
    let unprefixed = staff_page(format!("portal_session={token}")).await.unwrap();
    assert!(location(&unprefixed).starts_with("/staff/login"), "a cookie without the prefix is no session");

    let signed_out = client
        .post(url("/staff/logout"))
        .header("origin", "https://portal.test")
        .header("cookie", format!("__Host-portal_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 303);
    assert_eq!(signed_out.headers()["clear-site-data"], r#""cache", "storage""#);
    assert!(location(&staff_page(format!("__Host-portal_session={token}")).await.unwrap()).starts_with("/staff/login"));
}

// Found in an attack review: the language switch copied secret links into its `next=`, was
// sent `Cache-Control: public`, and `next=/%09/evil.example` led to another site.
on_both_databases!(switching_language_keeps_secrets_out_of_addresses_and_caches, |app| {
    let (_, tracking) = crate::requests::submit_request(&app).await;
    let draft = crate::requests::fill_draft(&app).await;
    for secret_page in [tracking.as_str(), &format!("{draft}/review")] {
        let page = app.text(secret_page).await;
        let switches: Vec<&str> =
            page.split("href=\"/language/").skip(1).map(|rest| rest.split('"').next().unwrap_or_default()).collect();
        assert_eq!(switches.len(), 4, "{secret_page}");
        let token = secret_page.split('/').nth(3).unwrap_or("sign-in");
        for switch in switches {
            assert!(!switch.contains(token), "{secret_page}: {switch}");
        }
        // Without `next`, the switch returns to the page it came from, by its `Referer`.
        let back = app
            .client
            .get(format!("{}/language/fr", app.address))
            .header("referer", format!("{}{secret_page}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(location(&back), secret_page);
        assert_eq!(back.headers()["cache-control"], "no-store", "a redirect setting a cookie is never kept");
    }
    // A public page keeps its address in `next`.
    assert!(app
        .text("/interventions?topic=visas")
        .await
        .contains("/language/fr?next=%2Finterventions%3Ftopic%3Dvisas"));
    for (next, expected) in [
        ("/%09/evil.example", "/"),
        ("/%0a/evil.example", "/"),
        ("/%0d/evil.example", "/"),
        ("/%5c/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%0a", "/"),
        ("/interventions", "/interventions"),
    ] {
        let response = app.get(&format!("/language/en?next={next}")).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), expected, "next={next}");
        assert_eq!(response.headers()["cache-control"], "no-store", "next={next}");
    }
});

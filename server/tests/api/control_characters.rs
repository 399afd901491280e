//! A NUL or another control character in an address never reaches a query: PostgreSQL
//! refuses such bytes that SQLite accepts, and once answered 500 or 503 for `/grants/%00`,
//! `/interventions/%00` and sixteen more routes. Every route, each parameter a NUL, read
//! anonymously and by the management unit, answers 400 (a path) on both databases; a NUL in
//! a search is dropped as from typed text.

use crate::helpers::TestApp;
use crate::on_both_databases;
use crate::route_table::route_patterns;

/// `pattern` with every `{parameter}` replaced by `value`.
fn with_every_parameter(pattern: &str, value: &str) -> String {
    pattern.split('/').map(|part| if part.starts_with('{') { value } else { part }).collect::<Vec<_>>().join("/")
}

async fn status(client: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    client.get(format!("{}{path}", app.address)).send().await.expect("answered").status().as_u16()
}

on_both_databases!(a_control_character_in_any_address_is_refused_before_any_query, |app| {
    let staff = app.staff_client("nul-admin@example.org", "admin", &[]).await;
    let mut checked = 0;
    for pattern in route_patterns().iter().filter(|p| p.contains('{')) {
        for value in ["%00", "a%00b", "%1B", "%7F"] {
            let path = with_every_parameter(pattern, value);
            for (who, client) in [("anonymous", &app.client), ("management unit", &staff)] {
                assert_eq!(status(client, &app, &path).await, 400, "{path} as {who}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} addresses");
    for search in [
        "/staff/experts?q=%00",
        "/staff/requests?q=a%00",
        "/staff/grants?q=%00&status=%00",
        "/staff/interventions?q=%00",
    ] {
        let answer = status(&staff, &app, search).await;
        assert!(answer < 500, "{search}: {answer}");
    }
    assert_eq!(status(&app.client, &app, "/interventions?q=%00").await, 200, "dropped from a public search");
});

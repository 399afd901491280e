//! Cross-site request forgery and safe reads, over the whole route table. Every secret link
//! a route can take is a real, live one, and the browsers asking are signed in (staff and
//! expert), so that a request that got through would change something.
//! - A post, put, patch or delete sent from another site is refused with 403 and changes
//!   nothing in the database, whichever of `Origin` and `Sec-Fetch-Site` the browser sent.
//! - No GET, HEAD or OPTIONS changes anything but the time a session was last seen: opening an e-mailed
//!   link, a draft or a staff page only shows it.

use std::collections::BTreeMap;

use sqlx::{Column, Row};

use crate::access::signed_in_expert;
use crate::helpers::{location, Backend, TestApp};
use crate::on_both_databases;
use crate::requests::{fill_draft, submit_request};
use crate::roster::{enrol, fill_application, link_mailed_to};
use crate::route_table::{route_patterns, RouteValues};

/// Every row of every table, as text, by table.
async fn database_contents(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let pool = app.pool().await;
    let tables_sql = match app.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        Backend::Postgres => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
    };
    let tables: Vec<String> =
        sqlx::query(tables_sql).fetch_all(&pool).await.unwrap().iter().map(|row| row.get(0)).collect();
    let mut contents = BTreeMap::new();
    for table in tables.into_iter().filter(|t| t != "_sqlx_migrations") {
        let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(&pool).await.unwrap();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|row| {
                (0..row.columns().len())
                    .map(|i| format!("{}={}", row.columns()[i].name(), cell(row, i)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        lines.sort();
        contents.insert(table, lines);
    }
    assert!(contents.len() > 20, "{} tables read", contents.len());
    contents
}

/// One value as text, whatever its type (the `Any` driver decodes only a few).
fn cell(row: &sqlx::any::AnyRow, i: usize) -> String {
    if let Ok(value) = row.try_get::<Option<String>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<i64>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<f64>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<bool>, _>(i) {
        return format!("{value:?}");
    }
    let bytes: Option<Vec<u8>> = row.try_get(i).expect("a value of a known type");
    format!("{bytes:?}")
}

/// What changed between two readings, table by table (rows gone, rows new).
fn changes(before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut changed = Vec::new();
    for (table, rows) in after {
        let old = &before[table];
        for row in old.iter().filter(|r| !rows.contains(r)) {
            changed.push(format!("{table}: - {row}"));
        }
        for row in rows.iter().filter(|r| !old.contains(r)) {
            changed.push(format!("{table}: + {row}"));
        }
    }
    changed
}

/// Route values whose secret links are all live: a request draft and a submitted request, an
/// unfinished and a submitted expert application (its confirmation link unused), an unused
/// sign-in link, a grant application being written and a submitted one.
async fn live_links(app: &TestApp) -> RouteValues {
    let mut values = RouteValues::first_of_each(app).await;
    values.hold_secret_link(&fill_draft(app).await);
    values.hold_secret_link(&submit_request(app).await.1);
    values.hold_secret_link(&fill_application(app, "csrf-unfinished@example.org").await);
    enrol(app, "csrf-unconfirmed@example.org", &[], false).await;
    values.hold_secret_link(&link_mailed_to(app, "csrf-unconfirmed@example.org").await);
    enrol(app, "csrf-member@example.org", &[], true).await;
    app.post_form("/experts/sign-in", &[("email", "csrf-member@example.org")]).await;
    values.hold_secret_link(&link_mailed_to(app, "csrf-member@example.org").await);
    let (_, slug) = crate::grants::open_regional_call(app).await;
    values.hold_secret_link(&crate::grants::fill_application(app, &slug).await);
    values.hold_secret_link(&crate::grants::submit_application(app, &slug).await.1);
    for prefix in ["/requests/draft/", "/requests/track/", "/experts/apply/", "/experts/confirm/", "/grants/track/"] {
        assert!(values.secret_links.iter().any(|(p, _)| p == prefix), "a live link for {prefix}");
    }
    values
}

/// The browsers that ask: nobody, the management unit and a signed-in expert.
async fn browsers(app: &TestApp) -> Vec<(&'static str, reqwest::Client)> {
    vec![
        ("anonymous", app.new_client()),
        ("management unit", app.staff_client("csrf-admin@example.org", "admin", &[]).await),
        ("signed-in expert", signed_in_expert(app).await),
    ]
}

on_both_databases!(no_cross_site_request_changes_anything, |app| {
    let values = live_links(&app).await;
    let browsers = browsers(&app).await;
    let before = database_contents(&app).await;
    // What browsers send from another site: both headers (today's browsers), only `Origin`
    // (older ones), only `Sec-Fetch-Site` (a form posted to a page the attacker framed), and
    // the `null` origin of a sandboxed frame.
    let cross_site: [&[(&str, &str)]; 4] = [
        &[("origin", "https://attacker.example"), ("sec-fetch-site", "cross-site")],
        &[("origin", "https://attacker.example")],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "null")],
    ];
    let mut refused = 0;
    for pattern in route_patterns() {
        let url = format!("{}{}", app.address, values.concrete(&pattern));
        for (who, browser) in &browsers {
            for (headers, method) in cross_site.iter().zip(["POST", "PUT", "PATCH", "DELETE"].iter().cycle()) {
                let mut request = browser
                    .request(method.parse().unwrap(), &url)
                    .form(&[("action", "submit"), ("email", "attacker@example.org")]);
                for (name, value) in headers.iter() {
                    request = request.header(*name, *value);
                }
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 403, "{method} {pattern} from another site, as {who}, {headers:?}");
                // The refusal page carries the security headers like every other answer.
                let (sniff, csp) = (
                    response.headers().get("x-content-type-options"),
                    response.headers().get("content-security-policy"),
                );
                assert!(sniff.is_some() && csp.is_some(), "security headers on the 403 of {method} {pattern}");
                refused += 1;
            }
            // Every form post is refused, not only the ones with a form body.
            let post = browser.post(&url).header("origin", "https://attacker.example").send().await.unwrap();
            assert_eq!(post.status(), 403, "an empty POST {pattern} from another site, as {who}");
        }
    }
    assert!(refused > 700, "{refused} cross-site requests");
    let changed = changes(&before, &database_contents(&app).await);
    assert!(changed.is_empty(), "cross-site requests changed the database:\n{}", changed.join("\n"));

    // The same post from the portal's own page goes through and is seen, so the check above
    // can fail.
    let draft = values.concrete("/requests/draft/{token}/{step}").replace("/review", "/focal-point");
    let response = app.post_form(&draft, &[("focal_name", "Changed Name"), ("action", "next")]).await;
    assert_eq!(response.status(), 422, "saved with the problems of the fields left empty");
    assert!(!changes(&before, &database_contents(&app).await).is_empty(), "a same-site post is seen");
});

/// The audit records a read writes on purpose: staff exporting a list or opening a CV.
const RECORDED_READS: [&str; 4] = [
    "action=Some(\"export_csv\")",
    "action=Some(\"export_xlsx\")",
    "action=Some(\"download_cv\")",
    "action=Some(\"grant_applications.export\")",
];

/// The contents without when each session was last seen: a read keeps its session alive.
fn without_session_clocks(mut contents: BTreeMap<String, Vec<String>>) -> BTreeMap<String, Vec<String>> {
    for table in ["staff_sessions", "expert_sessions"] {
        for row in contents.get_mut(table).unwrap() {
            *row = row.split(" | ").filter(|cell| !cell.starts_with("last_seen_at=")).collect::<Vec<_>>().join(" | ");
        }
    }
    contents
}

on_both_databases!(no_get_changes_anything_but_a_sessions_clock, |app| {
    let values = live_links(&app).await;
    let browsers = browsers(&app).await;
    let before = without_session_clocks(database_contents(&app).await);
    let mut asked = 0;
    for pattern in route_patterns() {
        let path = values.concrete(&pattern);
        for (who, browser) in &browsers {
            let response = browser.get(format!("{}{path}", app.address)).send().await.unwrap();
            assert!(!response.status().is_server_error(), "GET {path} as {who}: {}", response.status());
            for method in ["HEAD", "OPTIONS"] {
                browser.request(method.parse().unwrap(), format!("{}{path}", app.address)).send().await.unwrap();
            }
            asked += 1;
        }
    }
    assert!(asked > 180, "{asked} reads");
    let (recorded, changed): (Vec<String>, Vec<String>) =
        changes(&before, &without_session_clocks(database_contents(&app).await)).into_iter().partition(|change| {
            change.starts_with("audit_log: + ") && RECORDED_READS.iter().any(|read| change.contains(read))
        });
    assert!(changed.is_empty(), "reads changed the database:\n{}", changed.join("\n"));
    // Every export staff can download was recorded (a GET and a HEAD each).
    for export in
        ["record_type=Some(\"ta_request\")", "record_type=Some(\"expert\")", "record_type=Some(\"grant_call\")"]
    {
        assert!(recorded.iter().any(|r| r.contains(export)), "the export of {export} is in the audit log");
    }
    // The links still work after being opened: a confirmation link opened by a mail scanner
    // is still there for its owner's click.
    let confirm = values.concrete("/experts/confirm/{token}");
    assert_eq!(app.post_form(&confirm, &[]).await.status(), 200, "the confirmation link still confirms");
    assert_eq!(location(&app.post_form(&values.concrete("/experts/sign-in/{token}"), &[]).await), "/experts/me");
});

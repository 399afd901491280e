//! Anonymous readers' public pages are kept for a moment (`server::page_cache`): sent again
//! byte for byte, with inline scripts allowed by hash instead of a nonce sent twice; never a
//! signed-in reader's page; each language apart; a change visible at once on the instance
//! that made it and after the page's lifetime on any other.

use base64::Engine as _;
use sha2::Digest as _;

use sqlx::Row;

use crate::on_both_databases;

/// The page's policy and body as an anonymous reader gets them.
async fn fetch(client: &reqwest::Client, url: &str) -> (String, String) {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    (policy, response.text().await.unwrap())
}

/// The code of every inline `<script>` element.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let code = &rest[rest.find('>')? + 1..];
            Some(&code[..code.find("</script>")?])
        })
        .filter(|code| !code.is_empty())
        .collect()
}

on_both_databases!(anonymous_readers_get_kept_pages_with_their_scripts_allowed_by_hash, |app| {
    for path in ["/interventions", "/requests/new", "/experts/apply", "/grants", "/"] {
        let url = format!("{}{path}", app.address);
        let (policy, html) = fetch(&app.client, &url).await;
        assert!(!policy.contains("'nonce-") && !html.contains("nonce="), "{path}: no nonce is sent twice");
        // Rendering is the same every time: the bytes are equal even when a commit elsewhere
        // made the page render again.
        for code in inline_scripts(&html) {
            let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(code.as_bytes()));
            assert!(policy.contains(&format!("'sha256-{hash}'")), "{path}: its script is allowed by hash: {code}");
        }
        assert!(policy.contains("object-src 'none'") && policy.contains("script-src 'self'"), "{policy}");
        assert_eq!(fetch(&app.client, &url).await, (policy, html), "{path}: the same bytes again");
    }
    let (_, map) = fetch(&app.client, &format!("{}/interventions", app.address)).await;
    assert!(!inline_scripts(&map).is_empty(), "the map's island loader is an inline script");

    // A signed-in reader's page is rendered for them, with a nonce of its own every time.
    let staff = app.staff_client("unit@example.org", "admin", &[]).await;
    let url = format!("{}/interventions", app.address);
    let (first, _) = fetch(&staff, &url).await;
    let (second, _) = fetch(&staff, &url).await;
    assert!(first.contains("'nonce-") && second.contains("'nonce-") && first != second);
});

on_both_databases!(kept_pages_keep_each_language_apart, |app| {
    for _ in 0..2 {
        for (language, heading) in [("fr", "Filtrer les interventions"), ("en", "Filter interventions")] {
            let html = app.get_in("/interventions", language).await.text().await.unwrap();
            assert!(html.contains(&format!("<html lang=\"{language}\"")) && html.contains(heading), "{language}");
        }
    }
    let cookie = app.new_client();
    let french = cookie.get(format!("{}/interventions", app.address)).header("cookie", "lang=fr").send().await.unwrap();
    assert!(french.text().await.unwrap().contains("<html lang=\"fr\""), "the language cookie picks the kept page");
});

on_both_databases!(a_change_made_elsewhere_shows_once_the_kept_page_expires, |app| {
    let pool = app.pool().await;
    let slug: String =
        sqlx::query("SELECT slug FROM interventions ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap().get(0);
    let path = format!("/interventions/{slug}");
    let renamed = "Kept-page freshness check";
    assert!(!app.text(&path).await.contains(renamed));
    // Written straight to the database, as another instance would: this one counts no commit.
    sqlx::query("UPDATE interventions SET title = $1 WHERE slug = $2")
        .bind(renamed)
        .bind(&slug)
        .execute(&pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(app.text(&path).await.contains(renamed), "shown once the kept page's second is over");
});

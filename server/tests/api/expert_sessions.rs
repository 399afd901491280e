//! An expert sees where their profile is signed in (`/experts/me/sessions`) and ends other
//! sessions, but only within minutes of following a fresh e-mailed link: with no password,
//! that is how they authenticate again (ASVS 7.5.2).

use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::count;
use crate::roster::{link_mailed_to, submit_application};

const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const LAPTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const ADDRESS: &str = "ana@example.org";

/// A browser posing as `user_agent`, cookies kept, redirects not followed.
fn browser(user_agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let url = format!("{}{path}", app.address);
    client.post(url).header("origin", &app.address).form(fields).send().await.unwrap()
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(format!("{}{path}", app.address)).send().await.unwrap()
}

/// Follows the newest link mailed to the expert in `client`.
async fn follow_link(app: &TestApp, client: &reqwest::Client) {
    let link = link_mailed_to(app, ADDRESS).await;
    assert_eq!(location(&post(app, client, &link, &[]).await), "/experts/me");
}

async fn sign_in(app: &TestApp, client: &reqwest::Client) {
    let response = post(app, client, "/experts/sign-in", &[("email", ADDRESS)]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    follow_link(app, client).await;
}

on_both_databases!(an_expert_ends_other_sessions_only_after_a_fresh_link, |app| {
    submit_application(&app, ADDRESS).await;
    let (phone, laptop) = (browser(PHONE), browser(LAPTOP));
    sign_in(&app, &phone).await;
    sign_in(&app, &laptop).await;

    let response = get(&app, &laptop, "/experts/me").await;
    assert!(response.text().await.unwrap().contains(r#"href="/experts/me/sessions""#), "the profile links to it");
    let response = get(&app, &laptop, "/experts/me/sessions").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("Chrome, Android") && page.contains("Firefox, Windows"), "both browsers are listed");
    assert!(page.contains("This browser"));
    assert_eq!(page.matches(r#"name="end""#).count(), 1, "one other session to end, just signed in");
    assert_eq!(post(&app, &laptop, "/experts/me/sessions", &[("end", "'; DROP TABLE x")]).await.status(), 400);

    // Ten minutes on, the laptop's session may list but not end: it must sign in again.
    let eleven_minutes_ago = server::auth::rfc3339(time::OffsetDateTime::now_utc() - time::Duration::minutes(11));
    sqlx::query("UPDATE expert_sessions SET created_at = $1")
        .bind(&eleven_minutes_ago)
        .execute(&app.pool().await)
        .await
        .unwrap();
    let page = get(&app, &laptop, "/experts/me/sessions").await.text().await.unwrap();
    assert!(!page.contains(r#"name="end""#) && page.contains("E-mail me a sign-in link"));
    let refused = post(&app, &laptop, "/experts/me/sessions", &[("end", "others")]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(get(&app, &phone, "/experts/me").await.status(), 200, "the phone is still signed in");

    let response = post(&app, &laptop, "/experts/me/sessions/link", &[]).await;
    assert_eq!(location(&response), "/experts/me/sessions?sent=1");
    let page = get(&app, &laptop, "/experts/me/sessions?sent=1").await.text().await.unwrap();
    assert!(page.contains("A sign-in link is on its way"));
    follow_link(&app, &laptop).await;
    let sessions = "SELECT COUNT(*) FROM expert_sessions";
    assert_eq!(count(&app, sessions).await, 2, "the laptop's new session replaced its old one");

    let response = post(&app, &laptop, "/experts/me/sessions", &[("end", "others")]).await;
    assert_eq!(location(&response), "/experts/me/sessions?ended=1");
    assert_eq!(location(&get(&app, &phone, "/experts/me").await), "/experts/sign-in", "the phone is signed out");
    assert_eq!(get(&app, &laptop, "/experts/me").await.status(), 200, "the laptop is not");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'end_sessions' AND record_type = 'expert'";
    assert_eq!(count(&app, audited).await, 1);

    let french = laptop
        .get(format!("{}/experts/me/sessions?ended=1", app.address))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(french.contains("Où vous êtes connecté") && french.contains("Sessions terminées : 1."));
});

//! Overload: rate limits per client address and per account answer 429 with `Retry-After`
//! in the reader's language, and requests beyond the in-flight cap are refused at once.

use crate::helpers::{fresh_settings, serve, Backend};
use crate::on_both_databases;
use crate::requests::INSTITUTION;

on_both_databases!(new_drafts_beyond_the_hourly_limit_wait, |app| {
    let max = server::limits::STARTS_PER_ADDRESS.max;
    for _ in 0..max {
        assert_eq!(app.post_form("/requests/new", INSTITUTION).await.status(), 303);
    }
    let refused = app
        .client
        .post(format!("{}/requests/new", app.address))
        .header("origin", &app.address)
        .header("accept-language", "fr")
        .form(INSTITUTION)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    let wait: i64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&wait), "Retry-After {wait}");
    let page = refused.text().await.unwrap();
    assert!(page.contains("lang=\"fr\"") && page.contains("merci d'attendre"), "{page}");
    // Reading is never limited.
    assert_eq!(app.get("/requests/new").await.status(), 200);
});

on_both_databases!(sign_in_links_are_limited_per_e_mail_address, |app| {
    let max = server::limits::SIGN_IN_LINKS_PER_ACCOUNT.max;
    for _ in 0..max {
        let response = app.post_form("/experts/sign-in", &[("email", "someone@example.org")]).await;
        assert_eq!(response.status(), 303);
    }
    // The same address written differently is the same account.
    let refused = app.post_form("/experts/sign-in", &[("email", "Someone@Example.org")]).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let other = app.post_form("/experts/sign-in", &[("email", "other@example.org")]).await;
    assert_eq!(other.status(), 303, "another address is not held back");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_in_flight_cap_are_refused_at_once() {
    let Some(mut settings) = fresh_settings(Backend::Sqlite).await else { return };
    settings.max_in_flight = 2;
    let app = serve(settings).await;
    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let url = format!("{}/interventions", app.address);
            tokio::spawn(async move { reqwest::Client::new().get(url).send().await.expect("answered, not dropped") })
        })
        .collect();
    let mut refused = 0;
    for task in tasks {
        let answer = task.await.unwrap();
        match answer.status().as_u16() {
            200 => {}
            503 => {
                refused += 1;
                assert_eq!(answer.headers()["retry-after"], "2");
            }
            other => panic!("status {other}"),
        }
    }
    assert!(refused > 0 && refused < 40, "{refused} of 40 refused");
    println!("in-flight cap 2: {refused} of 40 simultaneous requests refused, all answered in {:?}", started.elapsed());
}

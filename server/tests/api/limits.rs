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
    // At most the rest of this window plus the share of the next in which this window's
    // max + 1 hits fade to max - 1 (the smoothing counts the window before by its overlap),
    // however far into the window the test happens to run.
    let limit = server::limits::STARTS_PER_ADDRESS;
    let fade = (limit.window_secs * 2 + max) / (max + 1);
    assert!((1..=limit.window_secs + fade).contains(&wait), "Retry-After {wait}");
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
    // All 40 come from one address: the cap under test is the server's, not the address's.
    settings.max_per_client = 40;
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
                // The refusal is a page like any other: it carries the security headers.
                assert_eq!(answer.headers()["x-content-type-options"], "nosniff");
                assert!(answer.headers().contains_key("content-security-policy"));
            }
            other => panic!("status {other}"),
        }
    }
    assert!(refused > 0 && refused < 40, "{refused} of 40 refused");
    println!("in-flight cap 2: {refused} of 40 simultaneous requests refused, all answered in {:?}", started.elapsed());
}

// Found in an attack review: `/experts/sign-in` and `/staff/forgot` took about 0.8 ms longer
// for an address with an account, with no overlap between the two ranges of times.
on_both_databases!(asking_for_a_link_takes_as_long_for_a_known_address_as_for_an_unknown_one, |app| {
    app.create_staff("known-staff@example.org", "admin", &[], false).await;
    crate::roster::submit_application(&app, "known-expert@example.org").await;
    for (path, known) in
        [("/staff/forgot", "known-staff@example.org"), ("/experts/sign-in", "known-expert@example.org")]
    {
        let (mut known_times, mut unknown_times) = (Vec::new(), Vec::new());
        for i in 0..5 {
            for (address, times) in
                [(known.to_owned(), &mut known_times), (format!("nobody{i}@example.org"), &mut unknown_times)]
            {
                let started = std::time::Instant::now();
                let response = app.post_form(path, &[("email", address.as_str())]).await;
                times.push(started.elapsed());
                assert_eq!(response.status(), 303, "{path} {address}");
            }
        }
        let median = |times: &mut Vec<std::time::Duration>| {
            times.sort();
            times[times.len() / 2]
        };
        let (known_median, unknown_median) = (median(&mut known_times), median(&mut unknown_times));
        println!("{path}: median {known_median:?} for a known address, {unknown_median:?} for an unknown one");
        let floor = server::limits::EVEN_ANSWER;
        assert!(known_times[0] >= floor && unknown_times[0] >= floor, "{path}: every answer waits out the floor");
        // Loopback and the scheduler add noise; a database write would add its millisecond
        // to every known answer, not to one.
        assert!(known_median.abs_diff(unknown_median) < std::time::Duration::from_millis(5), "{path}");
    }
});

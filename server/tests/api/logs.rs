//! What the portal writes to its log. The real binary, at its most talkative (`RUST_LOG=debug`),
//! goes through the journeys that handle secrets: a staff sign-in (a wrong password, then the
//! right one), a request submitted with its focal point's e-mail, an expert's CV, an e-mailed
//! sign-in link, an export, a CV read by staff, an erasure, a cross-site post. Then:
//! - no password, secret link, session cookie, CV content or e-mail address is in the log;
//! - every security event is: sign-ins and sign-outs, refusals, exports, staff reading a CV,
//!   a stage moved, an erasure, a staff object not found, input refused.

use crate::helpers::{fresh_settings, location, Backend, TestApp, STAFF_PASSWORD};
use crate::process::{free_port, start_portal, wait_ready};
use crate::requests::submit_request;
use crate::roster::{fill_application, link_mailed_to, CONSENT};

const WRONG_PASSWORD: &str = "Wrong-Passphrase-7731";
const CV_CONTENT: &str = "CV-CONTENT-Qz81 Curriculum of a migration expert";

/// The value a `Set-Cookie` header sets.
fn cookie_value(response: &reqwest::Response) -> String {
    let header = response.headers()["set-cookie"].to_str().unwrap();
    header.split(';').next().unwrap().split_once('=').unwrap().1.to_owned()
}

/// Every e-mail address-like word in `log` (`name@domain.tld`).
fn e_mail_addresses(log: &str) -> Vec<&str> {
    log.split(|c: char| c.is_whitespace() || "\"'<>(),;=".contains(c))
        .filter(|word| {
            word.split_once('@').is_some_and(|(name, domain)| {
                !name.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
        })
        .collect()
}

/// Runs the journeys against a portal process; returns its log and the secrets it handled.
async fn journeys(backend: Backend, json: bool) -> Option<(String, Vec<String>)> {
    let mut settings = fresh_settings(backend).await?;
    let work = settings.files_dir.with_extension("logs");
    std::fs::create_dir_all(&work).unwrap();
    let log_path = work.join("portal.log");
    let port = free_port();
    let format = if json { "true" } else { "false" };
    let env = [("RUST_LOG", "debug"), ("PORTAL_LOG_JSON", format), ("PORTAL_RATE_LIMIT_EXEMPT", "127.0.0.1")];
    let mut portal = start_portal(&settings.database_url, &settings.files_dir, port, &log_path, &env);
    wait_ready(&reqwest::Client::new(), &mut portal).await;
    settings.public_url = portal.address.clone();
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let app = TestApp { address: portal.address.clone(), client, settings };
    let mut secrets = vec![STAFF_PASSWORD.to_owned(), WRONG_PASSWORD.to_owned(), CV_CONTENT.to_owned()];

    app.create_staff("log-admin@example.org", "admin", &[], false).await;
    let staff = app.new_client();
    let sign_in = |password: &'static str| {
        staff
            .post(format!("{}/staff/login", app.address))
            .form(&[("email", "log-admin@example.org"), ("password", password), ("next", "/staff")])
            .send()
    };
    assert_eq!(sign_in(WRONG_PASSWORD).await.unwrap().status(), 401);
    let signed_in = sign_in(STAFF_PASSWORD).await.unwrap();
    assert_eq!(signed_in.status(), 303);
    secrets.push(cookie_value(&signed_in));

    let (reference, tracking) = submit_request(&app).await;
    secrets.push(tracking.rsplit('/').next().unwrap().to_owned());
    let staff_post = |path: String, fields: Vec<(&'static str, &'static str)>| {
        staff.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&fields).send()
    };
    for link in crate::requests::endorsement_links(&app, &reference).await {
        secrets.push(link.rsplit('/').next().unwrap().to_owned());
    }
    crate::requests::endorse_all(&app, &reference).await;
    let moved =
        staff_post(format!("/staff/requests/{reference}/stage"), vec![("from", "submitted"), ("to", "concept_note")]);
    assert_eq!(moved.await.unwrap().status(), 303);

    let application = fill_application(&app, "log-expert@example.org").await;
    secrets.push(application.rsplit('/').next().unwrap().to_owned());
    let cv = format!("%PDF-1.4\n% {CV_CONTENT}\n%%EOF\n");
    let replaced = app.upload_pdf(&format!("{application}/cv"), "cv", "Expert CV.pdf", cv.as_bytes()).await;
    assert_eq!(location(&replaced), format!("{application}/consent"));
    assert_eq!(location(&app.post_form(&format!("{application}/consent"), CONSENT).await), "/experts/apply/sent");
    let confirm = link_mailed_to(&app, "log-expert@example.org").await;
    secrets.push(confirm.rsplit('/').next().unwrap().to_owned());
    assert_eq!(app.post_form(&confirm, &[]).await.status(), 200);

    let export = staff.get(format!("{}/staff/experts.csv", app.address)).send().await.unwrap();
    assert!(export.text().await.unwrap().contains("log-expert@example.org"), "the export holds the address");
    let expert_id = crate::requests::count(&app, "SELECT MAX(id) FROM experts").await;
    let cv_read = staff.get(format!("{}/staff/experts/{expert_id}/cv", app.address)).send().await.unwrap();
    assert!(String::from_utf8_lossy(&cv_read.bytes().await.unwrap()).contains(CV_CONTENT), "staff read the CV");

    app.post_form("/experts/sign-in", &[("email", "log-expert@example.org")]).await;
    let link = link_mailed_to(&app, "log-expert@example.org").await;
    secrets.push(link.rsplit('/').next().unwrap().to_owned());
    let opened = app.post_form(&link, &[]).await;
    assert_eq!(location(&opened), "/experts/me");
    secrets.push(cookie_value(&opened));
    assert_eq!(location(&app.post_form("/experts/me/erase", &[]).await), "/experts/erased");

    let cross_site = app
        .client
        .post(format!("{}/requests/new", app.address))
        .header("origin", "https://attacker.example")
        .form(&[("email", "attacker@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let elsewhere = staff.get(format!("{}/staff/requests/TA-2099-0001", app.address)).send().await.unwrap();
    assert_eq!(elsewhere.status(), 404);
    let refused = app.post_form("/requests/new", &[("institution", ""), ("action", "next")]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(staff_post("/staff/logout".into(), vec![]).await.unwrap().status(), 303);

    portal.child.kill().unwrap();
    portal.child.wait().unwrap();
    let log = std::fs::read_to_string(&log_path).unwrap();
    std::fs::remove_dir_all(&work).ok();
    Some((log, secrets))
}

async fn no_secret_in_the_log_and_every_security_event(backend: Backend, json: bool) {
    let Some((log, secrets)) = journeys(backend, json).await else { return };
    assert!(log.lines().count() > 100, "the debug log was read ({} lines)", log.lines().count());
    for secret in &secrets {
        assert!(secret.len() >= 8, "a real secret: {secret:?}");
        assert!(!log.contains(secret.as_str()), "the log holds a secret: {secret}");
    }
    assert_eq!(e_mail_addresses(&log), Vec::<&str>::new(), "e-mail addresses in the log");

    let security: Vec<&str> = log.lines().filter(|line| line.contains("security")).collect();
    let logged = |words: &[&str]| security.iter().any(|line| words.iter().all(|word| line.contains(word)));
    for (event, words) in [
        ("a failed staff sign-in", &["refused", "401", "/staff/login"][..]),
        ("a staff sign-in", &["staff.sign_in"]),
        ("a stage moved", &["audit", "move_stage", "ta_request"]),
        ("the roster exported", &["audit", "export_csv"]),
        ("a CV read by staff", &["audit", "download_cv"]),
        ("an expert's sign-in", &["expert.sign_in"]),
        ("an erasure", &["audit", "erase", "expert"]),
        ("a cross-site post refused", &["refused", "403", "/requests/new"]),
        ("a staff object not found or not theirs", &["refused", "404", "/staff/requests/{reference}"]),
        ("input refused by the rules", &["input_refused", "/requests/new"]),
        ("a staff sign-out", &["staff.sign_out"]),
    ] {
        assert!(logged(words), "{event} is not in the log's security events:\n{}", security.join("\n"));
    }
}

#[tokio::test]
async fn the_text_log_holds_no_secret_and_every_security_event_on_sqlite() {
    no_secret_in_the_log_and_every_security_event(Backend::Sqlite, false).await;
}

#[tokio::test]
async fn the_json_log_holds_no_secret_and_every_security_event_on_postgres() {
    no_secret_in_the_log_and_every_security_event(Backend::Postgres, true).await;
}

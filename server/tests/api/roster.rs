//! An expert's application to the roster through plain form posts, as a browser without
//! JavaScript makes it: steps, the CV, consent, the confirmation link, and hostile input.

use sqlx::Row;

use crate::helpers::{location, TestApp, PDF};
use crate::on_both_databases;
use crate::requests::count;

const PROFILE: &[(&str, &str)] = &[
    ("sector", "academia"),
    ("position", "Senior lecturer"),
    ("employer", "Example University"),
    ("years_experience", "12"),
    ("education", "PhD in migration studies, 2010"),
    ("language_fr", "C1"),
    ("language_pt", "C2"),
    ("action", "next"),
];

const EXPERTISE: &[(&str, &str)] = &[
    ("topics", "labour_migration"),
    ("topics", "remittances"),
    ("regions", "West Africa"),
    ("countries", "SEN"),
    ("expertise_summary", "Twelve years of research and advice on labour migration in West Africa."),
    ("action", "next"),
];

const AVAILABILITY: &[(&str, &str)] = &[
    ("assignment_lengths", "short_term"),
    ("assignment_lengths", "mid_term"),
    ("unavailable_from_1", "2027-07-01"),
    ("unavailable_until_1", "2027-08-31"),
    ("referee_name_1", "Dr Referee"),
    ("referee_organisation_1", "Another University, professor"),
    ("referee_email_1", "referee@example.org"),
    ("action", "next"),
];

const CONSENT: &[(&str, &str)] = &[("consent", "yes"), ("coi", "none"), ("action", "submit")];

fn identity(email: &str) -> Vec<(&str, &str)> {
    vec![
        ("full_name", "Ana Exemplo"),
        ("email", email),
        ("nationality", "PRT"),
        ("residence", "SEN"),
        ("gender", "female"),
        ("action", "next"),
    ]
}

/// Fills every step up to the last one (CV included); returns the application's path.
pub async fn fill_application(app: &TestApp, email: &str) -> String {
    let response = app.post_form("/experts/apply", &identity(email)).await;
    assert_eq!(response.status(), 303);
    let next = location(&response);
    assert!(next.ends_with("/profile"), "{next}");
    let application = next.trim_end_matches("/profile").to_owned();
    for (step, answers, then) in [
        ("profile", PROFILE, "expertise"),
        ("expertise", EXPERTISE, "availability"),
        ("availability", AVAILABILITY, "cv"),
    ] {
        let response = app.post_form(&format!("{application}/{step}"), answers).await;
        assert_eq!(location(&response), format!("{application}/{then}"), "after {step}");
    }
    let response = app.upload_pdf(&format!("{application}/cv"), "cv", "CV Ana.pdf", PDF).await;
    assert_eq!(location(&response), format!("{application}/consent"));
    application
}

/// The link in the newest e-mail to `to`.
async fn link_mailed_to(app: &TestApp, to: &str) -> String {
    let body: String = sqlx::query("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_one(&app.pool().await)
        .await
        .expect("a mail")
        .try_get(0)
        .unwrap();
    let start = body.find(&app.settings.public_url).expect("a link in the mail");
    let link = body[start..].split_whitespace().next().unwrap();
    link.trim_start_matches(&app.settings.public_url).to_owned()
}

on_both_databases!(an_expert_applies_confirms_the_address_and_joins_the_roster, |app| {
    let form = app.text("/experts/apply").await;
    assert!(form.contains(r#"data-form="expert""#) && form.contains(r#"name="nationality""#));
    assert!(form.contains(r#"<option value="BRA">Brazil</option>"#), "nationality is any country");

    let application = fill_application(&app, "ana@example.org").await;
    let review = app.text(&format!("{application}/consent")).await;
    for answer in ["Ana Exemplo", "Portugal", "Academia and research", "Labour migration", "Attached: CV Ana.pdf"] {
        assert!(review.contains(answer), "the review shows {answer}");
    }

    // Consent is required: the answers are kept and the reason is next to the box.
    let response = app.post_form(&format!("{application}/consent"), &[("coi", "none"), ("action", "submit")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("only with your consent") && page.contains(r#"id="consent-error""#));
    assert!(page.contains(r#"value="none" checked"#), "the declaration typed is kept");

    let response = app.post_form(&format!("{application}/consent"), CONSENT).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/experts/apply/sent");
    assert!(app.text("/experts/apply/sent").await.contains("Check your e-mail"));
    // The application's link no longer shows the answers.
    assert_eq!(location(&app.get(&format!("{application}/identity")).await), "/experts/apply/sent");

    let pool = app.pool().await;
    let status = |pool: app::db::Pool| async move {
        let row = sqlx::query("SELECT status, email_verified_at FROM experts WHERE email_key = 'ana@example.org'")
            .fetch_one(&pool)
            .await
            .unwrap();
        (row.try_get::<String, _>(0).unwrap(), row.try_get::<Option<String>, _>(1).unwrap())
    };
    assert_eq!(status(pool.clone()).await, ("unverified".to_owned(), None));

    // Opening the link shows a button; only pressing it confirms (mail scanners open links).
    let confirm = link_mailed_to(&app, "ana@example.org").await;
    assert!(confirm.starts_with("/experts/confirm/"), "{confirm}");
    let page = app.get(&confirm).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.text().await.unwrap().contains("Confirm my address"));
    assert_eq!(status(pool.clone()).await.0, "unverified");

    let response = app.post_form(&confirm, &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("your profile is now on the programme's expert roster"));
    let (now_status, verified_at) = status(pool.clone()).await;
    assert_eq!(now_status, "active");
    assert!(verified_at.is_some());

    // The link works once.
    assert_eq!(app.post_form(&confirm, &[]).await.status(), 410);
    assert_eq!(app.get(&confirm).await.status(), 410);

    // What staff search will use was derived from the answers.
    let id: i64 = sqlx::query("SELECT id FROM experts WHERE email_key = 'ana@example.org'")
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let listed = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(sql)
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>(0).unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed("SELECT topic_code FROM expert_topics WHERE expert_id = $1 ORDER BY topic_code").await,
        ["labour_migration", "remittances"]
    );
    assert_eq!(
        listed("SELECT language || ':' || level FROM expert_languages WHERE expert_id = $1 ORDER BY language").await,
        ["fr:C1", "pt:C2"]
    );
    assert_eq!(listed("SELECT country_iso3 FROM expert_countries WHERE expert_id = $1").await, ["SEN"]);
    assert_eq!(
        listed("SELECT from_day || '/' || until_day FROM expert_unavailability WHERE expert_id = $1").await,
        ["2027-07-01/2027-08-31"]
    );
    assert_eq!(listed("SELECT policy_version FROM expert_consents WHERE expert_id = $1").await, ["2026-11"]);
    assert_eq!(listed("SELECT original_name FROM expert_cvs WHERE expert_id = $1").await, ["CV Ana.pdf"]);

    // The audit log records what happened to expert number `id`, never who they are.
    let audit = listed("SELECT action || ':' || to_state FROM audit_log WHERE record_type = 'expert' AND record_id = CAST($1 AS TEXT) ORDER BY id").await;
    assert_eq!(audit, ["submit:unverified", "confirm_address:active"]);
    let named = count(&app, "SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%Ana%' OR record_id LIKE '%ana@%'").await;
    assert_eq!(named, 0);
});

on_both_databases!(applying_again_with_an_address_on_the_roster_reveals_nothing, |app| {
    let application = fill_application(&app, "ana@example.org").await;
    app.post_form(&format!("{application}/consent"), CONSENT).await;

    // Someone applies with the same address (in other letters' case): the page says the
    // same as for anyone, the new application is not kept, and the address's owner is told.
    let second = fill_application(&app, "Ana@Example.org").await;
    let response = app.post_form(&format!("{second}/consent"), CONSENT).await;
    assert_eq!(location(&response), "/experts/apply/sent");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM expert_cvs").await, 1);
    let subject: String = sqlx::query("SELECT subject FROM outbox WHERE to_address = 'Ana@Example.org'")
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(subject, "You are already on the expert roster");
    // Its CV file was removed with it: the files folder holds the first CV only.
    let files = std::fs::read_dir(&app.settings.files_dir).unwrap().count();
    assert_eq!(files, 1);
});

on_both_databases!(bad_input_to_the_application_gets_clear_answers, |app| {
    // A nationality that is not a country, in French: 422 with the answers kept.
    let mut answers = identity("ana@example.org");
    answers[2] = ("nationality", "XXX");
    let response = app
        .client
        .post(format!("{}/experts/apply", app.address))
        .header("origin", &app.address)
        .header("accept-language", "fr")
        .form(&answers)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Choisissez l'une des options proposées") && page.contains(r#"value="Ana Exemplo""#));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts").await, 0, "nothing stored before the first step passes");

    // A step with problems is kept as typed.
    let response = app.post_form("/experts/apply", &identity("ana@example.org")).await;
    let application = location(&response).trim_end_matches("/profile").to_owned();
    let response = app
        .post_form(&format!("{application}/profile"), &[("years_experience", "many"), ("position", "Lecturer")])
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Enter a whole number from 0 to 60"));
    assert!(page.contains("at least one of English, French, Portuguese or Spanish"));
    assert!(page.contains(r#"value="Lecturer""#));

    // The CV must be a PDF, whatever its name, and is required before submitting.
    let response = app.upload_pdf(&format!("{application}/cv"), "cv", "cv.pdf", b"GIF89a not a pdf").await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains(r#"id="cv-error""#));
    let response = app.post_form(&format!("{application}/consent"), CONSENT).await;
    assert_eq!(response.status(), 422, "an incomplete application is not submitted");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts WHERE status = 'draft'").await, 1);

    // Links and steps that do not exist.
    for path in [
        "/experts/apply/0000/profile".to_owned(),
        format!("{application}/payment"),
        format!("/experts/apply/{}/profile", "a".repeat(64)),
        "/experts/confirm/not-a-token".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    assert_eq!(app.get(&format!("/experts/confirm/{}", "b".repeat(64))).await.status(), 410);

    // Far too big, or from another site.
    let huge = "x".repeat(server::routes::requests::FORM_BODY_LIMIT + 1);
    let response = app.post_form(&format!("{application}/profile"), &[("education", huge.as_str())]).await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains(r#"value="Lecturer""#), "earlier answers still there");
    let response = app
        .client
        .post(format!("{}/experts/apply", app.address))
        .header("origin", "https://evil.example")
        .form(&identity("victim@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
});

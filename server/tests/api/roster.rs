//! An expert's application to the roster through plain form posts, as a browser without
//! JavaScript makes it: steps, the CV, consent, the confirmation link, and hostile input.

use sqlx::Row;

use crate::helpers::{link_lifetime, location, TestApp, PDF};
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

/// Profiles other than the demo experts the test portal starts with (drafts have no address yet).
pub const NOT_DEMO_EXPERTS: &str =
    "SELECT COUNT(*) FROM experts WHERE email_key IS NULL OR email_key NOT LIKE '%@demo.invalid'";

pub const CONSENT: &[(&str, &str)] = &[("consent", "yes"), ("coi", "none"), ("action", "submit")];

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

/// `answers` with the fields of `overrides` replaced by theirs (all values of a field).
fn with<'a>(answers: &[(&'a str, &'a str)], overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<_> = answers.iter().filter(|(k, _)| !overrides.iter().any(|(o, _)| o == k)).copied().collect();
    out.extend_from_slice(overrides);
    out
}

/// Fills every step up to the last one (CV included); returns the application's path.
pub async fn fill_application(app: &TestApp, email: &str) -> String {
    fill_application_with(app, email, &[]).await
}

/// The same, with some answers of any step replaced.
pub async fn fill_application_with(app: &TestApp, email: &str, overrides: &[(&str, &str)]) -> String {
    let response = app.post_form("/experts/apply", &with(&identity(email), overrides)).await;
    assert_eq!(response.status(), 303);
    let next = location(&response);
    assert!(next.ends_with("/profile"), "{next}");
    let application = next.trim_end_matches("/profile").to_owned();
    for (step, answers, then) in [
        ("profile", PROFILE, "expertise"),
        ("expertise", EXPERTISE, "availability"),
        ("availability", AVAILABILITY, "cv"),
    ] {
        let response = app.post_form(&format!("{application}/{step}"), &with(answers, overrides)).await;
        assert_eq!(location(&response), format!("{application}/{then}"), "after {step}");
    }
    let response = app.upload_pdf(&format!("{application}/cv"), "cv", "CV Ana.pdf", PDF).await;
    assert_eq!(location(&response), format!("{application}/consent"));
    application
}

/// An expert on the roster (address confirmed unless `confirm` is false); returns their number.
pub async fn enrol(app: &TestApp, email: &str, overrides: &[(&str, &str)], confirm: bool) -> i64 {
    let application = fill_application_with(app, email, overrides).await;
    let response = app.post_form(&format!("{application}/consent"), CONSENT).await;
    assert_eq!(location(&response), "/experts/apply/sent");
    if confirm {
        let link = link_mailed_to(app, email).await;
        assert_eq!(app.post_form(&link, &[]).await.status(), 200);
    }
    sqlx::query("SELECT id FROM experts WHERE email_key = $1")
        .bind(email.to_lowercase())
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// The link in the newest e-mail to `to`.
pub async fn link_mailed_to(app: &TestApp, to: &str) -> String {
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
    assert_eq!(count(&app, NOT_DEMO_EXPERTS).await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM expert_cvs").await, 1);
    let subject: String = sqlx::query("SELECT subject FROM outbox WHERE to_address = 'Ana@Example.org'")
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(subject, "You are already on the expert roster");
    // Its CV file was removed with it: the files folder holds the first CV only.
    assert_eq!(crate::uploads::uploaded_files(&app).await.len(), 1);
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
    assert_eq!(count(&app, NOT_DEMO_EXPERTS).await, 0, "nothing stored before the first step passes");

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
    let huge = "x".repeat(server::policy::FORM_BODY_LIMIT + 1);
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

/// Applies and submits as `email` (the address left unconfirmed).
pub async fn submit_application(app: &TestApp, email: &str) {
    let application = fill_application(app, email).await;
    let response = app.post_form(&format!("{application}/consent"), CONSENT).await;
    assert_eq!(location(&response), "/experts/apply/sent");
}

/// Every text value in every table of the database, for checking what is left of someone.
async fn everything_stored(app: &TestApp) -> String {
    let pool = app.pool().await;
    let tables_sql = if app.settings.database_url.starts_with("sqlite:") {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    } else {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'"
    };
    let tables: Vec<String> =
        sqlx::query(tables_sql).fetch_all(&pool).await.unwrap().iter().map(|r| r.try_get(0).unwrap()).collect();
    let mut text = String::new();
    // sqlx's own record of migrations holds no data (and types Any cannot read).
    for table in tables.iter().filter(|t| !t.starts_with("_sqlx")) {
        for row in sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(&pool).await.unwrap() {
            for i in 0..sqlx::Row::len(&row) {
                if let Ok(Some(value)) = row.try_get::<Option<String>, _>(i) {
                    text.push_str(&value);
                    text.push('\n');
                }
            }
        }
    }
    text
}

on_both_databases!(an_expert_signs_in_by_link_edits_downloads_and_erases_the_profile, |app| {
    submit_application(&app, "ana@example.org").await;

    // Without a session the space sends the reader to sign in.
    for path in ["/experts/me", "/experts/me/data", "/experts/me/profile", "/experts/me/erase"] {
        assert_eq!(location(&app.get(path).await), "/experts/sign-in", "{path}");
    }
    assert_eq!(location(&app.post_form("/experts/me/erase", &[]).await), "/experts/sign-in");

    // Asking for a link says the same for an unknown address; only a profile's gets mail.
    let mails_before = count(&app, "SELECT COUNT(*) FROM outbox").await;
    for address in ["nobody@example.org", "ANA@example.org"] {
        let response = app.post_form("/experts/sign-in", &[("email", address)]).await;
        assert_eq!(location(&response), "/experts/sign-in?sent=1", "{address}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, mails_before + 1);
    let response = app.post_form("/experts/sign-in", &[("email", "not an address")]).await;
    assert_eq!(response.status(), 422);

    // The link opens a page with a button; pressing it signs in and confirms the address.
    // It goes to the address the profile stores, not to the one typed.
    let link = link_mailed_to(&app, "ana@example.org").await;
    assert!(link.starts_with("/experts/sign-in/"), "{link}");
    assert!(app.text(&link).await.contains("Open my profile"));
    let response = app.post_form(&link, &[]).await;
    assert_eq!(location(&response), "/experts/me");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("portal_expert=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert_eq!(app.post_form(&link, &[]).await.status(), 410, "a sign-in link works once");
    let sign_in_link = "SELECT created_at, expires_at FROM expert_links WHERE purpose = 'sign_in'";
    let lifetime = link_lifetime(&app, sign_in_link).await;
    assert_eq!(lifetime, time::Duration::minutes(10), "a sign-in link lasts 10 minutes");
    let status = "SELECT COUNT(*) FROM experts WHERE email_key = 'ana@example.org' AND status = 'active'";
    assert_eq!(count(&app, status).await, 1, "following the link confirmed the address");

    let page = app.get("/experts/me").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains("Ana Exemplo") && page.contains("Your profile is on the roster"));

    // Editing a part: checked like the application (a new address has a test of its own).
    let response =
        app.post_form("/experts/me/profile", &[("years_experience", "200"), ("position", "Professor")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains(r#"value="Professor""#));
    let mut profile = PROFILE.to_vec();
    profile[1] = ("position", "Professor of migration studies");
    assert_eq!(location(&app.post_form("/experts/me/profile", &profile).await), "/experts/me?saved=1");
    let mut changed_identity = identity("ana@example.org");
    changed_identity[0] = ("full_name", "Ana Maria Exemplo");
    assert_eq!(location(&app.post_form("/experts/me/identity", &changed_identity).await), "/experts/me?saved=1");
    let row = sqlx::query("SELECT position, full_name, email FROM experts WHERE email_key = 'ana@example.org'")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>(0).unwrap(), "Professor of migration studies");
    assert_eq!(row.try_get::<String, _>(1).unwrap(), "Ana Maria Exemplo");
    assert_eq!(row.try_get::<String, _>(2).unwrap(), "ana@example.org");

    // A new CV replaces the old one, on disk too.
    let new_cv = [PDF, b"%% updated"].concat();
    let response = app.upload_pdf("/experts/me/cv", "cv", "CV 2027.pdf", &new_cv).await;
    assert_eq!(location(&response), "/experts/me?saved=1");
    assert_eq!(crate::uploads::uploaded_files(&app).await.len(), 1);

    // Everything stored about her, at once.
    let response = app.get("/experts/me/data").await;
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip file");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("profile.json").unwrap(), &mut json).unwrap();
    let mut cv = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("cv/CV 2027.pdf").unwrap(), &mut cv).unwrap();
    assert_eq!(cv, new_cv);
    let export: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(export["answers"]["referee_email_1"][0], "referee@example.org");
    assert_eq!(export["tables"]["experts"][0]["full_name"], "Ana Maria Exemplo");
    assert_eq!(export["tables"]["expert_languages"].as_array().unwrap().len(), 2);
    assert_eq!(export["tables"]["expert_consents"][0]["policy_version"], "2026-11");
    assert!(export["tables"]["outbox"].as_array().unwrap().len() >= 2, "the e-mails sent to her");
    assert!(!json.contains("token_hash") && !json.contains("stored_name"), "no secrets' digests, no file paths");

    // Erasing: a confirmation page, then the profile, its files and its e-mails are gone.
    assert!(app.text("/experts/me/erase").await.contains("Erase my profile for good"));
    let response = app.post_form("/experts/me/erase", &[]).await;
    assert_eq!(location(&response), "/experts/erased");
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert!(app.text("/experts/erased").await.contains("Your profile is erased"));
    let left = everything_stored(&app).await.to_lowercase();
    for trace in ["ana@example.org", "ana exemplo", "ana maria exemplo", "referee@example.org", "cv 2027.pdf"] {
        assert!(!left.contains(trace), "{trace} is still stored");
    }
    assert_eq!(crate::uploads::uploaded_files(&app).await.len(), 0, "the CV file is gone");
    assert_eq!(count(&app, NOT_DEMO_EXPERTS).await, 0);
    assert_eq!(
        count(&app, "SELECT CAST(SUM(erased) AS BIGINT) FROM expert_erasures").await,
        1,
        "an anonymous count is kept"
    );
    assert_eq!(location(&app.get("/experts/me").await), "/experts/sign-in", "the session ended with it");
});

on_both_databases!(every_table_that_names_an_expert_is_exported_and_erased, |app| {
    let pool = app.pool().await;
    let sql = if app.settings.database_url.starts_with("sqlite:") {
        "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'expert_id'"
    } else {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'expert_id'"
    };
    let mut found: Vec<String> =
        sqlx::query(sql).fetch_all(&pool).await.unwrap().iter().map(|r| r.try_get(0).unwrap()).collect();
    found.push("experts".into());
    found.sort();
    let mut listed: Vec<String> = app::db::roster::PERSONAL_TABLES.iter().map(|(t, _)| (*t).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed, "a table naming experts is missing from the export (PERSONAL_TABLES)");
});

on_both_databases!(the_home_page_counts_the_roster_without_naming_anyone, |app| {
    let page = app.text("/").await;
    let roster = &page[page.find("The expert roster").expect("the roster's figures")..];
    // The demo roster: 8 experts, 4 women, 3 men, 1 who did not say.
    assert!(roster.contains("<dd>8</dd>"), "experts on the roster");
    assert!(roster.contains("<th scope=\"row\">Woman</th><td>4</td>"));
    assert!(roster.contains("<th scope=\"row\">Man</th><td>3</td>"));
    assert!(
        roster.contains("<th scope=\"row\">I prefer not to say</th><td>fewer than 3</td>"),
        "small groups are not counted out"
    );
    assert!(!page.contains("Aminata") && !page.contains("@demo.invalid"), "no personal data in public");
    // An application waiting for its address to be confirmed does not count.
    let application = fill_application(&app, "ana@example.org").await;
    app.post_form(&format!("{application}/consent"), CONSENT).await;
    let page = app.text("/").await;
    assert!(page[page.find("The expert roster").unwrap()..].contains("<dd>8</dd>"));
});

on_both_databases!(the_daily_upkeep_reminds_deactivates_and_erases_as_promised, |app| {
    let pool = app.pool().await;
    let upkeep = |days: i64| {
        let (pool, settings) = (pool.clone(), app.settings.clone());
        async move {
            let now = time::OffsetDateTime::now_utc() + time::Duration::days(days);
            server::jobs::roster_upkeep(&pool, &settings.retention, &settings.files_dir, "http://portal.test", now)
                .await
                .unwrap()
        }
    };
    let status_of = |email: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query("SELECT status FROM experts WHERE email_key = $1")
                .bind(email)
                .fetch_optional(&pool)
                .await
                .unwrap()
                .map(|r| r.try_get::<String, _>(0).unwrap())
        }
    };
    enrol(&app, "ana@example.org", &[], true).await;
    enrol(&app, "eve@example.org", &[], true).await;
    enrol(&app, "bob@example.org", &[], false).await;
    let response = app.post_form("/experts/apply", &identity("dina@example.org")).await;
    assert_eq!(response.status(), 303, "Dina starts an application and leaves it");

    // A week on, Bob's confirmation link has expired: his application is gone.
    upkeep(8).await;
    assert_eq!(status_of("bob@example.org").await, None);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts WHERE status = 'draft'").await, 1);
    // A month on, Dina's unfinished application is gone too.
    upkeep(31).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts WHERE status = 'draft'").await, 0);

    // Two years without an update: a reminder, then, a month later, the profile is set aside.
    assert!(upkeep(731).await.reminded >= 2);
    let subject: String =
        sqlx::query("SELECT subject FROM outbox WHERE to_address = 'ana@example.org' ORDER BY id DESC")
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(subject, "Is your expert profile still up to date?");
    assert_eq!(upkeep(731).await.reminded, 0, "one reminder only");
    assert_eq!(status_of("ana@example.org").await.as_deref(), Some("active"));
    assert!(upkeep(762).await.deactivated >= 2);
    assert_eq!(status_of("ana@example.org").await.as_deref(), Some("inactive"));

    // Ana comes back and updates her profile: on the roster again.
    let response = app.post_form("/experts/sign-in", &[("email", "ana@example.org")]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1", "an inactive profile can sign in");
    let link = link_mailed_to(&app, "ana@example.org").await;
    assert_eq!(location(&app.post_form(&link, &[]).await), "/experts/me");
    assert_eq!(location(&app.post_form("/experts/me/profile", PROFILE).await), "/experts/me?saved=1");
    assert_eq!(status_of("ana@example.org").await.as_deref(), Some("active"));

    // Eve never came back: a year after she was set aside, her profile is erased.
    upkeep(762 + 366).await;
    assert_eq!(status_of("eve@example.org").await, None);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE to_address = 'eve@example.org'").await, 0);
    assert_eq!(status_of("ana@example.org").await.as_deref(), Some("active"));

    // Several instances: only one runs the upkeep on a given day.
    let today = time::OffsetDateTime::now_utc() + time::Duration::days(5000);
    assert!(server::jobs::claim_today(&pool, today).await.unwrap());
    assert!(!server::jobs::claim_today(&pool, today).await.unwrap());
});

on_both_databases!(an_expert_changes_the_address_through_a_link_sent_to_the_new_one, |app| {
    enrol(&app, "ana@example.org", &[], true).await;
    enrol(&app, "ben@example.org", &[("full_name", "Ben Sample")], true).await;
    let response = app.post_form("/experts/sign-in", &[("email", "ana@example.org")]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    let link = link_mailed_to(&app, "ana@example.org").await;
    assert_eq!(location(&app.post_form(&link, &[]).await), "/experts/me");

    // A bad new address is refused next to the field; a good one waits for its link.
    let mut answers = identity("not an address");
    let response = app.post_form("/experts/me/identity", &answers).await;
    assert_eq!(response.status(), 422);
    answers[1] = ("email", "ana.new@example.org");
    assert_eq!(location(&app.post_form("/experts/me/identity", &answers).await), "/experts/me?saved=address");
    assert!(app.text("/experts/me?saved=address").await.contains("we have sent a link to it"));
    let key = "SELECT email_key FROM experts WHERE full_name = 'Ana Exemplo'";
    let stored = |pool: app::db::Pool| async move {
        sqlx::query(key).fetch_one(&pool).await.unwrap().try_get::<String, _>(0).unwrap()
    };
    assert_eq!(stored(app.pool().await).await, "ana@example.org", "unchanged until confirmed");

    let change = link_mailed_to(&app, "ana.new@example.org").await;
    assert!(change.starts_with("/experts/address/"), "{change}");
    assert!(app.text(&change).await.contains("Use this address"));
    assert_eq!(app.post_form(&change, &[]).await.status(), 200);
    assert_eq!(stored(app.pool().await).await, "ana.new@example.org");
    assert_eq!(app.post_form(&change, &[]).await.status(), 410, "the link works once");
    assert!(app.text("/experts/me").await.contains("ana.new@example.org"));

    // An address another profile has is not taken over.
    answers[1] = ("email", "ben@example.org");
    app.post_form("/experts/me/identity", &answers).await;
    let change = link_mailed_to(&app, "ben@example.org").await;
    assert!(change.starts_with("/experts/address/"), "{change}");
    let response = app.post_form(&change, &[]).await;
    assert_eq!(response.status(), 409);
    assert_eq!(stored(app.pool().await).await, "ana.new@example.org");
});

// Found in an attack review: a sign-in link went to the address as typed, matched to a
// profile after Unicode lowercasing, so `\u{212a}im@example.org` (a Kelvin sign) got the link
// to `kim@example.org`'s profile.
on_both_databases!(a_sign_in_link_goes_only_to_the_address_the_profile_stores, |app| {
    submit_application(&app, "kim@example.org").await;
    let lookalike = "\u{212a}im@example.org";
    let response = app.post_form("/experts/sign-in", &[("email", lookalike)]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    let to_lookalike =
        "SELECT COUNT(*) FROM outbox WHERE to_address <> 'kim@example.org' AND body LIKE '%/experts/sign-in/%'";
    assert_eq!(count(&app, to_lookalike).await, 0, "no sign-in link to the address typed");
    assert!(link_mailed_to(&app, "kim@example.org").await.starts_with("/experts/sign-in/"), "the owner got it");
    let links_to_kim =
        "SELECT COUNT(*) FROM outbox WHERE to_address = 'kim@example.org' AND body LIKE '%/experts/sign-in/%'";
    assert_eq!(count(&app, links_to_kim).await, 1);
    // Compared after NFKC case folding: full-width letters are the same address too.
    let response = app.post_form("/experts/sign-in", &[("email", "ＫＩＭ@ｅｘａｍｐｌｅ.ｏｒｇ")]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    assert_eq!(count(&app, links_to_kim).await, 2, "the owner got a second link");
    assert_eq!(count(&app, to_lookalike).await, 0);
});

// Keys stored before NFKC folding (plain lower-casing left full-width letters as they were)
// are brought up to date when the portal starts, so their owners can still sign in.
on_both_databases!(addresses_keyed_before_nfkc_folding_are_rekeyed_at_start, |app| {
    submit_application(&app, "kim@example.org").await;
    let pool = app.pool().await;
    sqlx::query("UPDATE experts SET email_key = 'ｋｉｍ@example.org' WHERE email_key = 'kim@example.org'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(app::db::addresses::rekey_addresses(&pool).await.unwrap(), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM experts WHERE email_key = 'kim@example.org'").await, 1);
    assert_eq!(app::db::addresses::rekey_addresses(&pool).await.unwrap(), 0, "once");
    let response = app.post_form("/experts/sign-in", &[("email", "Kim@example.org")]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    assert!(link_mailed_to(&app, "kim@example.org").await.starts_with("/experts/sign-in/"));
});

/// The raw bytes of the SQLite database file and of its WAL.
fn database_file_bytes(app: &TestApp) -> Vec<u8> {
    let url = &app.settings.database_url;
    let path = url.trim_start_matches("sqlite://").split('?').next().unwrap().to_owned();
    let mut bytes = std::fs::read(&path).expect("the database file");
    bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    bytes
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|window| window == text.as_bytes())
}

// Found in an attack review: after an erasure a logical dump was clean, but the SQLite file's
// deleted cells, free pages and WAL still held the expert's name, address and referees.
// SQLite only: PostgreSQL's files belong to its server (docs/SECURITY.md says what stays there).
#[tokio::test]
async fn an_erased_profile_leaves_no_trace_in_the_database_files() {
    let Some(app) = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite).await else { return };
    let (name, email, referee) = ("Zebediah Quillfeather", "zq-erase@example.org", "Ottoline Marshwood");
    enrol(&app, email, &[("full_name", name), ("referee_name_1", referee)], true).await;
    let response = app.post_form("/experts/sign-in", &[("email", email)]).await;
    assert_eq!(location(&response), "/experts/sign-in?sent=1");
    let link = link_mailed_to(&app, email).await;
    assert_eq!(location(&app.post_form(&link, &[]).await), "/experts/me");
    let before = database_file_bytes(&app);
    assert!(holds(&before, name) && holds(&before, email) && holds(&before, referee), "stored before");

    let response = app.post_form("/experts/me/erase", &[]).await;
    assert_eq!(location(&response), "/experts/erased");
    let after = database_file_bytes(&app);
    for trace in [name, email, referee] {
        assert!(!holds(&after, trace), "{trace} is still in the database's files");
    }
}

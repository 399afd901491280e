//! The technical-assistance request journey through plain form posts, as a browser without
//! JavaScript makes it: steps, drafts, submission, receipt, tracking, and hostile input.

use sqlx::Row;

use crate::helpers::{location, TestApp, PDF};
use crate::on_both_databases;

pub const INSTITUTION: &[(&str, &str)] = &[
    ("requester_type", "government"),
    ("country", "SEN"),
    ("institution", "Ministry of the Interior"),
    ("department", "Directorate of Migration"),
    ("official_name", "A. Director"),
    ("official_position", "Director General"),
    ("official_email", "director@example.org"),
    ("work_language", "fr"),
    ("action", "next"),
];

pub const FOCAL_POINT: &[(&str, &str)] = &[
    ("focal_name", "Focal Example"),
    ("focal_position", "Policy officer"),
    ("focal_email", "focal@example.org"),
    ("focal_phone", "+221 33 000 00 00"),
    ("action", "next"),
];

const LONG: &str = "The ministry needs support to draft regulations for its new labour migration policy.";

pub fn details() -> Vec<(&'static str, &'static str)> {
    vec![
        ("topics", "labour_migration"),
        ("topics", "remittances"),
        ("typology", "capacity_building"),
        ("background", LONG),
        ("objectives", LONG),
        ("expected_results", LONG),
        ("beneficiaries", LONG),
        ("preferred_start", "2027-03"),
        ("action", "next"),
    ]
}

/// Walks the first three steps; returns the draft's path (`/requests/draft/{token}`).
pub async fn fill_draft(app: &TestApp) -> String {
    let response = app.post_form("/requests/new", INSTITUTION).await;
    assert_eq!(response.status(), 303);
    let focal_step = location(&response);
    assert!(focal_step.ends_with("/focal-point"), "{focal_step}");
    let draft = focal_step.trim_end_matches("/focal-point").to_owned();
    let response = app.post_form(&focal_step, FOCAL_POINT).await;
    assert_eq!(location(&response), format!("{draft}/request"));
    let response = app.post_form(&format!("{draft}/request"), &details()).await;
    assert_eq!(location(&response), format!("{draft}/attachments"));
    draft
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&app.pool().await).await.expect("count").try_get(0).expect("number")
}

/// Submits a complete request; returns its reference and tracking page path.
pub async fn submit_request(app: &TestApp) -> (String, String) {
    let draft = fill_draft(app).await;
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = app.text(&tracking).await;
    let start = page.find("TA-").expect("reference on the tracking page");
    (page[start..start + 12].to_owned(), tracking)
}

/// The endorsement links the officials of request `reference` were e-mailed, newest last
/// (paths, `/requests/endorse/{token}`).
pub async fn endorsement_links(app: &TestApp, reference: &str) -> Vec<String> {
    sqlx::query("SELECT body FROM outbox WHERE about = $1 ORDER BY id")
        .bind(format!("ta_request:{reference}"))
        .fetch_all(&app.pool().await)
        .await
        .expect("outbox")
        .iter()
        .filter_map(|row| {
            let body: String = row.try_get(0).ok()?;
            let start = body.find("/requests/endorse/")?;
            Some(body[start..].split_whitespace().next()?.to_owned())
        })
        .collect()
}

/// Every official of request `reference` endorses it through their e-mailed link.
pub async fn endorse_all(app: &TestApp, reference: &str) {
    for link in endorsement_links(app, reference).await {
        assert_eq!(app.post_form(&link, &[]).await.status(), 303, "{link}");
    }
}

on_both_databases!(a_ministry_reading_portuguese_gets_its_receipt_and_tracking_page_in_portuguese, |app| {
    assert_eq!(app.get("/language/pt?next=/requests/new").await.status(), 303);
    let (reference, tracking) = submit_request(&app).await;
    let page = app.text(&tracking).await;
    assert!(page.contains("<html lang=\"pt\"") && page.contains("Etapa atual"), "tracking page in Portuguese");
    let pool = app.pool().await;
    let receipt = sqlx::query("SELECT subject, body FROM outbox WHERE about = $1 AND to_address = 'focal@example.org'")
        .bind(format!("ta_request:{reference}"))
        .fetch_one(&pool)
        .await
        .expect("receipt in the outbox");
    assert_eq!(receipt.try_get::<String, _>(0).unwrap(), format!("Pedido {reference} recebido"));
    let body: String = receipt.try_get(1).unwrap();
    assert!(
        body.starts_with("Bom dia,") && body.contains("Instituição requerente: Ministry of the Interior"),
        "{body}"
    );
});

on_both_databases!(a_ministry_submits_and_follows_its_request, |app| {
    let requests_before = count(&app, "SELECT COUNT(*) FROM ta_requests").await;
    let form = app.text("/requests/new").await;
    assert!(form.contains(r#"action="/requests/new""#) && form.contains(r#"name="requester_type""#));

    let draft = fill_draft(&app).await;
    let review = app.text(&format!("{draft}/review")).await;
    for answer in ["Ministry of the Interior", "Senegal", "focal@example.org", "Labour migration", "2027-03"] {
        assert!(review.contains(answer), "review shows {answer}");
    }

    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 303);
    let tracking = location(&response);
    assert!(tracking.starts_with("/requests/track/") && tracking.ends_with("?submitted=1"), "{tracking}");

    let year = &server::now_rfc3339()[..4];
    // Numbers run on from the demo requests of the year.
    let reference = format!("TA-{year}-{:04}", requests_before + 1);
    let page = app.get(&tracking).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains(&reference), "reference on the tracking page");
    assert!(page.contains("Your request has been received"));
    assert!(page.contains("regional coordinator for West Africa"), "the file is held by the region's coordinator");
    assert!(page.contains(r#"aria-current="step""#));

    let pool = app.pool().await;
    let row =
        sqlx::query("SELECT stage, region_code, country_iso3, organisation_code FROM ta_requests WHERE reference = $1")
            .bind(&reference)
            .fetch_one(&pool)
            .await
            .expect("stored request");
    assert_eq!(row.try_get::<String, _>(0).unwrap(), "submitted");
    assert_eq!(row.try_get::<String, _>(1).unwrap(), "West Africa");
    assert_eq!(row.try_get::<Option<String>, _>(2).unwrap().as_deref(), Some("SEN"));
    assert_eq!(row.try_get::<Option<String>, _>(3).unwrap(), None);
    let topics = format!("SELECT COUNT(*) FROM ta_request_topics t JOIN ta_requests r ON r.id = t.request_id WHERE r.reference = '{reference}'");
    assert_eq!(count(&app, &topics).await, 2);

    let mails = sqlx::query("SELECT to_address, subject, body FROM outbox WHERE about = $1 ORDER BY id")
        .bind(format!("ta_request:{reference}"))
        .fetch_all(&pool)
        .await
        .expect("the outbox");
    // The accountable official is asked to endorse it; the focal point gets the receipt.
    let to: Vec<String> = mails.iter().map(|m| m.try_get(0).unwrap()).collect();
    assert_eq!(to, ["director@example.org", "focal@example.org"]);
    let endorsement: String = mails[0].try_get(2).unwrap();
    assert!(endorsement.contains("http://portal.test/requests/endorse/"), "{endorsement}");
    let receipt = &mails[1];
    let body: String = receipt.try_get(2).unwrap();
    // The requester chose no language, so the receipt is in English; the link is absolute.
    let link = format!("http://portal.test{}", tracking.trim_end_matches("?submitted=1"));
    assert!(body.contains(&reference) && body.contains(&link), "{body}");

    let audited =
        count(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'submit' AND record_id = '{reference}'"))
            .await;
    assert_eq!(audited, 1);

    // The second request of the year gets the next number.
    let second = fill_draft(&app).await;
    let response = app.post_form(&format!("{second}/review"), &[("action", "submit")]).await;
    let page = app.text(&location(&response)).await;
    assert!(page.contains(&format!("TA-{year}-{:04}", requests_before + 2)));
});

on_both_databases!(a_step_with_problems_comes_back_with_everything_typed, |app| {
    let drafts_before = count(&app, "SELECT COUNT(*) FROM ta_drafts").await;
    let response = app
        .post_form(
            "/requests/new",
            &[
                ("requester_type", "government"),
                ("country", "FRA"),
                ("institution", "<script>alert('x')</script> Ministry"),
                ("official_position", "Director"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Only ACP member states can request assistance"), "country error");
    assert!(page.contains("This answer is required."), "missing official name");
    assert!(page.contains(r#"aria-invalid="true""#));
    assert!(page.contains(r#"id="official_name-error""#));
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ministry")
            || page.contains("&lt;script&gt;alert('x')&lt;/script&gt; Ministry")
    );
    assert!(!page.contains("<script>alert"), "stored text is escaped");
    assert!(page.contains(r#"value="Director""#), "what was typed is kept");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM ta_drafts").await,
        drafts_before,
        "nothing stored before step 1 passes"
    );
});

on_both_databases!(a_later_step_keeps_invalid_answers_in_the_draft, |app| {
    let response = app.post_form("/requests/new", INSTITUTION).await;
    let focal_step = location(&response);
    let response = app
        .post_form(
            &focal_step,
            &[("focal_name", "Focal Example"), ("focal_email", "not-an-address"), ("action", "next")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Enter an e-mail address"));
    // Reopening the step later shows the same answers: they were saved with the problem.
    let again = app.text(&focal_step).await;
    assert!(again.contains(r#"value="not-an-address""#) && again.contains(r#"value="Focal Example""#));
});

on_both_databases!(a_saved_draft_is_resumed_through_the_emailed_link, |app| {
    let response = app.post_form("/requests/new", INSTITUTION).await;
    let focal_step = location(&response);
    let draft = focal_step.trim_end_matches("/focal-point").to_owned();
    let response = app
        .post_form(
            &focal_step,
            &[("focal_name", "Focal Example"), ("focal_email", "focal@example.org"), ("action", "save")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Your draft is saved.") && page.contains("focal@example.org"));

    let pool = app.pool().await;
    let body: String = sqlx::query("SELECT body FROM outbox WHERE to_address = 'focal@example.org'")
        .fetch_one(&pool)
        .await
        .expect("resume link e-mailed")
        .try_get(0)
        .unwrap();
    let link = format!("http://portal.test{draft}");
    assert!(body.contains(&link), "{body}");

    let response = app.get(&draft).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{draft}/review"));
    let review = app.text(&format!("{draft}/review")).await;
    assert!(review.contains("The request is not complete yet"), "the review lists what is missing");
    assert!(review.contains("Focal Example"));
});

on_both_databases!(hostile_and_replayed_posts_get_clear_answers, |app| {
    let drafts_before = count(&app, "SELECT COUNT(*) FROM ta_drafts").await;
    // Someone else's site posting into the portal.
    let response = app
        .client
        .post(format!("{}/requests/new", app.address))
        .header("origin", "https://evil.example")
        .form(INSTITUTION)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("sent from another site"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_drafts").await, drafts_before);

    // Unknown or malformed secret links and steps.
    for path in
        ["/requests/draft/0000/review", "/requests/track/not-a-token", &format!("/requests/track/{}", "a".repeat(64))]
    {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let draft = fill_draft(&app).await;
    assert_eq!(app.get(&format!("{draft}/payment")).await.status(), 404);

    // A body far bigger than any real form is refused before it is read.
    let huge = "x".repeat(server::policy::FORM_BODY_LIMIT + 1);
    let response = app.post_form(&format!("{draft}/request"), &[("background", huge.as_str())]).await;
    assert_eq!(response.status(), 413);
    let page = response.text().await.unwrap();
    assert!(page.contains("far longer than any answer allows"), "the step says why");
    assert!(page.contains(r#"value="2027-03""#), "the step page, with the answers saved before");
    let response = app.post_form("/requests/new", &[("institution", huge.as_str())]).await;
    assert_eq!(response.status(), 413);

    // Bytes that are not UTF-8 are shown back, not a server error.
    let response = app
        .client
        .post(format!("{}/requests/new", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("institution=%FF%FE&requester_type=%00")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);

    // Submitting twice (a double click, a replayed post) makes one request.
    let requests_before = count(&app, "SELECT COUNT(*) FROM ta_requests").await;
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 303);
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("This draft has been submitted as request TA-"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests").await, requests_before + 1);
});

on_both_databases!(the_audit_log_refuses_changes, |app| {
    let draft = fill_draft(&app).await;
    app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let entries = count(&app, "SELECT COUNT(*) FROM audit_log").await;
    assert!(entries > 0);
    let pool = app.pool().await;
    assert!(sqlx::query("UPDATE audit_log SET actor = 'someone else'").execute(&pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(&pool).await.is_err());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log").await, entries);
});

on_both_databases!(the_demo_holds_requests_at_several_stages, |app| {
    let pool = app.pool().await;
    let stages: Vec<String> = sqlx::query("SELECT DISTINCT stage FROM ta_requests ORDER BY stage")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "baseline_assessment",
            "completed",
            "concept_note",
            "declined",
            "joined",
            "submitted",
            "ta_fiche",
            "ta_intervention"
        ]
    );
    // The requests past the baseline hold one, with its public report on file, and those past
    // the intervention's start activities carried out and an output.
    let documents = |stage: &str, past: &str| {
        format!(
            "SELECT COUNT(*) FROM ta_documents d JOIN ta_requests r ON r.id = d.request_id
             WHERE d.stage = '{stage}' AND d.public = 1 AND r.stage IN ({past})"
        )
    };
    let past_baseline = "'baseline_assessment', 'ta_intervention', 'completed'";
    assert_eq!(count(&app, &documents("baseline_assessment", past_baseline)).await, 4);
    assert_eq!(count(&app, &documents("ta_intervention", "'ta_intervention', 'completed'")).await, 3);
    let held = "SELECT COUNT(DISTINCT a.request_id) FROM ta_activities_held h
                JOIN ta_fiche_activities a ON a.id = h.activity_id";
    assert_eq!(count(&app, held).await, 3);
    // Each TA's output is its own (Haiti's strategy, Kenya's booklet, Nigeria's guidelines).
    let booklet =
        "SELECT COUNT(*) FROM ta_documents WHERE title = 'Booklet: diaspora remittances and investment (demo)'";
    assert_eq!(count(&app, booklet).await, 1);
    // The completed ones hold their results, their lessons and their requester's assessment.
    let completed = |table: &str| {
        format!("SELECT COUNT(*) FROM {table} t JOIN ta_requests r ON r.id = t.request_id WHERE r.stage = 'completed'")
    };
    assert_eq!(count(&app, &completed("ta_lessons")).await, 2);
    assert_eq!(count(&app, &completed("ta_assessments")).await, 2);
    let unresulted = "SELECT COUNT(*) FROM ta_fiche_indicators i JOIN ta_fiche_results f ON f.id = i.result_id
                      JOIN ta_requests r ON r.id = f.request_id WHERE r.stage = 'completed'
                      AND NOT EXISTS (SELECT 1 FROM ta_indicator_results o WHERE o.indicator_id = i.id)";
    assert_eq!(count(&app, unresulted).await, 0, "every indicator has its result");
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT stored_name FROM ta_documents").fetch_all(&pool).await.unwrap();
    assert!(stored.iter().all(|name| app.settings.files_dir.join(name).is_file()), "every report's file is there");
    let withheld =
        "SELECT COUNT(*) FROM interventions i JOIN ta_requests r ON r.intervention_id = i.id WHERE i.publishable = 0";
    assert_eq!(count(&app, withheld).await, 1, "the completed one is recorded for staff only");
    // The one at the intervention stage is on the map as ongoing, its page and its IATI
    // activity showing its work.
    let ongoing = "SELECT i.slug FROM interventions i JOIN ta_requests r ON r.intervention_id = i.id
                   WHERE i.publishable = 1 AND i.status_code = 'ongoing' AND r.stage = 'ta_intervention'";
    let slug: String = sqlx::query_scalar(ongoing).fetch_one(&pool).await.unwrap();
    let page = app.text(&format!("/interventions/{slug}")).await;
    assert!(page.contains("National strategy against trafficking in persons, Haiti (demo)"));
    assert!(page.contains("The technical assistance, stage by stage"));
    let iati = app.text("/api/v1/iati/activities.xml?country=HTI").await;
    let activity = crate::iati::activity_of(&iati, &slug);
    assert!(activity.contains(r#"<activity-status code="2"/>"#) && activity.contains("<baseline "), "{activity}");
    let staff = count(&app, "SELECT COUNT(*) FROM staff_users").await;
    assert_eq!(staff, 0, "no demo staff account unless PORTAL_DEMO_STAFF asks for them");
});

pub async fn upload(app: &TestApp, draft: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    app.upload_pdf(&format!("{draft}/attachments"), "letter", name, bytes).await
}

on_both_databases!(a_request_letter_is_kept_only_when_it_is_really_a_pdf, |app| {
    let draft = fill_draft(&app).await;
    assert_eq!(app.get(&format!("{draft}/attachments")).await.status(), 200);

    // A PNG named like a PDF is refused by its content, with the message next to the field.
    let response = upload(&app, &draft, "letter.pdf", b"\x89PNG\r\n\x1a\n not a pdf").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("this file is not one") && page.contains(r#"id="letter-error""#));

    let response = upload(&app, &draft, "C:\\scans\\Lettre officielle.pdf", PDF).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{draft}/review"));
    assert!(app.text(&format!("{draft}/review")).await.contains("Attached: Lettre officielle.pdf"));

    // Submitted, the letter goes with the request; only staff covering it can download it.
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let page = app.text(&location(&response)).await;
    let start = page.find("TA-").unwrap();
    let reference = page[start..start + 12].to_owned();
    let detail = format!("/staff/requests/{reference}");
    let waf = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;
    let page = waf.get(format!("{}{detail}", app.address)).send().await.unwrap().text().await.unwrap();
    let link_start = page.find(&format!("{detail}/attachments/")).expect("the letter is listed");
    let link: String = page[link_start..].chars().take_while(|c| *c != '"').collect();
    let download = waf.get(format!("{}{link}", app.address)).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let pacific = app.staff_client("pac@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(pacific.get(format!("{}{link}", app.address)).send().await.unwrap().status(), 404);
    assert_eq!(app.new_client().get(format!("{}{link}", app.address)).send().await.unwrap().status(), 303);
});

on_both_databases!(the_requester_reads_back_every_answer_and_the_letter_on_the_tracking_page, |app| {
    let draft = fill_draft(&app).await;
    assert_eq!(upload(&app, &draft, "Lettre officielle.pdf", PDF).await.status(), 303);
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = app.text(&tracking).await;
    assert!(page.contains("The request as sent"));
    for (_, answer) in INSTITUTION
        .iter()
        .chain(FOCAL_POINT)
        .filter(|(field, _)| !["action", "requester_type", "country", "work_language"].contains(field))
    {
        assert!(page.contains(answer), "the tracking page shows {answer}");
    }
    assert!(page.contains("Senegal") && page.contains(LONG) && page.contains("2027-03"));
    assert!(page.contains("Labour migration") && page.contains("Remittances"), "topics by name");
    let link_start = page.find(&format!("{tracking}/attachments/")).expect("the letter is listed");
    let link: String = page[link_start..].chars().take_while(|c| *c != '"').collect();
    let download = app.get(&link).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    // Another request's link does not reach this letter, nor does a made-up one.
    let (_, other_tracking) = submit_request(&app).await;
    let id = link.rsplit('/').next().unwrap();
    assert_eq!(app.get(&format!("{other_tracking}/attachments/{id}")).await.status(), 404);
    assert_eq!(app.get(&format!("/requests/track/{}/attachments/{id}", "A".repeat(43))).await.status(), 404);
    assert_eq!(app.get(&format!("{tracking}/attachments/not-a-number")).await.status(), 400);
});

// Found in an attack review: 60 presses of "save and e-mail me the link" sent 60 messages to
// an address the attacker typed.
on_both_databases!(save_and_email_the_link_is_counted_per_draft_and_per_recipient, |app| {
    let victim = "victim@example.org";
    let mails = format!("SELECT COUNT(*) FROM outbox WHERE to_address = '{victim}'");
    let mut drafts = Vec::new();
    for _ in 0..3 {
        let response = app.post_form("/requests/new", INSTITUTION).await;
        drafts.push(location(&response));
    }
    let mut sent_per_draft = Vec::new();
    for (i, focal_step) in drafts.iter().enumerate() {
        let before = count(&app, &mails).await;
        for press in 0..4 {
            let name = format!("Focal {i}-{press}");
            let fields = [("focal_name", name.as_str()), ("focal_email", victim), ("action", "save")];
            let response = app.post_form(focal_step, &fields).await;
            assert_eq!(response.status(), 200, "saved with the answers");
            let page = response.text().await.unwrap();
            assert!(page.contains("Your draft is saved."));
            // What was typed is kept whether or not the link was mailed.
            assert!(app.text(focal_step).await.contains(&format!(r#"value="{name}""#)));
        }
        sent_per_draft.push(count(&app, &mails).await - before);
    }
    assert_eq!(sent_per_draft, [3, 2, 0], "3 per draft, 5 per recipient in an hour");
    let over = app.post_form(&drafts[2], &[("focal_email", victim), ("action", "save")]).await;
    let page = over.text().await.unwrap();
    assert!(page.contains(&format!("The link was not e-mailed to {victim} this time")), "the page says so");
});

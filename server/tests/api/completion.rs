//! Completing a TA: while the intervention runs, staff record each fiche indicator's achieved
//! value (or why it could not be measured) and the lessons learned, and the request is
//! completed only once both are there; the requester reads the results on the tracking page
//! and, once completed, assesses the TA there, the staff holding it told by a counted e-mail.
//! A later request of the same country is linked to the completed one it follows up. A TA is
//! on the map from its intervention on, its public page and its IATI activity showing its
//! work without names.

use crate::baseline::{upload_document, REPORT};
use crate::fiche::{error_by, marked_invalid, move_to};
use crate::helpers::{location, TestApp};
use crate::iati::{activity_of, iati_standard, validate};
use crate::intervention::{at_intervention, record_an_activity};
use crate::on_both_databases;
use crate::requests::{count, submit_request};
use crate::staff::{get, post};

const LESSONS: &str = "Drafting with the legal unit in the room saved a round of comments; start it earlier.";

async fn post_part(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    part: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/completion/{part}"), fields).await
}

/// The id of the request's first indicator.
async fn first_indicator_id(app: &TestApp, reference: &str) -> String {
    let sql = format!(
        "SELECT MIN(i.id) FROM ta_fiche_indicators i JOIN ta_fiche_results f ON f.id = i.result_id
         JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await.to_string()
}

/// Records the fiche's indicator's achieved value and the lessons, so that the request can be
/// completed once an activity is recorded too.
pub async fn write_results_and_lessons(app: &TestApp, staff: &reqwest::Client, reference: &str) {
    let indicator = first_indicator_id(app, reference).await;
    let result = [
        ("for_indicator", indicator.as_str()),
        ("achieved_value", "1"),
        ("achieved_on", "2026-11-20"),
        ("achieved_source", "Official gazette"),
    ];
    assert_eq!(post_part(app, staff, reference, "results", &result).await.status(), 303);
    assert_eq!(post_part(app, staff, reference, "lessons", &[("lessons", LESSONS)]).await.status(), 303);
}

/// A request taken all the way to completed: (reference, tracking link, staff client).
async fn completed(app: &TestApp, email: &str) -> (String, String, reqwest::Client) {
    let (reference, tracking, staff) = at_intervention(app, email).await;
    record_an_activity(app, &staff, &reference).await;
    write_results_and_lessons(app, &staff, &reference).await;
    assert_eq!(move_to(app, &staff, &reference, "ta_intervention", "completed").await.status(), 303);
    (reference, tracking, staff)
}

on_both_databases!(staff_record_results_and_lessons_and_completion_waits_for_them, |app| {
    let (reference, tracking, staff) = at_intervention(&app, "unit-completion@example.org").await;
    record_an_activity(&app, &staff, &reference).await;
    let page_path = format!("/staff/requests/{reference}/completion");
    let request_page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(request_page.contains(&format!(r#"href="{page_path}""#)), "the request's page links to it");
    let refused = move_to(&app, &staff, &reference, "ta_intervention", "completed").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("once each indicator of the TA fiche has its achieved value"));
    let page = get(&app, &staff, &page_path).await.text().await.unwrap();
    assert!(page.contains("Regulations drafted") && page.contains("Not recorded yet"));

    // Problems by their fields, what was typed kept.
    let indicator = first_indicator_id(&app, &reference).await;
    let neither = post_part(&app, &staff, &reference, "results", &[("for_indicator", indicator.as_str())]).await;
    assert_eq!(neither.status(), 422);
    let page = neither.text().await.unwrap();
    assert!(error_by(&page, "achieved_value").starts_with("Give either the value reached"), "{page}");
    let bare = [("for_indicator", indicator.as_str()), ("achieved_value", "3"), ("achieved_on", "2099-01-01")];
    let page = post_part(&app, &staff, &reference, "results", &bare).await.text().await.unwrap();
    assert_eq!(error_by(&page, "achieved_on"), "Enter a day that has passed, or today.");
    assert!(marked_invalid(&page, "achieved_source"));
    assert!(page.contains(r#"value="3""#), "typed value kept");
    let other = [("for_indicator", "999999"), ("unmeasured_reason", "Not yet")];
    assert_eq!(post_part(&app, &staff, &reference, "results", &other).await.status(), 422);

    // A reason first, then a value in its place; the audit keeps both.
    let reason = [("for_indicator", indicator.as_str()), ("unmeasured_reason", "The gazette has not printed it yet.")];
    let saved = post_part(&app, &staff, &reference, "results", &reason).await;
    assert_eq!(location(&saved), format!("{page_path}?done=completion"));
    let value = [
        ("for_indicator", indicator.as_str()),
        ("achieved_value", "1"),
        ("achieved_on", "2026-11-20"),
        ("achieved_source", "Official gazette"),
    ];
    assert_eq!(post_part(&app, &staff, &reference, "results", &value).await.status(), 303);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM ta_indicator_results WHERE indicator_id = {indicator}")).await,
        1
    );
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action = 'completion_result'
         AND from_state LIKE '%not measured: The gazette%' AND to_state LIKE '%1 (2026-11-20; Official gazette)'"
    );
    assert_eq!(count(&app, &audited).await, 1, "the audit keeps the result before and after");
    let still = move_to(&app, &staff, &reference, "ta_intervention", "completed").await;
    assert_eq!(still.status(), 409, "the lessons are missing");

    let short = post_part(&app, &staff, &reference, "lessons", &[("lessons", "Few.")]).await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains(">Few.</textarea>"));
    assert_eq!(post_part(&app, &staff, &reference, "lessons", &[("lessons", LESSONS)]).await.status(), 303);

    // Staff of another region see none of it; the requester reads it.
    let pacific = app.staff_client("pac-completion@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(get(&app, &pacific, &page_path).await.status(), 404);
    assert_eq!(post_part(&app, &pacific, &reference, "lessons", &[("lessons", LESSONS)]).await.status(), 404);
    let tracking_page = app.text(&tracking).await;
    for part in ["Results and completion", "1 (2026-11-20; Official gazette)", LESSONS] {
        assert!(tracking_page.contains(part), "the tracking page shows {part}");
    }
    assert!(!tracking_page.contains("How useful was the assistance"), "no assessment before completion");
    let early = app.post_form(&format!("{tracking}/assessment"), &[("usefulness", "5")]).await;
    assert_eq!(early.status(), 409);

    assert_eq!(move_to(&app, &staff, &reference, "ta_intervention", "completed").await.status(), 303);
    let page = get(&app, &staff, &page_path).await.text().await.unwrap();
    assert!(page.contains("Official gazette") && !page.contains("Save the result"), "read-only once completed");
    assert_eq!(post_part(&app, &staff, &reference, "lessons", &[("lessons", LESSONS)]).await.status(), 409);
});

on_both_databases!(the_requester_assesses_the_completed_ta_and_staff_are_told, |app| {
    let (reference, tracking, staff) = completed(&app, "unit-assessment@example.org").await;
    let page = app.text(&tracking).await;
    assert!(page.contains("How useful was the assistance to your institution?"));

    let wrong = [
        ("usefulness", "9"),
        ("follow_up", "yes"),
        ("assessment_comments", "The study visit came too late in the year."),
    ];
    let response = app.post_form(&format!("{tracking}/assessment"), &wrong).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(!error_by(&page, "usefulness").is_empty() && !error_by(&page, "satisfaction").is_empty());
    assert_eq!(error_by(&page, "follow_up_needs"), "This answer is required.");
    assert!(page.contains(">The study visit came too late in the year.</textarea>"), "typed comments kept");

    let given = [
        ("usefulness", "5"),
        ("satisfaction", "4"),
        ("follow_up", "yes"),
        ("follow_up_needs", "Training for the staff of the new border posts."),
    ];
    let response = app.post_form(&format!("{tracking}/assessment"), &given).await;
    assert_eq!(location(&response), format!("{tracking}?done=assessed"));
    let page = app.text(&format!("{tracking}?done=assessed")).await;
    assert!(page.contains("Thank you: your assessment was received."));
    assert!(page.contains(r#"id="field-usefulness-5" type="radio" name="usefulness" value="5" checked"#), "{page}");
    let staff_page = get(&app, &staff, &format!("/staff/requests/{reference}/completion")).await.text().await.unwrap();
    assert!(staff_page.contains("Usefulness 5/5, satisfaction 4/5"));
    assert!(staff_page.contains("Follow-up wanted: Training for the staff of the new border posts."));
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action = 'assessment' AND actor = 'requester'"
    );
    assert_eq!(count(&app, &audited).await, 1);

    // Given again, it replaces the one before; each post tells staff, at most ten an hour.
    let again = [("usefulness", "4"), ("satisfaction", "4"), ("follow_up", "no")];
    for _ in 0..11 {
        assert_eq!(app.post_form(&format!("{tracking}/assessment"), &again).await.status(), 303);
    }
    let stored = format!(
        "SELECT COUNT(*) FROM ta_assessments a JOIN ta_requests r ON r.id = a.request_id
         WHERE r.reference = '{reference}' AND a.usefulness = 4 AND a.follow_up_needs IS NULL"
    );
    assert_eq!(count(&app, &stored).await, 1);
    // The requester's agreement to the concept note, earlier this hour, told them once too.
    let mails = |subject: String| {
        format!(
            "SELECT COUNT(*) FROM outbox WHERE to_address = 'unit-assessment@example.org' AND subject = '{subject}'"
        )
    };
    let assessed = count(&app, &mails(format!("{reference}: the requester assessed the TA"))).await;
    let agreed = count(&app, &mails(format!("Concept note of {reference} agreed"))).await;
    assert_eq!((assessed, agreed), (9, 1), "at most 10 an hour to one person about one request");
    let made_up = format!("/requests/track/{}/assessment", "A".repeat(43));
    assert_eq!(app.post_form(&made_up, &again).await.status(), 404);
});

on_both_databases!(a_later_request_is_linked_to_the_completed_one_it_follows_up, |app| {
    let (earlier, _, staff) = completed(&app, "unit-follow-up@example.org").await;
    let (later, later_tracking) = submit_request(&app).await;
    let later_path = format!("/staff/requests/{later}");
    let page = get(&app, &staff, &later_path).await.text().await.unwrap();
    assert!(page.contains("Follow-up of an earlier TA") && page.contains(&format!(r#"<option value="{earlier}""#)));
    let earlier_page = get(&app, &staff, &format!("/staff/requests/{earlier}")).await.text().await.unwrap();
    assert!(!earlier_page.contains(&format!(r#"<option value="{earlier}""#)), "a request does not follow itself");

    let wrong = post(&app, &staff, &format!("{later_path}/follows"), &[("follows", "TA-1999-0001")]).await;
    assert_eq!(wrong.status(), 422);
    assert!(marked_invalid(&wrong.text().await.unwrap(), "follows"));
    let linked = post(&app, &staff, &format!("{later_path}/follows"), &[("follows", earlier.as_str())]).await;
    assert_eq!(location(&linked), format!("{later_path}?done=follow-up"));
    let page = get(&app, &staff, &later_path).await.text().await.unwrap();
    assert!(page.contains(&format!(r#"This request follows up <a href="/staff/requests/{earlier}">{earlier}</a>."#)));
    let earlier_page = get(&app, &staff, &format!("/staff/requests/{earlier}")).await.text().await.unwrap();
    assert!(earlier_page.contains("Followed up by") && earlier_page.contains(&format!(r#"href="{later_path}""#)));
    assert!(app.text(&later_tracking).await.contains(&format!("This request follows up {earlier}.")));
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{later}' AND action = 'follow_up' AND to_state = '{earlier}'"
    );
    assert_eq!(count(&app, &audited).await, 1);

    // Staff of another region cannot link it; choosing none unlinks it.
    let pacific = app.staff_client("pac-follow-up@example.org", "coordinator", &["Pacific"]).await;
    let outside = post(&app, &pacific, &format!("{later_path}/follows"), &[("follows", earlier.as_str())]).await;
    assert_eq!(outside.status(), 404);
    assert_eq!(post(&app, &staff, &format!("{later_path}/follows"), &[("follows", "")]).await.status(), 303);
    let unlinked = format!("SELECT COUNT(*) FROM ta_requests WHERE reference = '{later}' AND follows_id IS NULL");
    assert_eq!(count(&app, &unlinked).await, 1);
});

on_both_databases!(an_ongoing_ta_is_on_the_map_with_its_work_and_completes_there, |app| {
    let (reference, tracking, staff) = at_intervention(&app, "unit-progress@example.org").await;
    record_an_activity(&app, &staff, &reference).await;
    let outputs = format!("/staff/requests/{reference}/intervention/documents");
    let strategy = ("Draft labour migration regulations", "public");
    assert_eq!(upload_document(&app, &staff, &outputs, strategy, ("regulations.pdf", REPORT), &[]).await.status(), 303);
    let minutes = ("Minutes of the drafting session", "staff");
    assert_eq!(upload_document(&app, &staff, &outputs, minutes, ("minutes.pdf", REPORT), &[]).await.status(), 303);

    // Published while the intervention runs: ongoing on the map, with its work so far, and
    // counted in the home page's figures.
    let national = "TAs with national governments";
    let people = "People reached by the activities";
    let (national_before, people_before) = (app.home_figure(national).await, app.home_figure(people).await);
    let title = "Regulations for labour migration, Senegal";
    let publication = [
        ("title", title),
        ("summary", "Experts help the ministry draft the regulations of its labour migration policy."),
        ("language", "en"),
        ("audience", "public"),
    ];
    let published = post(&app, &staff, &format!("/staff/requests/{reference}/publish"), &publication).await;
    assert_eq!(published.status(), 303);
    let slug = reference.to_lowercase();
    let ongoing = app.text("/interventions?status=ongoing&country=SEN").await;
    assert!(ongoing.contains(&format!("/interventions/{slug}")), "on the map as ongoing");
    let page = app.text(&format!("/interventions/{slug}")).await;
    assert!(page.contains("The technical assistance, stage by stage"));
    assert!(
        page.contains(r#"aria-current="step">TA intervention"#) || page.contains("stage--current"),
        "the stage path"
    );
    for part in ["Drafting session with the legal unit", "Dakar, Ministry of Labour", "23 (12 women, 10 men)"] {
        assert!(page.contains(part), "the public page shows {part}");
    }
    assert!(page.contains("Draft labour migration regulations") && !page.contains("Minutes of the drafting session"));
    assert!(page.contains("Baseline assessment report"), "the public baseline report");
    let document = |title: &str| {
        format!(
            "SELECT MIN(d.id) FROM ta_documents d JOIN ta_requests r ON r.id = d.request_id
             WHERE r.reference = '{reference}' AND d.title = '{title}'"
        )
    };
    let public_id = count(&app, &document("Draft labour migration regulations")).await;
    let staff_id = count(&app, &document("Minutes of the drafting session")).await;
    let public_path = format!("/interventions/{slug}/documents/{public_id}");
    let download = app.get(&public_path).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(app.get(&format!("/interventions/{slug}/documents/{staff_id}")).await.status(), 404);
    assert_eq!(app.get(&format!("/interventions/{slug}/documents/999999")).await.status(), 404);
    let people_reached = format!("SELECT people_reached FROM interventions WHERE slug = '{slug}'");
    assert_eq!(count(&app, &people_reached).await, 23, "the people the activities reached, on the map's figures");
    // It began with the first activity carried out (November 2026), not at the start the
    // request preferred (March 2027).
    let start = format!(
        "SELECT start_year * 100 + CAST(SUBSTR(start_month, 6, 2) AS INTEGER) FROM interventions WHERE slug = '{slug}'"
    );
    assert_eq!(count(&app, &start).await, 202_611);
    assert_eq!(app.home_figure(national).await, national_before + 1);
    assert_eq!(app.home_figure(people).await, people_before + 23);
    // In the IATI file: in implementation, with its planned and actual dates, SDG target, public
    // documents and indicators (baseline and target, nothing achieved yet).
    let iati = app.text("/api/v1/iati/activities.xml").await;
    let activity = activity_of(&iati, &slug);
    for part in [
        r#"<activity-status code="2"/>"#,
        r#"<activity-date type="1" iso-date="2027-05-10"/>"#,
        r#"<activity-date type="3" iso-date="2027-05-12"/>"#,
        r#"<activity-date type="2" iso-date="2026-11-02"/>"#,
        r#"<tag vocabulary="3" code="10.7">"#,
        r#"<baseline year="2026" iso-date="2026-01-15" value="0">"#,
        r#"<target value="1"/>"#,
        "<narrative>Regulations drafted (draft texts)</narrative>",
        &format!("{public_path}\""),
    ] {
        assert!(activity.contains(part), "the IATI activity holds {part}: {activity}");
    }
    assert!(!activity.contains("<actual") && !activity.contains(r#"activity-date type="4""#));
    assert!(!activity.contains(&format!("/documents/{staff_id}\"")), "a staff-only output is not linked");

    // Completed: the intervention is too, with the results.
    write_results_and_lessons(&app, &staff, &reference).await;
    assert_eq!(move_to(&app, &staff, &reference, "ta_intervention", "completed").await.status(), 303);
    let status = format!("SELECT COUNT(*) FROM interventions WHERE slug = '{slug}' AND status_code = 'completed'");
    assert_eq!(count(&app, &status).await, 1);
    let page = app.text(&format!("/interventions/{slug}")).await;
    assert!(page.contains("1 (2026-11-20; Official gazette)") && page.contains(LESSONS));
    assert!(!page.contains("Usefulness"), "the requester's assessment stays with staff");
    // IATI: finalisation with the achieved value and the actual end, closed once the requester
    // has assessed it; the file still valid against the 2.03 schema.
    let iati = app.text("/api/v1/iati/activities.xml").await;
    let activity = activity_of(&iati, &slug);
    assert!(activity.contains(r#"<activity-status code="3"/>"#), "{activity}");
    assert!(activity.contains(r#"<activity-date type="4" iso-date="2026-11-04"/>"#));
    assert!(
        activity.contains(r#"<actual value="1">"#)
            && activity.contains("Measured on 2026-11-20; source: Official gazette")
    );
    let assessment = [("usefulness", "4"), ("satisfaction", "4"), ("follow_up", "no")];
    assert_eq!(app.post_form(&format!("{tracking}/assessment"), &assessment).await.status(), 303);
    let iati = app.text("/api/v1/iati/activities.xml").await;
    assert!(activity_of(&iati, &slug).contains(r#"<activity-status code="4"/>"#));
    assert!(!iati.contains("Usefulness"), "the marks stay with staff");
    if let Some(standard) = iati_standard() {
        validate(&standard, "iati-activities-schema.xsd", &iati).unwrap_or_else(|complaint| panic!("{complaint}"));
    }

    // Kept for staff only, its documents go with it.
    sqlx::query("UPDATE interventions SET publishable = 0 WHERE slug = $1")
        .bind(&slug)
        .execute(&app.pool().await)
        .await
        .unwrap();
    assert_eq!(app.get(&public_path).await.status(), 404);
});

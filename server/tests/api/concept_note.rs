//! The concept note: staff write it in versions, the requester comments on it and agrees to
//! it by the tracking link, and the request goes on to the TA fiche only once the latest
//! version is agreed.

use sqlx::Row;

use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::{count, submit_request};
use crate::staff::{get, post};

const CONTEXT: &str = "Senegal adopted a labour migration policy in 2025 and must now write its regulations.";
const APPROACH: &str = "A fact-finding mission, then a joint drafting session with the ministry's legal unit.";
const TIMELINE: &str = "Fact-finding mission in March 2027, drafting session in May 2027.";

fn note_fields(version: &str, objectives: &'static str) -> Vec<(&'static str, String)> {
    [
        ("version", version.to_owned()),
        ("context", CONTEXT.to_owned()),
        ("objectives", objectives.to_owned()),
        ("approach", APPROACH.to_owned()),
        ("expected_results", "Draft regulations ready for the Council of Ministers.".to_owned()),
        ("timeline", TIMELINE.to_owned()),
        ("work_language", "fr".to_owned()),
    ]
    .into()
}

async fn post_note(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    fields: &[(&str, String)],
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, staff, &format!("/staff/requests/{reference}/concept-note"), &fields).await
}

async fn move_to(app: &TestApp, staff: &reqwest::Client, reference: &str, from: &str, to: &str) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/stage"), &[("from", from), ("to", to)]).await
}

/// A submitted request moved to the concept-note stage by the management unit; returns its
/// reference, tracking path and the staff browser.
async fn at_concept_note(app: &TestApp, email: &str) -> (String, String, reqwest::Client) {
    let (reference, tracking) = submit_request(app).await;
    crate::requests::endorse_all(app, &reference).await;
    let staff = app.staff_client(email, "admin", &[]).await;
    assert_eq!(move_to(app, &staff, &reference, "submitted", "concept_note").await.status(), 303);
    (reference, tracking, staff)
}

/// How many rows of `table` (concept notes or their comments) belong to request `reference`,
/// among those `condition` keeps.
async fn rows_of(app: &TestApp, table: &str, reference: &str, condition: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM {table} n JOIN ta_requests r ON r.id = n.request_id WHERE r.reference = '{reference}' AND {condition}"
    );
    count(app, &sql).await
}

async fn mails(app: &TestApp, to: &str, subject_start: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM outbox WHERE to_address = '{to}' AND subject LIKE '{subject_start}%'");
    count(app, &sql).await
}

/// Writes a concept note for a request at that stage and has its requester agree to it, so
/// that it can move on to the TA fiche.
pub async fn agree_a_concept_note(app: &TestApp, staff: &reqwest::Client, reference: &str, tracking: &str) {
    let objectives = "Regulations that put the 2025 labour migration policy into practice.";
    assert_eq!(post_note(app, staff, reference, &note_fields("0", objectives)).await.status(), 303);
    let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "1")]).await;
    assert_eq!(response.status(), 303);
}

on_both_databases!(staff_and_the_requester_agree_a_concept_note_before_the_fiche, |app| {
    let (reference, tracking, staff) = at_concept_note(&app, "unit-note@example.org").await;
    let page = app.text(&tracking).await;
    assert!(!page.contains("I agree to this concept note"), "nothing to agree to before staff write");

    // The form starts from the request's own answers.
    let page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(page.contains("No concept note has been written yet."));
    assert!(page.contains("The ministry needs support to draft regulations"), "background as the context");
    assert!(page.contains("once the requester agrees to the latest concept note"));

    // No fiche without an agreed note.
    let refused = move_to(&app, &staff, &reference, "concept_note", "ta_fiche").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("once the requester agrees"));

    // A note with problems comes back with what was typed and a message by each field.
    let mut incomplete = note_fields("0", "Too short");
    incomplete.retain(|(k, _)| *k != "approach");
    let response = post_note(&app, &staff, &reference, &incomplete).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(CONTEXT) && page.contains(TIMELINE) && page.contains("Too short"), "typed text kept");
    assert!(page.contains(r#"id="field-approach""#) && page.contains(r#"aria-invalid="true""#));
    assert_eq!(rows_of(&app, "ta_concept_notes", &reference, "1 = 1").await, 0);

    let objectives = "Regulations that put the 2025 labour migration policy into practice.";
    let response = post_note(&app, &staff, &reference, &note_fields("0", objectives)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/staff/requests/{reference}?done=concept-note"));
    assert_eq!(mails(&app, "focal@example.org", &format!("Concept note for request {reference}")).await, 1);

    // The requester reads it and comments; the staff holding the request are told.
    let page = app.text(&tracking).await;
    for part in [CONTEXT, objectives, APPROACH, TIMELINE, "Version 1", "Français", "I agree to this concept note"] {
        assert!(page.contains(part), "the tracking page shows {part}");
    }
    let response = app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", "  ")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    let error = &page[page.find(r#"data-error-for="comment""#).expect("the comment's error line")..];
    assert!(error[..error.find("</p>").unwrap()].ends_with("This answer is required."), "the message is by the field");
    let comment = "Could the drafting session include the labour inspectorate?";
    let response = app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", comment)]).await;
    assert_eq!(location(&response), format!("{tracking}?done=comment"));
    assert!(app.text(&format!("{tracking}?done=comment")).await.contains("Your comment was sent"));
    assert_eq!(mails(&app, "unit-note@example.org", &format!("Comment on the concept note of {reference}")).await, 1);
    let page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(page.contains(comment) && page.contains("On version 1"), "staff read the comment");

    // Version 2 answers the comment; a save over version 1 made meanwhile keeps its text.
    let revised = "Regulations, with the labour inspectorate, that put the 2025 policy into practice.";
    assert_eq!(post_note(&app, &staff, &reference, &note_fields("1", revised)).await.status(), 303);
    let late = "A late edit written over version 1 by a colleague.";
    let response = post_note(&app, &staff, &reference, &note_fields("1", late)).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    assert!(page.contains("saved a newer version") && page.contains(late), "the colleague's text is kept");
    assert_eq!(rows_of(&app, "ta_concept_notes", &reference, "1 = 1").await, 2);

    // Agreeing to the version read before the change is refused with the new one shown.
    let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "1")]).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    assert!(page.contains("changed since you opened this page") && page.contains(revised));
    let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "2")]).await;
    assert_eq!(location(&response), format!("{tracking}?done=agreed"));
    let page = app.text(&tracking).await;
    assert!(page.contains("You agreed to this version on") && !page.contains("I agree to this concept note"));
    let again = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "2")]).await;
    assert_eq!(again.status(), 409, "agreed once");
    let agreed_at: Option<String> =
        sqlx::query("SELECT n.agreed_at FROM ta_concept_notes n JOIN ta_requests r ON r.id = n.request_id WHERE r.reference = $1 AND n.version = 2")
            .bind(&reference)
            .fetch_one(&app.pool().await)
            .await
            .unwrap()
            .get(0);
    assert!(agreed_at.is_some_and(|at| at.starts_with(&server::now_rfc3339()[..10])), "the agreement's time is kept");
    assert_eq!(mails(&app, "unit-note@example.org", &format!("Concept note of {reference} agreed")).await, 1);
    let page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(page.contains("The requester agreed to this version on"));

    // Every change is in the audit log, with the versions before and after.
    let audited = |action: &str| {
        format!("SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action = '{action}'")
    };
    assert_eq!(count(&app, &audited("concept_note")).await, 2);
    assert_eq!(count(&app, &audited("comment_concept_note")).await, 1);
    assert_eq!(count(&app, &audited("agree_concept_note")).await, 1);
    let second = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND from_state = 'version 1' AND to_state = 'version 2'"
    );
    assert_eq!(count(&app, &second).await, 1);

    // Now the fiche; the note is closed to changes.
    assert_eq!(move_to(&app, &staff, &reference, "concept_note", "ta_fiche").await.status(), 303);
    assert_eq!(post_note(&app, &staff, &reference, &note_fields("2", revised)).await.status(), 409);
    let late_comment = app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", comment)]).await;
    assert_eq!(late_comment.status(), 409);
    let page = app.text(&tracking).await;
    assert!(page.contains(revised) && !page.contains("Send the comment"), "read-only after the stage");
});

on_both_databases!(a_later_version_needs_its_own_agreement, |app| {
    let (reference, tracking, staff) = at_concept_note(&app, "unit-again@example.org").await;
    let first = "Regulations that put the 2025 labour migration policy into practice.";
    assert_eq!(post_note(&app, &staff, &reference, &note_fields("0", first)).await.status(), 303);
    let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "1")]).await;
    assert_eq!(response.status(), 303);
    let changed = "Regulations and a handbook that put the 2025 policy into practice.";
    assert_eq!(post_note(&app, &staff, &reference, &note_fields("1", changed)).await.status(), 303);
    let page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(page.contains("has not agreed to this version yet"));
    assert_eq!(move_to(&app, &staff, &reference, "concept_note", "ta_fiche").await.status(), 409);
    assert!(app.text(&tracking).await.contains("I agree to this concept note"), "asked again");
});

on_both_databases!(bad_concept_note_posts_get_clear_answers_on_both_databases, |app| {
    let (reference, tracking, staff) = at_concept_note(&app, "unit-bad@example.org").await;
    let objectives = "Regulations that put the 2025 labour migration policy into practice.";
    for version in ["", "abc", "-1", "1e3"] {
        let response = post_note(&app, &staff, &reference, &note_fields(version, objectives)).await;
        assert_eq!(response.status(), 400, "version {version:?}");
    }
    let unknown = note_fields("0", objectives)
        .into_iter()
        .map(|(k, v)| if k == "work_language" { (k, "xx".into()) } else { (k, v) })
        .collect::<Vec<_>>();
    let response = post_note(&app, &staff, &reference, &unknown).await;
    assert_eq!(response.status(), 422);
    // A NUL typed into the note is dropped, as from every form; PostgreSQL never sees it.
    let with_nul = note_fields("0", "Regulations\u{0} that put the 2025 labour migration policy into practice.");
    assert_eq!(post_note(&app, &staff, &reference, &with_nul).await.status(), 303);
    let comment = app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", "Fine\u{0} by us.")]).await;
    assert_eq!(comment.status(), 303);
    for version in ["", "x", "99999999999999999999"] {
        let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", version)]).await;
        assert!(matches!(response.status().as_u16(), 400 | 409), "version {version:?}: {}", response.status());
    }
    let long = "x".repeat(2001);
    let response = app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", long.as_str())]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains(&long), "the long comment comes back to be shortened");
});

on_both_databases!(only_those_holding_the_request_write_its_concept_note, |app| {
    let (reference, tracking, _) = at_concept_note(&app, "unit-who@example.org").await;
    let objectives = "Regulations that put the 2025 labour migration policy into practice.";
    let pacific = app.staff_client("pac-note@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(post_note(&app, &pacific, &reference, &note_fields("0", objectives)).await.status(), 404);
    let anonymous = post_note(&app, &app.new_client(), &reference, &note_fields("0", objectives)).await;
    assert_eq!(anonymous.status(), 303, "sent to sign in");
    assert!(location(&anonymous).starts_with("/staff/login"));
    let west_africa = app.staff_client("waf-note@example.org", "coordinator", &["West Africa"]).await;
    assert_eq!(post_note(&app, &west_africa, &reference, &note_fields("0", objectives)).await.status(), 303);
    assert_eq!(rows_of(&app, "ta_concept_notes", &reference, "1 = 1").await, 1);

    // Another request's link, or one nobody holds, reaches nothing.
    let (_, other_tracking) = submit_request(&app).await;
    let made_up = format!("/requests/track/{}", "A".repeat(43));
    for link in [&made_up, &other_tracking] {
        let response = app.post_form(&format!("{link}/concept-note/agree"), &[("version", "1")]).await;
        assert!(matches!(response.status().as_u16(), 404 | 409), "{link}: {}", response.status());
    }
    assert_eq!(rows_of(&app, "ta_concept_notes", &reference, "n.agreed_at IS NOT NULL").await, 0);
    let response = app.post_form(&format!("{tracking}/concept-note/agree"), &[("version", "1")]).await;
    assert_eq!(response.status(), 303);
});

on_both_databases!(a_requesters_posts_email_each_member_of_staff_a_counted_number_of_times, |app| {
    let (reference, tracking, staff) = at_concept_note(&app, "unit-count@example.org").await;
    let objectives = "Regulations that put the 2025 labour migration policy into practice.";
    assert_eq!(post_note(&app, &staff, &reference, &note_fields("0", objectives)).await.status(), 303);
    for n in 0..12 {
        let comment = format!("Comment number {n} on the note.");
        let response =
            app.post_form(&format!("{tracking}/concept-note/comment"), &[("comment", comment.as_str())]).await;
        assert_eq!(response.status(), 303);
    }
    assert_eq!(rows_of(&app, "ta_concept_note_comments", &reference, "1 = 1").await, 12, "every comment is kept");
    let subject = format!("Comment on the concept note of {reference}");
    assert_eq!(mails(&app, "unit-count@example.org", &subject).await, 10, "at most 10 an hour to one person");
});

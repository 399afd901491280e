//! The TA fiche: staff write its frame, results with indicators and planned activities on
//! its own page, only at the TA-fiche stage, each part checked by the shared rules; the
//! request goes on to the baseline assessment only once the fiche is complete, and the
//! requester reads it on the tracking page.

use crate::concept_note::agree_a_concept_note;
use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::{count, submit_request};
use crate::staff::{get, post};

const OBJECTIVES: &str = "Regulations that put the 2025 labour migration policy into practice.";
const RESULT: &str = "Draft regulations are ready for the Council of Ministers.";

pub async fn move_to(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    from: &str,
    to: &str,
) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/stage"), &[("from", from), ("to", to)]).await
}

async fn post_part(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    part: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/fiche/{part}"), fields).await
}

/// A submitted request taken to the TA-fiche stage by the management unit: its reference,
/// tracking path and the staff browser.
pub async fn at_fiche(app: &TestApp, email: &str) -> (String, String, reqwest::Client) {
    let (reference, tracking) = submit_request(app).await;
    crate::requests::endorse_all(app, &reference).await;
    let staff = app.staff_client(email, "admin", &[]).await;
    assert_eq!(move_to(app, &staff, &reference, "submitted", "concept_note").await.status(), 303);
    agree_a_concept_note(app, &staff, &reference, &tracking).await;
    assert_eq!(move_to(app, &staff, &reference, "concept_note", "ta_fiche").await.status(), 303);
    (reference, tracking, staff)
}

/// The message the page shows by `field` (empty when there is none).
pub fn error_by(page: &str, field: &str) -> String {
    let start = format!(r#"id="{field}-error""#);
    let after_tag = page.split(&start).nth(1).and_then(|rest| rest.split_once('>')).map(|(_, text)| text);
    after_tag.and_then(|text| text.split("</p>").next()).unwrap_or_default().to_owned()
}

/// Whether the page marks the control of `field` invalid and says why by it.
pub fn marked_invalid(page: &str, field: &str) -> bool {
    let id = format!(r#"id="field-{field}""#);
    let control = page.split(&id).nth(1).and_then(|rest| rest.split('>').next()).unwrap_or_default();
    control.contains(r#"aria-invalid="true""#) && !error_by(page, field).is_empty()
}

/// How many rows of `table` (results or activities) the fiche of `reference` holds.
async fn rows_of(app: &TestApp, table: &str, reference: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM {table} f JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await
}

/// The id of the request's first expected result, as the indicator form offers it.
async fn first_result_id(app: &TestApp, reference: &str) -> String {
    let sql = format!(
        "SELECT MIN(f.id) FROM ta_fiche_results f JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await.to_string()
}

const ACTIVITY: [(&str, &str); 7] = [
    ("activity_kind", "joint_drafting_session"),
    ("activity_title", "Drafting session with the legal unit"),
    ("starts_on", "2027-05-10"),
    ("ends_on", "2027-05-12"),
    ("place", "Dakar, Senegal"),
    ("activity_language", "fr"),
    ("participants", "18"),
];

/// Writes a complete fiche (objectives, a result with an indicator, an activity) for a request
/// at the TA-fiche stage, so that it can move on to the baseline assessment.
pub async fn write_a_complete_fiche(app: &TestApp, staff: &reqwest::Client, reference: &str) {
    let frame = [("objectives", OBJECTIVES), ("partners", "eu_delegation"), ("sdg_targets", "10.7")];
    assert_eq!(post_part(app, staff, reference, "frame", &frame).await.status(), 303);
    assert_eq!(post_part(app, staff, reference, "results", &[("result", RESULT)]).await.status(), 303);
    let result = first_result_id(app, reference).await;
    let indicator = [
        ("for_result", result.as_str()),
        ("indicator", "Regulations drafted"),
        ("unit", "draft texts"),
        ("target", "1"),
        ("verification", "Draft submitted to the Council"),
    ];
    assert_eq!(post_part(app, staff, reference, "indicators", &indicator).await.status(), 303);
    assert_eq!(post_part(app, staff, reference, "activities", &ACTIVITY).await.status(), 303);
}

on_both_databases!(staff_write_a_fiche_part_by_part_and_it_must_be_complete_to_move_on, |app| {
    let (reference, tracking, staff) = at_fiche(&app, "unit-fiche@example.org").await;
    let fiche_path = format!("/staff/requests/{reference}/fiche");
    let request_page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(request_page.contains(&format!(r#"href="{fiche_path}""#)), "the request's page links to its fiche");
    let page = get(&app, &staff, &fiche_path).await.text().await.unwrap();
    assert!(page.contains("Nothing has been written in the TA fiche yet."));
    assert!(!page.contains("Add an indicator"), "no indicator form before a result");

    // An empty fiche cannot go on.
    let refused = move_to(&app, &staff, &reference, "ta_fiche", "baseline_assessment").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("once the TA fiche has objectives"));

    // Problems come back by their fields with what was typed.
    let response =
        post_part(&app, &staff, &reference, "frame", &[("objectives", "Short"), ("partners", "nobody")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(">Short</textarea>"), "typed text kept");
    assert!(marked_invalid(&page, "objectives"));
    assert!(
        error_by(&page, "partners").contains("Choose one of the options offered."),
        "{}",
        error_by(&page, "partners")
    );

    let frame = [
        ("objectives", OBJECTIVES),
        ("partners", "un_agencies"),
        ("partner_names", "IOM, ILO"),
        ("sdg_targets", "10.7"),
        ("sdg_targets", "8.8"),
    ];
    let response = post_part(&app, &staff, &reference, "frame", &frame).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{fiche_path}?done=fiche"));
    assert_eq!(post_part(&app, &staff, &reference, "results", &[("result", RESULT)]).await.status(), 303);
    let result = first_result_id(&app, &reference).await;

    // A result without an indicator still holds the move.
    let mut activity = ACTIVITY.to_vec();
    activity.retain(|(k, _)| *k != "place");
    activity[3] = ("ends_on", "2027-05-01");
    let response = post_part(&app, &staff, &reference, "activities", &activity).await;
    assert_eq!(response.status(), 422, "an activity ending before it starts, with no place and not remote");
    let page = response.text().await.unwrap();
    assert!(page.contains("Drafting session with the legal unit"), "typed title kept");
    assert!(marked_invalid(&page, "ends_on") && marked_invalid(&page, "place"));
    assert!(!marked_invalid(&page, "starts_on"));
    assert_eq!(post_part(&app, &staff, &reference, "activities", &ACTIVITY).await.status(), 303);
    let refused = move_to(&app, &staff, &reference, "ta_fiche", "baseline_assessment").await;
    assert_eq!(refused.status(), 409, "the result has no indicator");

    // An indicator of another request's result is refused by its field.
    let indicator = |result: &str, target: &str| {
        vec![
            ("for_result", result.to_owned()),
            ("indicator", "Regulations drafted".to_owned()),
            ("unit", "draft texts".to_owned()),
            ("target", target.to_owned()),
            ("verification", "Draft submitted to the Council".to_owned()),
        ]
    };
    for (fields, problem) in [(indicator("999999", "1"), "for_result"), (indicator(&result, "one"), "target")] {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = post_part(&app, &staff, &reference, "indicators", &pairs).await;
        assert_eq!(response.status(), 422, "{problem}");
        assert!(marked_invalid(&response.text().await.unwrap(), problem), "{problem}");
    }
    let good = indicator(&result, "1");
    let pairs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(post_part(&app, &staff, &reference, "indicators", &pairs).await.status(), 303);

    // The requester reads the fiche on the tracking page.
    let tracking_page = app.text(&tracking).await;
    for part in [
        OBJECTIVES,
        RESULT,
        "Regulations drafted",
        "Drafting session with the legal unit",
        "Dakar, Senegal",
        "IOM, ILO",
        "SDG 10.7",
    ] {
        assert!(tracking_page.contains(part), "the tracking page shows {part}");
    }
    assert!(!tracking_page.contains("fiche/remove"), "the requester reads, staff edit");

    crate::consultation::consult_and_agree(&app, &reference).await;
    let moved = move_to(&app, &staff, &reference, "ta_fiche", "baseline_assessment").await;
    assert_eq!(moved.status(), 303);
    // Past its stage the fiche is read-only: its page has no forms, and posts are refused.
    let page = get(&app, &staff, &fiche_path).await.text().await.unwrap();
    assert!(page.contains(OBJECTIVES) && !page.contains("Add the activity") && !page.contains("fiche/remove"));
    let late = post_part(&app, &staff, &reference, "results", &[("result", RESULT)]).await;
    assert_eq!(late.status(), 409);
    let audited = count(
        &app,
        &format!("SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action LIKE 'fiche_%'"),
    )
    .await;
    assert_eq!(audited, 4, "the frame, the result, the activity and the indicator; nothing refused");
});

on_both_databases!(staff_remove_rows_of_the_fiche_and_a_stale_or_bad_removal_is_answered_plainly, |app| {
    let (reference, _, staff) = at_fiche(&app, "unit-remove@example.org").await;
    write_a_complete_fiche(&app, &staff, &reference).await;
    let result = first_result_id(&app, &reference).await;
    let remove = |what: &'static str, id: String| {
        let (app, staff, reference) = (&app, &staff, &reference);
        async move { post_part(app, staff, reference, "remove", &[("what", what), ("id", id.as_str())]).await }
    };
    // Removing the result takes its indicator with it; the fiche is then incomplete.
    assert_eq!(remove("result", result.clone()).await.status(), 303);
    let indicators = format!(
        "SELECT COUNT(*) FROM ta_fiche_indicators i JOIN ta_fiche_results f ON f.id = i.result_id
         JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"
    );
    assert_eq!(count(&app, &indicators).await, 0);
    assert_eq!(rows_of(&app, "ta_fiche_results", &reference).await, 0);
    assert_eq!(move_to(&app, &staff, &reference, "ta_fiche", "baseline_assessment").await.status(), 409);
    // A second click finds the row gone and goes back to the page.
    let again = remove("result", result).await;
    assert_eq!(again.status(), 303);
    assert_eq!(location(&again), format!("/staff/requests/{reference}/fiche"));
    // A removal naming nothing, or a row of another kind, is a 400.
    assert_eq!(remove("everything", "1".to_owned()).await.status(), 400);
    assert_eq!(remove("activity", "x".to_owned()).await.status(), 400);
    // Another request's activity (the demo's) cannot be removed from this fiche.
    let others = "SELECT MIN(id) FROM ta_fiche_activities";
    let other = count(
        &app,
        &format!("{others} WHERE request_id <> (SELECT id FROM ta_requests WHERE reference = '{reference}')"),
    )
    .await;
    let all_activities = count(&app, "SELECT COUNT(*) FROM ta_fiche_activities").await;
    assert_eq!(remove("activity", other.to_string()).await.status(), 303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_fiche_activities").await, all_activities);
    assert_eq!(rows_of(&app, "ta_fiche_activities", &reference).await, 1);
});

on_both_databases!(only_staff_covering_the_region_see_or_write_a_fiche, |app| {
    let (reference, _, _) = at_fiche(&app, "unit-cover@example.org").await;
    let pacific = app.staff_client("pac-fiche@example.org", "coordinator", &["Pacific"]).await;
    let page = get(&app, &pacific, &format!("/staff/requests/{reference}/fiche")).await;
    assert_eq!(page.status(), 404, "a request of another region does not exist for them");
    let write = post_part(&app, &pacific, &reference, "results", &[("result", RESULT)]).await;
    assert_eq!(write.status(), 404);
    assert_eq!(rows_of(&app, "ta_fiche_results", &reference).await, 0);
});

on_both_databases!(the_fiche_names_the_experts_it_needs_with_at_most_sixty_days_each, |app| {
    let (reference, tracking, staff) = at_fiche(&app, "unit-experts@example.org").await;
    let profile = "Legal drafter with labour law experience";
    let expert = |days: &'static str, topic: &'static str| {
        [("profile", profile), ("profile_topics", topic), ("profile_languages", "fr"), ("working_days", days)]
    };
    let response = post_part(&app, &staff, &reference, "experts", &expert("61", "cooking")).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(marked_invalid(&page, "working_days"), "more than 60 days");
    assert!(!error_by(&page, "profile_topics").is_empty(), "a topic outside the taxonomy");
    assert!(page.contains(profile), "typed profile kept");
    assert_eq!(rows_of(&app, "ta_fiche_experts", &reference).await, 0);

    assert_eq!(post_part(&app, &staff, &reference, "experts", &expert("25", "labour_migration")).await.status(), 303);
    let tracking_page = app.text(&tracking).await;
    for part in ["Expert profiles needed", profile, "Labour migration", "Français", ">25<"] {
        assert!(tracking_page.contains(part), "the tracking page shows {part}");
    }
    // Profiles are wanted, not required: the fiche still waits for its other parts.
    assert_eq!(move_to(&app, &staff, &reference, "ta_fiche", "baseline_assessment").await.status(), 409);
    let id = count(
        &app,
        &format!("SELECT MIN(f.id) FROM ta_fiche_experts f JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"),
    )
    .await
    .to_string();
    let removed = post_part(&app, &staff, &reference, "remove", &[("what", "expert"), ("id", id.as_str())]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(rows_of(&app, "ta_fiche_experts", &reference).await, 0);
});

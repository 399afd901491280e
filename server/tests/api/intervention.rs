//! The intervention: staff record each activity of the fiche as carried out (its days,
//! venue, women, men and everyone taking part), the days the request's assigned experts
//! worked on it, and its outputs (public or staff-only), only at the intervention stage; the
//! request is completed only once an activity is recorded (and its results, `completion`); the requester reads it all, but
//! the staff-only outputs, on the tracking page.

use crate::baseline::{at_baseline, upload_document, write_a_complete_baseline, REPORT};
use crate::fiche::{error_by, marked_invalid, move_to};
use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::count;
use crate::roster::enrol;
use crate::staff::{get, post};

/// A request taken through the fiche, its consultation and the baseline to the intervention.
pub async fn at_intervention(app: &TestApp, email: &str) -> (String, String, reqwest::Client) {
    let (reference, tracking, staff) = at_baseline(app, email).await;
    write_a_complete_baseline(app, &staff, &reference).await;
    assert_eq!(move_to(app, &staff, &reference, "baseline_assessment", "ta_intervention").await.status(), 303);
    (reference, tracking, staff)
}

/// An expert on the roster, shortlisted and assigned to the request: their id.
async fn assigned_expert(app: &TestApp, staff: &reqwest::Client, reference: &str, email: &str) -> String {
    let id = enrol(app, email, &[], true).await.to_string();
    let path = format!("/staff/requests/{reference}/experts");
    assert_eq!(post(app, staff, &format!("{path}/shortlist"), &[("expert", id.as_str())]).await.status(), 303);
    let period = [
        ("expert", id.as_str()),
        ("period_start_1", "2026-11-02"),
        ("period_end_1", "2026-11-13"),
        ("period_days_1", "8"),
    ];
    assert_eq!(post(app, staff, &format!("{path}/assign"), &period).await.status(), 303);
    id
}

async fn post_part(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    part: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/intervention/{part}"), fields).await
}

/// The id of the request's first planned activity.
async fn first_activity_id(app: &TestApp, reference: &str) -> String {
    let sql = format!(
        "SELECT MIN(a.id) FROM ta_fiche_activities a JOIN ta_requests r ON r.id = a.request_id
         WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await.to_string()
}

fn held(activity: &str, from: &str, counts: [&'static str; 3]) -> Vec<(&'static str, String)> {
    vec![
        ("for_activity", activity.to_owned()),
        ("held_from", from.to_owned()),
        ("held_to", "2026-11-04".to_owned()),
        ("venue", "Dakar, Ministry of Labour".to_owned()),
        ("women", counts[0].to_owned()),
        ("men", counts[1].to_owned()),
        ("total", counts[2].to_owned()),
    ]
}

/// Records the request's first planned activity as carried out, so that the request can be
/// completed.
pub async fn record_an_activity(app: &TestApp, staff: &reqwest::Client, reference: &str) {
    let activity = first_activity_id(app, reference).await;
    let fields = held(&activity, "2026-11-02", ["12", "10", "23"]);
    assert_eq!(post_part(app, staff, reference, "activities", &pairs(&fields)).await.status(), 303);
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

on_both_databases!(staff_record_the_intervention_and_it_must_hold_an_activity_carried_out_to_complete, |app| {
    let (reference, tracking, staff) = at_intervention(&app, "unit-intervention@example.org").await;
    let page_path = format!("/staff/requests/{reference}/intervention");
    let request_page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(request_page.contains(&format!(r#"href="{page_path}""#)), "the request's page links to it");
    let page = get(&app, &staff, &page_path).await.text().await.unwrap();
    assert!(page.contains("Drafting session with the legal unit") && page.contains("Not recorded yet"));
    let refused = move_to(&app, &staff, &reference, "ta_intervention", "completed").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("once at least one activity of the TA fiche is recorded"));

    // Problems by their fields, what was typed kept.
    let activity = first_activity_id(&app, &reference).await;
    let response =
        post_part(&app, &staff, &reference, "activities", &pairs(&held(&activity, "2099-01-01", ["12", "10", "20"])))
            .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert_eq!(error_by(&page, "held_from"), "Enter a day that has passed, or today.");
    assert!(error_by(&page, "held_to").contains("end"), "{}", error_by(&page, "held_to"));
    assert!(marked_invalid(&page, "total"), "more women and men than took part");
    assert!(page.contains("Dakar, Ministry of Labour"), "typed venue kept");
    let other =
        post_part(&app, &staff, &reference, "activities", &pairs(&held("999999", "2026-11-02", ["1", "1", "2"]))).await;
    assert_eq!(other.status(), 422, "an activity of another fiche");

    for total in ["23", "25"] {
        let fields = held(&activity, "2026-11-02", ["12", "10", total]);
        let saved = post_part(&app, &staff, &reference, "activities", &pairs(&fields)).await;
        assert_eq!(location(&saved), format!("{page_path}?done=intervention"));
    }
    let records = format!("SELECT COUNT(*) FROM ta_activities_held WHERE activity_id = {activity}");
    assert_eq!(count(&app, &records).await, 1, "a second record replaces the first");
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action = 'intervention_activity'
         AND from_state LIKE '%23 (12 women, 10 men)' AND to_state LIKE '%25 (12 women, 10 men)'"
    );
    assert_eq!(count(&app, &audited).await, 1, "the audit keeps the record before and after");

    // An assigned expert's days on an activity carried out; no one else's.
    let expert = assigned_expert(&app, &staff, &reference, "ines-intervention@example.org").await;
    let stranger = enrol(&app, "omar-intervention@example.org", &[], true).await.to_string();
    for (on, who, field) in
        [("999999", expert.as_str(), "on_activity"), (activity.as_str(), stranger.as_str(), "expert")]
    {
        let response = post_part(
            &app,
            &staff,
            &reference,
            "experts",
            &[("on_activity", on), ("expert", who), ("days_worked", "4")],
        )
        .await;
        assert_eq!(response.status(), 422, "{field}");
        assert!(!error_by(&response.text().await.unwrap(), field).is_empty(), "{field}");
    }
    let too_many = [("on_activity", activity.as_str()), ("expert", expert.as_str()), ("days_worked", "61")];
    assert_eq!(post_part(&app, &staff, &reference, "experts", &too_many).await.status(), 422);
    let days = [("on_activity", activity.as_str()), ("expert", expert.as_str()), ("days_worked", "4")];
    assert_eq!(post_part(&app, &staff, &reference, "experts", &days).await.status(), 303);
    // Recording the activity again keeps the experts' days.
    let again = held(&activity, "2026-11-02", ["12", "10", "25"]);
    assert_eq!(post_part(&app, &staff, &reference, "activities", &pairs(&again)).await.status(), 303);
    let page = get(&app, &staff, &page_path).await.text().await.unwrap();
    assert!(page.contains("25 (12 women, 10 men)") && page.contains("4 days"), "the activity with its expert's days");
    assert!(page.contains("25 people took part in the activities carried out, 12 of them women."));

    // Outputs: public or staff-only, through the same checked upload.
    let strategy = ("Draft labour migration regulations", "public");
    let path = format!("/staff/requests/{reference}/intervention/documents");
    assert_eq!(upload_document(&app, &staff, &path, strategy, ("regulations.pdf", REPORT), &[]).await.status(), 303);
    let minutes = ("Minutes of the drafting session", "staff");
    assert_eq!(upload_document(&app, &staff, &path, minutes, ("minutes.pdf", REPORT), &[]).await.status(), 303);
    let tracking_page = app.text(&tracking).await;
    for part in ["Dakar, Ministry of Labour", "25 (12 women, 10 men)", "Draft labour migration regulations"] {
        assert!(tracking_page.contains(part), "the tracking page shows {part}");
    }
    assert!(!tracking_page.contains("Minutes of the drafting session"), "a staff-only output stays with staff");

    // Staff of another region see none of it.
    let pacific = app.staff_client("pac-intervention@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(get(&app, &pacific, &page_path).await.status(), 404);
    assert_eq!(post_part(&app, &pacific, &reference, "experts", &days).await.status(), 404);

    crate::completion::write_results_and_lessons(&app, &staff, &reference).await;
    assert_eq!(move_to(&app, &staff, &reference, "ta_intervention", "completed").await.status(), 303);
    let page = get(&app, &staff, &page_path).await.text().await.unwrap();
    assert!(page.contains("Dakar, Ministry of Labour") && !page.contains("Save the activity"), "read-only");
    assert_eq!(post_part(&app, &staff, &reference, "experts", &days).await.status(), 409);
});

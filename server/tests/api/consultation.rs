//! The consultation round on a TA fiche (positive silence): only the management unit opens a
//! round and decides on objections; each consultee answers once by their own link, before the
//! deadline; silence at the deadline counts as agreeing; an objection holds the stage move
//! until the management unit decides; reminders go two working days before the deadline.

use time::{Duration, OffsetDateTime};

use crate::fiche::{at_fiche, move_to, write_a_complete_fiche};
use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::count;
use crate::roster::link_mailed_to;
use crate::staff::{get, post};

const REQUESTER: &str = "focal@example.org";
const DELEGATION: &str = "delegation@example.org";

/// A deadline `days` days from now as the form's field takes it, in UTC.
fn deadline_in(days: i64) -> String {
    let at = OffsetDateTime::now_utc() + Duration::days(days);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", at.year(), at.month() as u8, at.day(), at.hour(), at.minute())
}

async fn open_round(app: &TestApp, staff: &reqwest::Client, reference: &str, others: &str) -> reqwest::Response {
    let deadline = deadline_in(10);
    let fields =
        [("consultees", others), ("consultee_language", "fr"), ("deadline", &deadline), ("utc_offset", "+00:00")];
    post(app, staff, &format!("/staff/requests/{reference}/consultation"), &fields).await
}

/// The consultee's answer by their link.
async fn answer(app: &TestApp, link: &str, answer: &str, comment: &str) -> reqwest::Response {
    app.post_form(link, &[("answer", answer), ("comment", comment)]).await
}

/// Consults on the request's fiche, the requester alone, who agrees: the round closes and the
/// fiche may go on to the baseline (for tests walking the whole cycle).
pub async fn consult_and_agree(app: &TestApp, reference: &str) {
    let unit = app.staff_client(&format!("unit-{}@example.org", reference.to_lowercase()), "admin", &[]).await;
    assert_eq!(open_round(app, &unit, reference, "").await.status(), 303);
    let link = link_mailed_to(app, REQUESTER).await;
    assert_eq!(answer(app, &link, "agree", "").await.status(), 303);
}

async fn audited(app: &TestApp, reference: &str, action: &str) -> String {
    let sql = format!(
        "SELECT COALESCE(MAX(to_state), '') FROM audit_log WHERE record_id = '{reference}' AND action = '{action}'"
    );
    sqlx::query_scalar::<_, String>(&sql).fetch_one(&app.pool().await).await.unwrap()
}

/// Puts the deadline of every round on the request's fiche a minute into the past.
async fn pass_deadlines(app: &TestApp, reference: &str) {
    let past = app::domain::grant::call::utc_text(OffsetDateTime::now_utc() - Duration::minutes(1));
    let sql = "UPDATE ta_consultations SET deadline_at = $1
               WHERE request_id = (SELECT id FROM ta_requests WHERE reference = $2)";
    sqlx::query(sql).bind(past).bind(reference).execute(&app.pool().await).await.unwrap();
}

on_both_databases!(a_round_closed_partly_by_silence_lets_the_fiche_move_on, |app| {
    let (reference, tracking, unit) = at_fiche(&app, "unit-silence@example.org").await;
    let fiche_path = format!("/staff/requests/{reference}/fiche");
    // Not on an incomplete fiche, and never by a coordinator.
    assert_eq!(open_round(&app, &unit, &reference, DELEGATION).await.status(), 409);
    write_a_complete_fiche(&app, &unit, &reference).await;
    let coordinator = app.staff_client("waf-silence@example.org", "coordinator", &["West Africa"]).await;
    assert_eq!(open_round(&app, &coordinator, &reference, DELEGATION).await.status(), 403);
    let before = move_to(&app, &unit, &reference, "ta_fiche", "baseline_assessment").await;
    assert_eq!(before.status(), 409, "no round yet");
    assert!(before.text().await.unwrap().contains("once a consultation round has closed"));

    let opened = open_round(&app, &unit, &reference, &format!("{DELEGATION}\n{REQUESTER}")).await;
    assert_eq!(location(&opened), format!("{fiche_path}?done=round"));
    let invitations = count(
        &app,
        &format!("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%{reference}%' AND body LIKE '%/requests/consult/%'"),
    )
    .await;
    assert_eq!(invitations, 2, "the requester (typed again, invited once) and the Delegation");
    let requester_link = link_mailed_to(&app, REQUESTER).await;
    let delegation_link = link_mailed_to(&app, DELEGATION).await;
    assert_ne!(requester_link, delegation_link, "each consultee has a link of their own");
    // While the round runs, the fiche cannot change and the request cannot move on.
    let frozen =
        post(&app, &unit, &format!("{fiche_path}/results"), &[("result", "One more result, typed late.")]).await;
    assert_eq!(frozen.status(), 409);
    assert_eq!(move_to(&app, &unit, &reference, "ta_fiche", "baseline_assessment").await.status(), 409);
    assert_eq!(open_round(&app, &unit, &reference, "").await.status(), 409, "one round at a time");

    // The link shows the fiche and asks; opening it changes nothing.
    let page = app.text(&delegation_link).await;
    assert!(page.contains(&reference) && page.contains("Regulations that put") && page.contains(r#"name="answer""#));
    assert_eq!(answer(&app, &requester_link, "agree", "").await.status(), 303);
    let again = answer(&app, &requester_link, "object", "Changed our mind.").await;
    assert_eq!(again.status(), 409, "a link takes one answer");
    assert!(again.text().await.unwrap().contains("This link has been used"));

    pass_deadlines(&app, &reference).await;
    let late = answer(&app, &delegation_link, "object", "Too late to say so.").await;
    assert_eq!(late.status(), 409);
    assert!(late.text().await.unwrap().contains("you are counted as agreeing"));
    let staff_page = get(&app, &unit, &fiche_path).await.text().await.unwrap();
    assert!(staff_page.contains("No answer by the deadline: counts as agreeing"));
    assert!(staff_page.contains("Consultees silent at the deadline, counted as agreeing: 1."));
    let tracking_page = app.text(&tracking).await;
    assert!(tracking_page.contains("Silent, counted as agreeing: 1.") && !tracking_page.contains(DELEGATION));

    // The hourly job records the closing once, with the count of the silent.
    let pool = app.pool().await;
    let upkeep = server::jobs::consultation_upkeep(&pool, "http://portal.test", OffsetDateTime::now_utc()).await;
    assert!(upkeep.unwrap().closed >= 1);
    assert_eq!(
        audited(&app, &reference, "close_consultation").await,
        "round 1: 1 agreed, 0 with comments, 0 objected, 1 silent (counted as agreeing)"
    );
    assert_eq!(move_to(&app, &unit, &reference, "ta_fiche", "baseline_assessment").await.status(), 303);
});

on_both_databases!(an_objection_holds_the_move_until_the_management_unit_decides, |app| {
    let (reference, _, unit) = at_fiche(&app, "unit-objection@example.org").await;
    write_a_complete_fiche(&app, &unit, &reference).await;
    assert_eq!(open_round(&app, &unit, &reference, DELEGATION).await.status(), 303);
    let link = link_mailed_to(&app, REQUESTER).await;
    let delegation_link = link_mailed_to(&app, DELEGATION).await;

    // An objection needs its reason: the page says so by the field and keeps the choice.
    let missing = answer(&app, &link, "object", " ").await;
    assert_eq!(missing.status(), 422);
    let page = missing.text().await.unwrap();
    let object_box = page.split(r#"value="object""#).nth(1).and_then(|rest| rest.split('>').next()).unwrap_or_default();
    assert!(page.contains(r#"id="comment-error""#) && object_box.contains("checked"), "the choice is kept");
    let reason = "The fiche leaves out the regional labour offices.";
    assert_eq!(answer(&app, &link, "object", reason).await.status(), 303);
    let told =
        count(&app, &format!("SELECT COUNT(*) FROM outbox WHERE subject LIKE '{reference}: a consultee%'")).await;
    assert!(told >= 1, "the staff holding the request hear of the objection");
    // The Delegation may still answer until the deadline: nothing to decide yet.
    let fiche_path = format!("/staff/requests/{reference}/fiche");
    assert!(!get(&app, &unit, &fiche_path).await.text().await.unwrap().contains("Decide on the objection"));
    pass_deadlines(&app, &reference).await;

    let staff_page = get(&app, &unit, &fiche_path).await.text().await.unwrap();
    assert!(staff_page.contains(reason) && staff_page.contains("Decide on the objection"));
    assert_eq!(move_to(&app, &unit, &reference, "ta_fiche", "baseline_assessment").await.status(), 409);
    let decision = format!("/staff/requests/{reference}/consultation/decision");
    let coordinator = app.staff_client("waf-objection@example.org", "coordinator", &["West Africa"]).await;
    let why = "The offices join the workshop; the fiche is revised to say so.";
    assert_eq!(post(&app, &coordinator, &decision, &[("decision", "revise"), ("reason", why)]).await.status(), 403);
    let no_reason = post(&app, &unit, &decision, &[("decision", "revise"), ("reason", "")]).await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(post(&app, &unit, &decision, &[("decision", "revise"), ("reason", why)]).await.status(), 303);
    assert_eq!(post(&app, &unit, &decision, &[("decision", "proceed"), ("reason", why)]).await.status(), 409, "once");

    // Sent back: the fiche changes again, and a second round opens; the first link is over.
    let objectives =
        [("objectives", "Regulations that the ministry and the regional labour offices put into practice.")];
    assert_eq!(post(&app, &unit, &format!("{fiche_path}/frame"), &objectives).await.status(), 303);
    assert_eq!(open_round(&app, &unit, &reference, "").await.status(), 303);
    let over = answer(&app, &delegation_link, "agree", "").await;
    assert_eq!(over.status(), 409);
    assert!(over.text().await.unwrap().contains("This consultation round is over"));
    let used = app.text(&link).await;
    assert!(used.contains("This link has been used") && !used.contains(r#"name="answer""#));
    let second = link_mailed_to(&app, REQUESTER).await;
    assert_eq!(answer(&app, &second, "object", "Still missing the statistics office.").await.status(), 303);
    let proceed = [("decision", "proceed"), ("reason", "The statistics office is covered by the second activity.")];
    assert_eq!(post(&app, &unit, &decision, &proceed).await.status(), 303);
    assert!(audited(&app, &reference, "decide_consultation").await.starts_with("round 2: proceed"));
    assert_eq!(move_to(&app, &unit, &reference, "ta_fiche", "baseline_assessment").await.status(), 303);
});

on_both_databases!(deadlines_addresses_and_reminders_are_kept_by_the_server, |app| {
    let (reference, _, unit) = at_fiche(&app, "unit-rules@example.org").await;
    write_a_complete_fiche(&app, &unit, &reference).await;
    let path = format!("/staff/requests/{reference}/consultation");
    let soon = deadline_in(1);
    let fields = [
        ("consultees", "acp@example.org"),
        ("consultee_language", "fr"),
        ("deadline", &soon),
        ("utc_offset", "+00:00"),
    ];
    let refused = post(&app, &unit, &path, &fields).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("at least 3 working days") && page.contains("acp@example.org"), "typed kept");
    let later = deadline_in(10);
    let bad =
        [("consultees", "acp@example"), ("consultee_language", "fr"), ("deadline", &later), ("utc_offset", "+00:30")];
    let page = post(&app, &unit, &path, &bad).await.text().await.unwrap();
    assert!(page.contains(r#"id="consultees-error""#) && page.contains(r#"id="utc_offset-error""#));
    let garbage = post(&app, &unit, &path, &[("deadline", "\u{0}\u{ffff}"), ("utc_offset", "'; --")]).await;
    assert_eq!(garbage.status(), 422, "bytes PostgreSQL refuses never reach it");

    assert_eq!(open_round(&app, &unit, &reference, "acp@example.org").await.status(), 303);
    let invitation: String = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'acp@example.org'")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    assert!(invitation.contains("Le programme vous demande votre avis"), "in the language chosen for them");
    // Reminders: due two working days before the deadline, sent once, with a link that works.
    let pool = app.pool().await;
    let upkeep = |at| server::jobs::consultation_upkeep(&pool, "http://portal.test", at);
    assert_eq!(upkeep(OffsetDateTime::now_utc()).await.unwrap().reminded, 0, "not due yet");
    let due = OffsetDateTime::now_utc() + Duration::days(9);
    assert_eq!(upkeep(due).await.unwrap().reminded, 2, "the requester and the ACP Secretariat");
    assert_eq!(upkeep(due).await.unwrap().reminded, 0, "once");
    let reminder: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'acp@example.org' ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let link = reminder.split_whitespace().find(|w| w.starts_with("http://portal.test/")).unwrap();
    let link = link.trim_start_matches("http://portal.test");
    assert_eq!(answer(&app, link, "agree_with_comments", "Add the ACP migration observatory.").await.status(), 303);
    // An unknown or malformed link is a plain 404.
    assert_eq!(app.get("/requests/consult/not-a-token").await.status(), 404);
    assert_eq!(app.get(&format!("/requests/consult/{}", "A".repeat(43))).await.status(), 404);
});

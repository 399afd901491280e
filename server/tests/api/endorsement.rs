//! Joint and endorsed requests: each requesting government's official endorses the request
//! once on their own e-mailed link, staff cannot move it past "submitted" before every
//! endorsement is in, a fresh link replaces a lost one, and staff join one request into
//! another, its governments and their endorsements coming with it.

use crate::fiche::move_to;
use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::{count, endorsement_links, FOCAL_POINT, INSTITUTION};
use crate::staff::{get, post};

/// Submits a request of Senegal made jointly with The Gambia; returns its reference and
/// tracking path.
async fn submit_joint_request(app: &TestApp) -> (String, String) {
    let mut institution = INSTITUTION.to_vec();
    institution.extend([
        ("joint_country_1", "GMB"),
        ("joint_official_name_1", "Permanent Secretary, Ministry of the Interior"),
        ("joint_official_email_1", "ps.interior@example.gm"),
    ]);
    let response = app.post_form("/requests/new", &institution).await;
    let draft = location(&response).trim_end_matches("/focal-point").to_owned();
    app.post_form(&format!("{draft}/focal-point"), FOCAL_POINT).await;
    app.post_form(&format!("{draft}/request"), &crate::requests::details()).await;
    let review = app.text(&format!("{draft}/review")).await;
    assert!(review.contains("Gambia") && review.contains("ps.interior@example.gm"), "the review shows the joint row");
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = app.text(&tracking).await;
    let start = page.find("TA-").expect("reference");
    (page[start..start + 12].to_owned(), tracking)
}

on_both_databases!(a_joint_request_moves_on_once_every_government_has_endorsed_it, |app| {
    let (reference, tracking) = submit_joint_request(&app).await;
    let links = endorsement_links(&app, &reference).await;
    assert_eq!(links.len(), 2, "one link for each government's official");
    let to: Vec<String> = {
        let sql = format!("SELECT to_address FROM outbox WHERE about = 'ta_request:{reference}' AND body LIKE '%/requests/endorse/%' ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(&app.pool().await).await.unwrap();
        rows.iter().map(|r| sqlx::Row::try_get(r, 0).unwrap()).collect()
    };
    assert_eq!(to, ["director@example.org", "ps.interior@example.gm"]);
    let page = app.text(&tracking).await;
    assert!(page.contains("Requesting governments and their endorsement"), "{page}");
    assert!(page.contains("Government of Gambia") || page.contains("Government of The Gambia"), "{page}");
    assert!(
        page.contains("not endorsed yet") && !page.contains("ps.interior@example.gm"),
        "the requester reads no address"
    );

    let staff = app.staff_client("unit-endorse@example.org", "admin", &[]).await;
    let early = move_to(&app, &staff, &reference, "submitted", "concept_note").await;
    assert_eq!(early.status(), 409);
    assert!(early.text().await.unwrap().contains("must endorse the request before it moves on"));

    // The official reads the request (a page no cache keeps), then endorses it, once.
    assert_eq!(app.get(&links[0]).await.headers()["cache-control"], "no-store");
    let official = app.text(&links[0]).await;
    assert!(official.contains("I endorse this request") && official.contains("Ministry of the Interior"));
    let endorsed = app.post_form(&links[0], &[]).await;
    assert_eq!(location(&endorsed), format!("{}?done=endorsed", links[0]));
    assert!(app.text(&location(&endorsed)).await.contains("your endorsement was recorded"));
    let again = app.post_form(&links[0], &[]).await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("Nothing more is needed"));
    assert_eq!(move_to(&app, &staff, &reference, "submitted", "concept_note").await.status(), 409);

    // The second official lost the e-mail: staff send a fresh link, the old one stops working.
    let staff_page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(staff_page.contains("ps.interior@example.gm"), "staff read the officials' addresses");
    let again_path = staff_page
        .split(&format!("/staff/requests/{reference}/endorsements/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("/staff/requests/{reference}/endorsements/{rest}"))
        .expect("a button to send the link again");
    let sent = post(&app, &staff, &again_path, &[]).await;
    assert_eq!(sent.status(), 200);
    assert!(sent.text().await.unwrap().contains("A new link was sent"));
    let fresh = endorsement_links(&app, &reference).await.pop().unwrap();
    assert_ne!(fresh, links[1]);
    assert_eq!(app.post_form(&links[1], &[]).await.status(), 404, "the replaced link");
    assert_eq!(app.post_form(&fresh, &[]).await.status(), 303);
    // The staff holding the request hear that every government has endorsed it.
    let notices = "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%every government has endorsed it'";
    assert_eq!(count(&app, notices).await, 1);

    assert_eq!(move_to(&app, &staff, &reference, "submitted", "concept_note").await.status(), 303);
    let page = app.text(&tracking).await;
    assert_eq!(page.matches("Endorsed for:").count(), 2, "the history names each endorsement");
    let audited = format!("SELECT COUNT(*) FROM audit_log WHERE action = 'endorse' AND record_id = '{reference}'");
    assert_eq!(count(&app, &audited).await, 2);
    // Past "submitted", a link is not sent again.
    assert_eq!(post(&app, &staff, &again_path, &[]).await.status(), 400);

    // Links that lead nowhere get the not-found page.
    for bad in ["/requests/endorse/short", &format!("/requests/endorse/{}", "B".repeat(43))] {
        assert_eq!(app.get(bad).await.status(), 404, "{bad}");
        assert_eq!(app.post_form(bad, &[]).await.status(), 404, "{bad}");
    }
});

on_both_databases!(staff_join_a_request_into_another_with_its_governments, |app| {
    let (into, _) = submit_joint_request(&app).await;
    let (joined, joined_tracking) = crate::requests::submit_request(&app).await;
    let joined_link = endorsement_links(&app, &joined).await.pop().unwrap();
    let staff = app.staff_client("unit-join@example.org", "admin", &[]).await;
    let join = |other: &'static str| {
        let (app, staff, into) = (&app, &staff, into.clone());
        async move { post(app, staff, &format!("/staff/requests/{into}/join"), &[("other", other)]).await }
    };
    // Nothing that is not another joinable request is joined: the reference typed stays.
    for other in ["", "not a reference", "TA-1999-0001"] {
        let refused = join(other).await;
        assert_eq!(refused.status(), 422, "{other}");
        assert!(refused.text().await.unwrap().contains("cannot be joined into this one"));
    }
    let itself = post(&app, &staff, &format!("/staff/requests/{into}/join"), &[("other", &into)]).await;
    assert_eq!(itself.status(), 422);
    // A coordinator of another region does not see the request at all.
    let pacific = app.staff_client("pac-join@example.org", "coordinator", &["Pacific"]).await;
    let hidden = post(&app, &pacific, &format!("/staff/requests/{into}/join"), &[("other", &joined)]).await;
    assert_eq!(hidden.status(), 404);

    let done = post(&app, &staff, &format!("/staff/requests/{into}/join"), &[("other", &joined)]).await;
    assert_eq!(location(&done), format!("/staff/requests/{into}?done=joined"));
    let page = get(&app, &staff, &format!("/staff/requests/{into}")).await.text().await.unwrap();
    assert!(page.contains(&format!("came with request {joined}")), "{page}");
    let stage = format!("SELECT COUNT(*) FROM ta_requests WHERE reference = '{joined}' AND stage = 'joined'");
    assert_eq!(count(&app, &stage).await, 1);
    let tracking = app.text(&joined_tracking).await;
    assert!(tracking.contains(&format!("joined this request with request {into}")), "{tracking}");
    let told = format!("SELECT COUNT(*) FROM outbox WHERE about = 'ta_request:{joined}' AND body LIKE '%{into}%'");
    assert_eq!(count(&app, &told).await, 1, "the joined request's requester is told");
    // Joined once: a second time is refused.
    let twice = post(&app, &staff, &format!("/staff/requests/{into}/join"), &[("other", &joined)]).await;
    assert_eq!(twice.status(), 422);

    // The joined request's official still endorses through their link, now for the joint request.
    for link in endorsement_links(&app, &into).await {
        assert_eq!(app.post_form(&link, &[]).await.status(), 303);
    }
    assert_eq!(move_to(&app, &staff, &into, "submitted", "concept_note").await.status(), 409, "one still awaited");
    assert_eq!(app.post_form(&joined_link, &[]).await.status(), 303);
    assert_eq!(move_to(&app, &staff, &into, "submitted", "concept_note").await.status(), 303);
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('join', 'join_in') AND record_id IN ('{into}', '{joined}')"
    );
    assert_eq!(count(&app, &audited).await, 2);

    // Joined in at the concept note, a request brings its awaited endorsement: no TA fiche
    // before it comes (then the concept note still needs the requester's agreement).
    let (late, _) = crate::requests::submit_request(&app).await;
    let late_link = endorsement_links(&app, &late).await.pop().unwrap();
    let done = post(&app, &staff, &format!("/staff/requests/{into}/join"), &[("other", &late)]).await;
    assert_eq!(done.status(), 303);
    let waiting = move_to(&app, &staff, &into, "concept_note", "ta_fiche").await;
    assert_eq!(waiting.status(), 409);
    assert!(waiting.text().await.unwrap().contains("must endorse the request before it moves on"));
    assert_eq!(app.post_form(&late_link, &[]).await.status(), 303);
    let next = move_to(&app, &staff, &into, "concept_note", "ta_fiche").await;
    assert_eq!(next.status(), 409);
    assert!(next.text().await.unwrap().contains("once the requester agrees to the latest concept note"));
});

on_both_databases!(the_demo_holds_a_joint_request_with_an_endorsement_awaited, |app| {
    let joint = "SELECT COUNT(*) FROM ta_requests r WHERE stage = 'submitted'
                 AND (SELECT COUNT(*) FROM ta_endorsements e WHERE e.request_id = r.id) = 3
                 AND (SELECT COUNT(*) FROM ta_endorsements e WHERE e.request_id = r.id AND endorsed_at IS NULL) = 1";
    assert_eq!(count(&app, joint).await, 1, "Togo with Benin, Guinea-Bissau joined in and awaited");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_requests WHERE stage = 'joined'").await, 1);
});

on_both_databases!(a_joint_ta_on_the_map_is_in_each_country_and_names_each_government_in_iati, |app| {
    let (reference, tracking) = submit_joint_request(&app).await;
    crate::requests::endorse_all(&app, &reference).await;
    let staff = app.staff_client("unit-joint-map@example.org", "admin", &[]).await;
    let path = ["submitted", "concept_note", "ta_fiche", "baseline_assessment", "ta_intervention"];
    for pair in path.windows(2) {
        match pair[0] {
            "concept_note" => crate::concept_note::agree_a_concept_note(&app, &staff, &reference, &tracking).await,
            "ta_fiche" => {
                crate::fiche::write_a_complete_fiche(&app, &staff, &reference).await;
                crate::consultation::consult_and_agree(&app, &reference).await;
            }
            "baseline_assessment" => crate::baseline::write_a_complete_baseline(&app, &staff, &reference).await,
            _ => {}
        }
        assert_eq!(move_to(&app, &staff, &reference, pair[0], pair[1]).await.status(), 303, "{pair:?}");
    }
    let publication = [
        ("title", "Labour migration regulations, Senegal and The Gambia"),
        ("summary", "Experts help both ministries draft the regulations of their labour migration policies."),
        ("language", "en"),
        ("audience", "public"),
    ];
    let published = post(&app, &staff, &format!("/staff/requests/{reference}/publish"), &publication).await;
    assert_eq!(published.status(), 303);
    let slug = reference.to_lowercase();
    for country in ["SEN", "GMB"] {
        let listed = app.text(&format!("/interventions?status=ongoing&country={country}")).await;
        assert!(listed.contains(&format!("/interventions/{slug}")), "on the map in {country}");
    }
    let iati = app.text("/api/v1/iati/activities.xml").await;
    let activity = crate::iati::activity_of(&iati, &slug);
    assert!(activity.contains(r#"<activity-scope code="3"/>"#), "a joint TA is regional: {activity}");
    assert!(activity.contains(r#"<recipient-country code="GM""#), "{activity}");
    let gambia =
        activity.split("<participating-org ").find(|org| org.contains("Government of") && org.contains("Gambia"));
    let gambia = gambia.unwrap_or_else(|| panic!("a participating-org for The Gambia: {activity}"));
    assert!(
        gambia.starts_with(r#"role="2" type="10""#)
            || (gambia.contains(r#"role="2""#) && gambia.contains(r#"type="10""#))
    );
    if let Some(standard) = crate::iati::iati_standard() {
        crate::iati::validate(&standard, "iati-activities-schema.xsd", &iati)
            .unwrap_or_else(|complaint| panic!("{complaint}"));
    }

    // Staff's export carries the governments, the stages' days and the work done.
    crate::intervention::record_an_activity(&app, &staff, &reference).await;
    let csv = get(&app, &staff, "/staff/requests.csv").await.text().await.unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let line = lines.find(|line| line.starts_with(&reference)).expect("the request's row");
    let cells: Vec<&str> = line.split(',').collect();
    let cell = |name: &str| cells[header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}"))];
    assert_eq!(cell("joint_governments"), "GMB");
    assert_eq!((cell("endorsements_given"), cell("endorsements_asked")), ("2", "2"));
    assert_eq!(cell("topics"), "labour_migration;remittances");
    assert_eq!(cell("typology"), "capacity_building");
    assert_eq!(cell("stage"), "ta_intervention");
    for reached in ["concept_note_at", "ta_fiche_at", "baseline_assessment_at", "ta_intervention_at"] {
        assert!(cell(reached).starts_with("20"), "{reached}: {line}");
    }
    assert_eq!(cell("completed_at"), "");
    assert_eq!((cell("activities_planned"), cell("activities_held")), ("1", "1"), "{line}");
    assert!(cell("people_reached").parse::<i64>().unwrap() > 0, "{line}");
    let xlsx = get(&app, &staff, "/staff/requests.xlsx").await;
    assert_eq!(xlsx.status(), 200);
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "a zip, as every XLSX");
});

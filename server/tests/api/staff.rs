//! The back office: sign-in, sessions, the request's whole lifecycle, and who may do what.

use sqlx::Row;

use crate::helpers::{authenticator, current_code, location, unix_now, TestApp, STAFF_PASSWORD};
use crate::on_both_databases;
use crate::requests::{count, submit_request};

pub async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(format!("{}{path}", app.address)).send().await.expect("request failed")
}

pub async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .form(fields)
        .send()
        .await
        .expect("request failed")
}

on_both_databases!(staff_sign_in_generically_refuses_and_signs_out, |app| {
    app.create_staff("coord@example.org", "coordinator", &["West Africa"], false).await;
    let client = app.new_client();
    assert_eq!(get(&app, &client, "/staff/login").await.status(), 200);

    for (email, password) in [("coord@example.org", "wrong password!"), ("nobody@example.org", STAFF_PASSWORD)] {
        let response = post(&app, &client, "/staff/login", &[("email", email), ("password", password)]).await;
        assert_eq!(response.status(), 401);
        let page = response.text().await.unwrap();
        assert!(page.contains("The e-mail address, password or code is not right."), "the same message for both");
        assert!(page.contains(&format!(r#"value="{email}""#)), "the address typed is kept");
    }

    let response =
        post(&app, &client, "/staff/login", &[("email", "Coord@Example.org"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let inbox = get(&app, &client, "/staff").await;
    assert_eq!(inbox.status(), 200);
    assert_eq!(inbox.headers()["cache-control"], "no-store");
    assert!(inbox.text().await.unwrap().contains("Signed in as Test coordinator (regional coordinator)"));

    assert_eq!(post(&app, &client, "/staff/logout", &[]).await.status(), 303);
    let response = get(&app, &client, "/staff").await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/staff/login?next="));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM staff_sessions").await, 0, "signing out ends the session");
});

on_both_databases!(repeated_failed_sign_ins_are_slowed_down, |app| {
    app.create_staff("admin@example.org", "admin", &[], false).await;
    let client = app.new_client();
    for _ in 0..5 {
        let response =
            post(&app, &client, "/staff/login", &[("email", "admin@example.org"), ("password", "guess")]).await;
        assert_eq!(response.status(), 401);
    }
    // Even the right password is refused until the window passes.
    let response =
        post(&app, &client, "/staff/login", &[("email", "admin@example.org"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "900");
    assert!(response.text().await.unwrap().contains("Too many failed attempts"));
});

// Found in an attack review: 50 wrong passwords sent at once got 28 password checks, since
// each try was counted only after its check.
on_both_databases!(wrong_passwords_sent_at_once_meet_the_lockout_after_five_checks, |app| {
    app.create_staff("burst@example.org", "admin", &[], false).await;
    let tries: Vec<_> = (0..25)
        .map(|i| {
            let (client, address) = (app.new_client(), app.address.clone());
            tokio::spawn(async move {
                let fields = [("email", "burst@example.org".to_owned()), ("password", format!("guess {i}"))];
                let answer = client.post(format!("{address}/staff/login")).form(&fields).send().await.unwrap();
                answer.status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tries {
        statuses.push(task.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + locked, 25, "{statuses:?}");
    assert!(checked <= 5, "{checked} passwords checked of 25 sent at once: {statuses:?}");
    // Each check made counts as a failure; the tries refused unchecked do not.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, checked as i64);
});

// Staff's doors are limited per client address like the public posts.
on_both_databases!(staff_sign_in_posts_are_limited_per_client_address, |app| {
    let client = app.new_client();
    let mut statuses = Vec::new();
    for i in 0..32 {
        let address = format!("nobody{i}@example.org");
        statuses.push(post(&app, &client, "/staff/forgot", &[("email", address.as_str())]).await.status().as_u16());
    }
    assert!(statuses[..30].iter().all(|s| *s != 429), "{statuses:?}");
    assert_eq!(statuses[30..], [429, 429], "{statuses:?}");
});

on_both_databases!(a_second_factor_is_asked_when_the_account_has_one_and_each_code_works_once, |app| {
    app.create_staff("totp@example.org", "admin", &[], true).await;
    let client = app.new_client();
    let response =
        post(&app, &client, "/staff/login", &[("email", "totp@example.org"), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 401, "password alone is not enough");
    let totp = authenticator(&app, "totp@example.org").await;
    let code = current_code(&totp).await;
    let last_steps_code = totp.generate(unix_now() - 30);
    let stale = post(
        &app,
        &client,
        "/staff/login",
        &[("email", "totp@example.org"), ("password", STAFF_PASSWORD), ("code", &last_steps_code)],
    )
    .await;
    assert_eq!(stale.status(), 401, "the code of the step before has expired");
    let response = post(
        &app,
        &client,
        "/staff/login",
        &[("email", "totp@example.org"), ("password", STAFF_PASSWORD), ("code", &code)],
    )
    .await;
    assert_eq!(response.status(), 303);
    // A code signs in once: seen over a shoulder or replayed, it is refused within its 30 s.
    let replay = post(
        &app,
        &app.new_client(),
        "/staff/login",
        &[("email", "totp@example.org"), ("password", STAFF_PASSWORD), ("code", &code)],
    )
    .await;
    assert_eq!(replay.status(), 401, "the same code a second time");
});

on_both_databases!(a_coordinator_takes_a_request_through_every_stage, |app| {
    let (reference, tracking) = submit_request(&app).await;
    let coordinator = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;
    let inbox = get(&app, &coordinator, "/staff/requests").await.text().await.unwrap();
    assert!(inbox.contains(&reference), "the West African request is in the coordinator's inbox");
    assert!(inbox.contains("Requests by topic") && inbox.contains("Labour migration"), "the dashboard counts by topic");
    assert!(
        !inbox.contains("Ministry of Employment (demo)") && !inbox.contains("Pacific</th>"),
        "nothing of another region, not even in the counts"
    );
    let page_path = format!("/staff/requests/{reference}");
    let page = get(&app, &coordinator, &page_path).await.text().await.unwrap();
    assert!(page.contains("focal@example.org") && page.contains("Ministry of the Interior"));

    // Not completed yet: nothing to publish.
    let early = post(&app, &coordinator, &format!("{page_path}/publish"), &[("title", "x"), ("summary", "y")]).await;
    assert_eq!(early.status(), 409);
    // Skipping a stage or going back is refused.
    let response =
        post(&app, &coordinator, &format!("{page_path}/stage"), &[("from", "submitted"), ("to", "ta_fiche")]).await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("The request cannot move to that stage from the one it is at."));

    let path = ["submitted", "concept_note", "ta_fiche", "baseline_assessment", "ta_intervention", "completed"];
    for pair in path.windows(2) {
        if pair[0] == "submitted" {
            crate::requests::endorse_all(&app, &reference).await;
        }
        if pair[0] == "concept_note" {
            crate::concept_note::agree_a_concept_note(&app, &coordinator, &reference, &tracking).await;
        }
        if pair[0] == "ta_fiche" {
            crate::fiche::write_a_complete_fiche(&app, &coordinator, &reference).await;
            crate::consultation::consult_and_agree(&app, &reference).await;
        }
        if pair[0] == "baseline_assessment" {
            crate::baseline::write_a_complete_baseline(&app, &coordinator, &reference).await;
        }
        if pair[0] == "ta_intervention" {
            crate::intervention::record_an_activity(&app, &coordinator, &reference).await;
            crate::completion::write_results_and_lessons(&app, &coordinator, &reference).await;
        }
        let response =
            post(&app, &coordinator, &format!("{page_path}/stage"), &[("from", pair[0]), ("to", pair[1])]).await;
        assert_eq!(response.status(), 303, "{} -> {}", pair[0], pair[1]);
        assert_eq!(location(&response), format!("{page_path}?done=moved"));
    }
    // Every change is in the request's history, newest first, with who made it and the
    // states before and after.
    let history_path = format!("{page_path}/history");
    let history = get(&app, &coordinator, &history_path).await.text().await.unwrap();
    for change in [
        "Request submitted",
        "The requester",
        "Concept note agreed",
        "Fiche result added",
        "Consultation round opened",
        "Consultation answer",
        "Baseline findings and recommendations",
        "Baseline document added",
        "Activity carried out",
        "Achieved value of an indicator",
        "Lessons learned",
        "Test coordinator",
        "Baseline assessment",
    ] {
        assert!(history.contains(change), "the history shows {change}");
    }
    // Every action the log holds for the request has a name in the reader's language.
    let actions: Vec<String> =
        sqlx::query_scalar(&format!("SELECT DISTINCT action FROM audit_log WHERE record_id = '{reference}'"))
            .fetch_all(&app.pool().await)
            .await
            .unwrap();
    for action in &actions {
        assert!(app::i18n::REQUEST_ACTIONS.contains(&action.as_str()), "{action} has no name on the history page");
    }
    let position = |text: &str| history.find(text).unwrap();
    assert!(position("Stage moved") < position("Request submitted"), "newest first");
    assert_eq!(get(&app, &coordinator, &format!("{history_path}?page=0")).await.status(), 400);
    // A long history is paged, and the pages hold every change once.
    let pool = app.pool().await;
    for i in 0..60 {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, record_type, record_id, to_state)
             VALUES ('2026-01-01T00:00:00Z', 'system', 'note', 'ta_request', $1, $2)",
        )
        .bind(&reference)
        .bind(format!("old change {i:02}"))
        .execute(&pool)
        .await
        .unwrap();
    }
    let total = crate::requests::count(
        &app,
        &format!("SELECT COUNT(*) FROM audit_log WHERE record_type = 'ta_request' AND record_id = '{reference}'"),
    )
    .await;
    let first = get(&app, &coordinator, &history_path).await.text().await.unwrap();
    assert!(first.contains(&format!("{history_path}?page=2")), "a link to the next page");
    let second = get(&app, &coordinator, &format!("{history_path}?page=2")).await.text().await.unwrap();
    let rows = |page: &str| page.matches("<tr>").count() as i64 - 1;
    assert_eq!(rows(&first) + rows(&second), total, "every change on one of the pages");
    assert!(second.contains("old change 00") && !first.contains("old change 00"));

    // A stale form (the request moved meanwhile) changes nothing.
    let response =
        post(&app, &coordinator, &format!("{page_path}/stage"), &[("from", "ta_intervention"), ("to", "completed")])
            .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Someone else moved this request meanwhile."));

    // Publishing: the summary is checked and the title kept; then the map shows it, at once
    // although the map was just read (and kept) without it.
    let slug = reference.to_lowercase();
    let map_path = "/interventions?country=SEN&q=regulations";
    assert!(!app.text(map_path).await.contains(&format!("/interventions/{slug}")));
    let publish = format!("{page_path}/publish");
    let title = "Regulations for labour migration, Senegal";
    let response = post(&app, &coordinator, &publish, &[("title", title), ("summary", "Short")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains(&format!(r#"value="{title}""#)));
    let summary = "Experts helped the ministry draft the regulations of its labour migration policy.";
    let fields = [("title", title), ("summary", summary), ("language", "en"), ("audience", "public")];
    assert_eq!(post(&app, &coordinator, &publish, &fields).await.status(), 303);
    assert_eq!(post(&app, &coordinator, &publish, &fields).await.status(), 409, "once only");
    let map = app.text(map_path).await;
    assert!(map.contains(&format!("/interventions/{slug}")), "the published request is on the map");
    let detail = app.text(&format!("/interventions/{slug}")).await;
    assert!(detail.contains(title) && detail.contains(summary));

    let tracking_page = app.text(&tracking).await;
    assert!(tracking_page.contains("Moved to: Concept note") && tracking_page.contains("Moved to: Completed"));
    assert!(tracking_page.contains("Nobody: the request is closed."));

    let moves = format!("SELECT COUNT(*) FROM audit_log WHERE action = 'move_stage' AND record_id = '{reference}'");
    assert_eq!(count(&app, &moves).await, 5);
    let mails = format!("SELECT COUNT(*) FROM outbox WHERE about = 'ta_request:{reference}' AND subject LIKE '%news from the programme'");
    assert_eq!(count(&app, &mails).await, 5);
    let pool = app.pool().await;
    let actor: String = sqlx::query(
        "SELECT actor FROM audit_log WHERE action = 'move_stage' AND to_state = 'completed' AND record_id = $1",
    )
    .bind(&reference)
    .fetch_one(&pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert!(actor.starts_with("staff:"));
});

on_both_databases!(declining_needs_a_reason_the_requester_then_reads, |app| {
    let (received, declined) = ("TA requests received on this portal", "Requests declined");
    let (received_before, declined_before) = (app.home_figure(received).await, app.home_figure(declined).await);
    let (reference, tracking) = submit_request(&app).await;
    assert_eq!(app.home_figure(received).await, received_before + 1, "the home page counts the request");
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    let stage_path = format!("/staff/requests/{reference}/stage");
    let response =
        post(&app, &admin, &stage_path, &[("from", "submitted"), ("to", "declined"), ("reason", "  ")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("This answer is required."));
    let reason = "Outside the programme's scope: <b>please</b> contact the national partner.";
    let response =
        post(&app, &admin, &stage_path, &[("from", "submitted"), ("to", "declined"), ("reason", reason)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.home_figure(declined).await, declined_before + 1);
    let page = app.text(&tracking).await;
    assert!(
        page.contains("Outside the programme&#x27;s scope: &lt;b&gt;please&lt;/b&gt;")
            || page.contains("Outside the programme's scope: &lt;b&gt;please&lt;/b&gt;"),
        "reason shown, escaped"
    );

    // Messages reach the tracking page; notes stay internal.
    let detail = format!("/staff/requests/{reference}");
    assert_eq!(
        post(&app, &admin, &format!("{detail}/message"), &[("message", "We will call you on Monday.")]).await.status(),
        303
    );
    assert_eq!(
        post(&app, &admin, &format!("{detail}/note"), &[("note", "Internal: check with EU delegation.")])
            .await
            .status(),
        303
    );
    let page = app.text(&tracking).await;
    assert!(page.contains("We will call you on Monday."));
    assert!(!page.contains("check with EU delegation"));
    assert!(get(&app, &admin, &detail).await.text().await.unwrap().contains("Internal: check with EU delegation."));
});

on_both_databases!(the_first_page_lists_the_work_waiting_for_whoever_signs_in, |app| {
    let (reference, _) = submit_request(&app).await;
    let waf = app.staff_client("waf-work@example.org", "coordinator", &["West Africa"]).await;
    let pacific = app.staff_client("pac-work@example.org", "coordinator", &["Pacific"]).await;
    let admin = app.staff_client("admin-work@example.org", "admin", &[]).await;

    let page = get(&app, &waf, "/staff").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("<h1>My work</h1>"));
    let requests = page.split("Requests at a stage").nth(1).expect("the requests waiting");
    assert!(requests.contains(&format!(r#"href="/staff/requests/{reference}""#)), "the coordinator's region's request");
    assert!(
        requests.contains("1 waiting") && requests.contains("1 endorsement awaited"),
        "counted, and what it waits for"
    );
    assert!(page.contains("Grant applications for you to score") && page.contains("Nothing waits here."));
    assert!(get(&app, &admin, "/staff").await.text().await.unwrap().contains(&reference), "the management unit's too");
    let elsewhere = get(&app, &pacific, "/staff").await.text().await.unwrap();
    assert!(!elsewhere.contains(&reference) && elsewhere.contains("Nothing waits here."), "not another region's");

    // The inbox moved to /staff/requests; an old link with a filter still finds it.
    let old = get(&app, &waf, "/staff?stage=submitted").await;
    assert_eq!(old.status(), 303);
    assert_eq!(location(&old), "/staff/requests?stage=submitted");
    let oldest = get(&app, &waf, "/staff/requests?sort=oldest").await;
    assert_eq!(oldest.status(), 200);
    assert!(oldest.text().await.unwrap().contains(&reference));
    assert_eq!(get(&app, &waf, "/staff/requests?sort=sideways").await.status(), 400);
});

on_both_databases!(every_staff_endpoint_denies_by_default, |app| {
    let (reference, _) = submit_request(&app).await;
    let detail = format!("/staff/requests/{reference}");
    let gets = [
        "/staff".to_owned(),
        "/staff/requests".to_owned(),
        "/staff/requests.csv".to_owned(),
        "/staff/requests.xlsx".to_owned(),
        "/staff/outbox".to_owned(),
        detail.clone(),
    ];
    let posts =
        [format!("{detail}/stage"), format!("{detail}/message"), format!("{detail}/note"), format!("{detail}/publish")];
    let fields: &[(&str, &str)] =
        &[("from", "submitted"), ("to", "concept_note"), ("message", "x"), ("note", "x"), ("title", "x")];

    // Anonymous: sent to sign in, nothing changes.
    let anonymous = app.new_client();
    for path in &gets {
        let response = get(&app, &anonymous, path).await;
        assert_eq!(response.status(), 303, "GET {path}");
        assert!(location(&response).starts_with("/staff/login"));
    }
    for path in &posts {
        assert_eq!(post(&app, &anonymous, path, fields).await.status(), 303, "POST {path}");
    }

    // A coordinator of another region: the request does not exist for them.
    let pacific = app.staff_client("pac@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(get(&app, &pacific, &detail).await.status(), 404);
    for path in &posts {
        assert_eq!(post(&app, &pacific, path, fields).await.status(), 404, "POST {path}");
    }
    assert!(!get(&app, &pacific, "/staff").await.text().await.unwrap().contains(&reference));
    assert!(!get(&app, &pacific, "/staff/requests").await.text().await.unwrap().contains(&reference));
    assert!(!get(&app, &pacific, "/staff/requests.csv").await.text().await.unwrap().contains(&reference));
    assert_eq!(get(&app, &pacific, "/staff/outbox").await.status(), 403, "the outbox is the management unit's");
    let events = format!("SELECT COUNT(*) FROM ta_request_events e JOIN ta_requests r ON r.id = e.request_id WHERE r.reference = '{reference}'");
    assert_eq!(count(&app, &events).await, 1, "only the submission");

    // The region's coordinator and the management unit see it.
    let waf = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;
    assert_eq!(get(&app, &waf, &detail).await.status(), 200);
    let csv = get(&app, &waf, "/staff/requests.csv").await.text().await.unwrap();
    assert!(csv.starts_with("reference,institution,requester,region,stage,submitted_at") && csv.contains(&reference));
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    assert_eq!(get(&app, &admin, &detail).await.status(), 200);
    let outbox = get(&app, &admin, "/staff/outbox").await;
    assert_eq!(outbox.status(), 200);
    assert!(outbox.text().await.unwrap().contains("focal@example.org"));

    // A staff post from another site is refused before it is read.
    let response = admin
        .post(format!("{}{detail}/note", app.address))
        .header("origin", "https://evil.example")
        .form(&[("note", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ta_request_notes").await, 0);

    // Bad filters are a clear 400 naming them, in the reader's language.
    let bad = get(&app, &admin, "/staff/requests?stage=lost").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("The search asked for values it does not know: stage."));
    let bad = admin
        .get(format!("{}/staff/requests?stage=lost&region=nowhere", app.address))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains(r#"lang="fr""#) && bad.contains("valeurs qu'elle ne connaît pas : stage, region"), "{bad}");
});

on_both_databases!(the_requester_replies_to_the_coordinator_and_can_withdraw, |app| {
    let (reference, tracking) = submit_request(&app).await;
    let coordinator = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;

    let response = app.post_form(&format!("{tracking}/reply"), &[("message", "   ")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("This answer is required."));
    let reply = "We can host the experts from March; the letter follows by post.";
    let response = app.post_form(&format!("{tracking}/reply"), &[("message", reply)]).await;
    assert_eq!(response.status(), 303);
    let page = app.text(&format!("{tracking}?done=reply")).await;
    assert!(
        page.contains("Your message has been sent to the programme.") && page.contains("Message from the requester")
    );
    let to_coordinator = format!(
        "SELECT COUNT(*) FROM outbox WHERE to_address = 'waf@example.org' AND about = 'ta_request:{reference}'"
    );
    assert_eq!(count(&app, &to_coordinator).await, 1, "the coordinator holding the file is told");
    let staff_page = get(&app, &coordinator, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(staff_page.contains(reply));

    let stale = app.post_form(&format!("{tracking}/withdraw"), &[("from", "concept_note")]).await;
    assert_eq!(stale.status(), 409, "stale form");
    assert!(stale.text().await.unwrap().contains("Reload its page to see where it stands."));
    let response = app.post_form(&format!("{tracking}/withdraw"), &[("from", "submitted")]).await;
    assert_eq!(response.status(), 303);
    let page = app.text(&format!("{tracking}?done=withdrawn")).await;
    assert!(page.contains("The request has been withdrawn.") && page.contains("Moved to: Withdrawn"));
    assert_eq!(app.post_form(&format!("{tracking}/reply"), &[("message", "again")]).await.status(), 409, "closed");
    // Said in the requester's language, like every page they see.
    let closed = app
        .client
        .post(format!("{}{tracking}/reply", app.address))
        .header("origin", &app.address)
        .header("accept-language", "fr")
        .form(&[("message", "encore")])
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 409);
    let closed = closed.text().await.unwrap();
    assert!(closed.contains(r#"lang="fr""#) && closed.contains("Cette demande est close"), "{closed}");
    assert_eq!(app.post_form(&format!("{tracking}/withdraw"), &[("from", "withdrawn")]).await.status(), 409);
    let staff_page = get(&app, &coordinator, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(staff_page.contains("This request is closed; it cannot move any more."));
});

on_both_databases!(a_new_request_is_announced_to_the_coordinators_of_its_region, |app| {
    app.create_staff("waf@example.org", "coordinator", &["West Africa"], false).await;
    app.create_staff("pac@example.org", "coordinator", &["Pacific"], false).await;
    app.create_staff("admin@example.org", "admin", &[], false).await;
    let (reference, _) = submit_request(&app).await;
    let notices = |to: &str| {
        format!("SELECT COUNT(*) FROM outbox WHERE to_address = '{to}' AND subject = 'New request {reference}'")
    };
    assert_eq!(count(&app, &notices("waf@example.org")).await, 1);
    assert_eq!(count(&app, &notices("pac@example.org")).await, 0);
    assert_eq!(count(&app, &notices("admin@example.org")).await, 0, "the region has its own coordinator");
});

on_both_databases!(staff_sessions_end_when_idle_or_too_old, |app| {
    let client = app.staff_client("admin@example.org", "admin", &[]).await;
    assert_eq!(get(&app, &client, "/staff").await.status(), 200);
    let pool = app.pool().await;
    let format = &time::format_description::well_known::Rfc3339;
    let ago = |minutes: i64| {
        (time::OffsetDateTime::now_utc() - time::Duration::minutes(minutes))
            .replace_nanosecond(0)
            .unwrap()
            .format(format)
            .unwrap()
    };

    // Unused for 31 minutes: over the 30-minute idle limit.
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1").bind(ago(31)).execute(&pool).await.unwrap();
    assert_eq!(get(&app, &client, "/staff").await.status(), 303);

    // Busy, but signed in more than 12 hours ago.
    let client = app.staff_client("admin@example.org", "admin", &[]).await;
    sqlx::query("UPDATE staff_sessions SET expires_at = $1").bind(ago(1)).execute(&pool).await.unwrap();
    assert_eq!(get(&app, &client, "/staff").await.status(), 303);
});

on_both_databases!(staff_change_their_own_password_and_may_end_their_other_sessions, |app| {
    app.create_staff("password@example.org", "coordinator", &["West Africa"], false).await;
    let sign_in = |password: &'static str| {
        let client = app.new_client();
        let form = [("email", "password@example.org"), ("password", password), ("next", "/staff")];
        let url = format!("{}/staff/login", app.address);
        async move { (client.post(url).form(&form).send().await.unwrap().status(), client) }
    };
    let (_, here) = sign_in(STAFF_PASSWORD).await;
    let (_, elsewhere) = sign_in(STAFF_PASSWORD).await;
    let page = get(&app, &here, "/staff/password").await.text().await.unwrap();
    for control in [r#"id="field-current_password""#, r#"id="field-new_password""#, r#"type="password""#] {
        assert!(page.contains(control), "the form has {control}");
    }

    let typed = [("current_password", "not my passphrase at all"), ("new_password", "Password123!")];
    let refused = here
        .post(format!("{}/staff/password", app.address))
        .header("origin", &app.address)
        .header("accept-language", "fr")
        .form(&[typed[0], typed[1], ("end_other_sessions", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Ce n'est pas votre mot de passe actuel.") && page.contains(r#"id="current_password-error""#)
    );
    assert!(page.contains("trop facile à deviner") && page.contains(r#"id="new_password-error""#));
    assert!(!page.contains("not my passphrase") && !page.contains("Password123!"), "passwords are never sent back");

    let new_password = "river lantern copper tulip";
    let form = [("current_password", STAFF_PASSWORD), ("new_password", new_password), ("end_other_sessions", "yes")];
    let changed = post(&app, &here, "/staff/password", &form).await;
    assert_eq!(location(&changed), "/staff/password?changed=1");
    assert_eq!(get(&app, &here, "/staff").await.status(), 200, "this session goes on");
    assert!(location(&get(&app, &elsewhere, "/staff").await).starts_with("/staff/login"), "the other one ended");
    assert_eq!(sign_in(STAFF_PASSWORD).await.0, 401, "the old password no longer works");
    assert_eq!(sign_in("river lantern copper tulip").await.0, 303);
    let audited = count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'password_change'").await;
    assert_eq!(audited, 1);
});

/// A browser that says it is `user_agent`, signed in to the account `email`.
async fn signed_in_browser(app: &TestApp, email: &str, user_agent: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .build()
        .unwrap();
    let response = post(app, &client, "/staff/login", &[("email", email), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 303, "sign-in of {email}");
    client
}

/// The `end` button values offered on a sessions page.
fn end_buttons(page: &str) -> Vec<String> {
    page.split("name=\"end\" value=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).collect()
}

on_both_databases!(staff_see_where_they_are_signed_in_and_end_sessions_with_their_password, |app| {
    app.create_staff("admin@example.org", "admin", &[], false).await;
    app.create_staff("other@example.org", "admin", &[], false).await;
    let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    let phone =
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    let desk = signed_in_browser(&app, "admin@example.org", firefox).await;
    let mobile = signed_in_browser(&app, "admin@example.org", phone).await;
    let laptop = signed_in_browser(&app, "admin@example.org", "curl/8.5.0").await;
    let stranger = signed_in_browser(&app, "other@example.org", firefox).await;

    let page = get(&app, &desk, "/staff/sessions").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains("Firefox, Windows") && page.contains("Chrome, Android") && page.contains("Unknown browser"));
    assert!(page.contains("This browser"));
    let buttons = end_buttons(&page);
    assert_eq!(buttons.len(), 3, "one per other session, and all others: {buttons:?}");
    assert!(buttons.contains(&"others".to_owned()));
    let stranger_key = end_buttons(&get(&app, &stranger, "/staff/sessions").await.text().await.unwrap());
    assert!(stranger_key.is_empty(), "a single session has nothing else to end");

    // Without the password, or with a wrong one, nothing ends and the page says why.
    let phone_key = {
        let page = get(&app, &desk, "/staff/sessions").await.text().await.unwrap();
        // Up to the row's end: the last session row is followed by the "all others" button.
        let row = page.split("<tr>").find(|row| row.contains("Chrome, Android")).unwrap();
        let row = row.split("</tr>").next().unwrap();
        let buttons = end_buttons(row);
        assert_eq!(buttons.len(), 1, "one button per session row: {buttons:?}");
        buttons[0].clone()
    };
    let wrong =
        post(&app, &desk, "/staff/sessions", &[("end", &phone_key), ("current_password", "not it at all")]).await;
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("This is not your current password.") && wrong.contains("aria-invalid=\"true\""));
    assert_eq!(get(&app, &mobile, "/staff").await.status(), 200, "still signed in");
    assert_eq!(post(&app, &desk, "/staff/sessions", &[("end", "nonsense")]).await.status(), 400);

    // Another account's session cannot be named: the stranger stays signed in.
    let stranger_hash: String =
        sqlx::query("SELECT s.token_hash FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE u.email = 'other@example.org'")
            .fetch_one(&app.pool().await)
            .await
            .unwrap()
            .get(0);
    let ended =
        post(&app, &desk, "/staff/sessions", &[("end", &stranger_hash[..16]), ("current_password", STAFF_PASSWORD)])
            .await;
    assert_eq!(location(&ended), "/staff/sessions?ended=0");
    assert_eq!(get(&app, &stranger, "/staff").await.status(), 200);

    // The phone's session ends; the others go on.
    let ended =
        post(&app, &desk, "/staff/sessions", &[("end", &phone_key), ("current_password", STAFF_PASSWORD)]).await;
    assert_eq!(location(&ended), "/staff/sessions?ended=1");
    assert!(get(&app, &desk, "/staff/sessions?ended=1").await.text().await.unwrap().contains("Sessions ended: 1."));
    assert!(location(&get(&app, &mobile, "/staff").await).starts_with("/staff/login"));
    assert_eq!(get(&app, &laptop, "/staff").await.status(), 200);

    // Then every other one; this browser stays signed in.
    let ended = post(&app, &desk, "/staff/sessions", &[("end", "others"), ("current_password", STAFF_PASSWORD)]).await;
    assert_eq!(location(&ended), "/staff/sessions?ended=1");
    assert!(location(&get(&app, &laptop, "/staff").await).starts_with("/staff/login"));
    assert_eq!(get(&app, &desk, "/staff").await.status(), 200);
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'end_sessions'";
    assert_eq!(count(&app, audited).await, 3, "each ending is audited, the one that ended nothing too");
});

on_both_databases!(an_operator_signs_out_one_address_or_everyone, |app| {
    let coordinator = app.staff_client("coord@example.org", "coordinator", &["West Africa"]).await;
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    let pool = app.pool().await;
    let ended =
        app::db::staff::end_sessions_of(&pool, Some(" Coord@Example.org "), "2026-11-30T12:00:00Z").await.unwrap();
    assert_eq!(ended, app::db::staff::EndedSessions { staff: 1, experts: 0 });
    assert!(location(&get(&app, &coordinator, "/staff").await).starts_with("/staff/login"));
    assert_eq!(get(&app, &admin, "/staff").await.status(), 200, "another account goes on");
    let ended = app::db::staff::end_sessions_of(&pool, None, "2026-11-30T12:00:00Z").await.unwrap();
    assert_eq!(ended.staff, 1);
    assert!(location(&get(&app, &admin, "/staff").await).starts_with("/staff/login"));
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'end_sessions' AND actor = 'operator'";
    assert_eq!(count(&app, audited).await, 2);
});

on_both_databases!(the_inbox_is_read_page_by_page_and_its_export_carries_every_request, |app| {
    let (reference, _) = submit_request(&app).await;
    let pool = app.pool().await;
    let columns = "stage, region_code, requester_type, country_iso3, organisation_code, department, official_name, \
        official_position, work_language, focal_name, focal_position, focal_email, focal_phone, typology_code, \
        background, objectives, expected_results, beneficiaries, policy_link, other_support, preferred_start, \
        preferred_end, locale, updated_at";
    for n in 1..=120 {
        let copy = format!(
            "INSERT INTO ta_requests (reference, tracking_token_hash, institution, submitted_at, {columns})
             SELECT $1, $2, $3, $4, {columns} FROM ta_requests WHERE reference = $5"
        );
        sqlx::query(&copy)
            .bind(format!("TA-2020-{n:04}"))
            .bind(format!("copy-{n}"))
            .bind(format!("Institution number {n}."))
            .bind(format!("2020-01-01T00:{:02}:{:02}Z", n / 60, n % 60))
            .bind(&reference)
            .execute(&pool)
            .await
            .unwrap();
    }
    let admin = app.staff_client("inbox-admin@example.org", "admin", &[]).await;
    let page = |query: String| {
        let request = admin.get(format!("{}/staff/requests{query}", app.address));
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, first) = page(String::new()).await;
    assert_eq!(status, 200);
    assert!(first.contains(&reference) && first.contains("Institution number 120."), "newest first");
    assert!(!first.contains("Institution number 70."), "50 a page");
    assert!(first.contains("Page 1 of 3") && first.contains(r#"href="/staff/requests?page=2""#));
    let mut seen = vec![0; 121];
    for number in 1..=3 {
        let (status, text) = page(format!("?page={number}")).await;
        assert_eq!(status, 200);
        for n in 1..=120 {
            seen[n] += usize::from(text.contains(&format!("Institution number {n}.")));
        }
    }
    assert!(seen[1..].iter().all(|times| *times == 1), "every request on exactly one page: {seen:?}");
    // A filter stays in the page links; a page that is not a number is a clear 400.
    let (_, filtered) = page("?stage=submitted".into()).await;
    assert!(filtered.contains(r#"href="/staff/requests?stage=submitted&amp;page=2""#), "the filter kept");
    assert_eq!(page("?page=0".into()).await.0, 400);
    assert_eq!(page("?page=two".into()).await.0, 400);

    // The export is not paged: it carries every request the filter selects.
    let csv = admin.get(format!("{}/staff/requests.csv?stage=submitted", app.address)).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!((1..=120).all(|n| csv.contains(&format!("Institution number {n}."))) && csv.contains(&reference));
});

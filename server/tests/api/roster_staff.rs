//! The roster in the back office: search by language, level, topic and words; profiles and
//! CVs; the CSV export; and who may reach which roster address.

use sqlx::Row;

use crate::helpers::{location, TestApp, PDF};
use crate::on_both_databases;
use crate::roster::{enrol, link_mailed_to};

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Response {
    client.get(format!("{}{path}", app.address)).send().await.unwrap()
}

/// Three experts: Ana (French C1, labour migration, West Africa), Ben (English only, visas,
/// Kenyan) and Carla (French B1, address not confirmed).
async fn three_experts(app: &TestApp) -> (i64, i64, i64) {
    let ana = enrol(app, "ana@example.org", &[], true).await;
    let ben = enrol(
        app,
        "ben@example.org",
        &[
            ("full_name", "Ben Sample"),
            ("nationality", "KEN"),
            ("language_fr", ""),
            ("language_pt", ""),
            ("language_en", "C2"),
            ("topics", "visas"),
            ("sector", "public_administration"),
        ],
        true,
    )
    .await;
    let carla = enrol(app, "carla@example.org", &[("full_name", "Carla Test"), ("language_fr", "B1")], false).await;
    (ana, ben, carla)
}

on_both_databases!(staff_find_experts_by_language_level_topic_and_words, |app| {
    let (ana, _ben, carla) = three_experts(&app).await;
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    let coordinator = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;

    let page = get(&admin, &app, "/staff/experts?language=fr&level=B2&topic=labour_migration").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains("Ana Exemplo"), "French C1 and labour migration");
    assert!(!page.contains("Ben Sample") && !page.contains("Carla Test"));
    assert!(get(&admin, &app, "/staff/experts?language=en").await.text().await.unwrap().contains("Ben Sample"));
    let by_words = get(&admin, &app, "/staff/experts?q=exemplo+UNIVERSITY").await.text().await.unwrap();
    assert!(by_words.contains("Ana Exemplo") && !by_words.contains("Ben Sample"), "words are folded");
    let kenyans = get(&admin, &app, "/staff/experts?nationality=KEN&sector=public_administration").await;
    assert!(kenyans.text().await.unwrap().contains("Ben Sample"));

    // Free on given days: not during a period she said she cannot work (July and August 2027).
    let busy = get(&admin, &app, "/staff/experts?q=exemplo&available_from=2027-07-10&available_until=2027-07-20").await;
    assert!(!busy.text().await.unwrap().contains("Ana Exemplo"));
    let free = get(&admin, &app, "/staff/experts?q=exemplo&available_from=2027-09-01&available_until=2027-09-10").await;
    assert!(free.text().await.unwrap().contains("Ana Exemplo"));
    assert_eq!(
        get(&admin, &app, "/staff/experts?available_from=2027-09-10&available_until=2027-09-01").await.status(),
        400
    );

    // Unconfirmed profiles: the management unit can look for them; a coordinator cannot.
    let unverified = get(&admin, &app, "/staff/experts?status=unverified").await.text().await.unwrap();
    assert!(unverified.contains("Carla Test") && !unverified.contains("Ana Exemplo"));
    let coordinator_view = get(&coordinator, &app, "/staff/experts?status=unverified").await.text().await.unwrap();
    assert!(!coordinator_view.contains("Carla Test"));
    assert_eq!(get(&coordinator, &app, &format!("/staff/experts/{carla}")).await.status(), 404);
    let carla_page = get(&admin, &app, &format!("/staff/experts/{carla}")).await.text().await.unwrap();
    assert!(carla_page.contains("Awaiting confirmation"));

    // A profile and its CV; reading the CV is audited.
    let profile = get(&coordinator, &app, &format!("/staff/experts/{ana}")).await;
    assert_eq!(profile.status(), 200);
    let profile = profile.text().await.unwrap();
    assert!(profile.contains("referee@example.org") && profile.contains("Download the CV: CV Ana.pdf"));
    assert!(!profile.contains(r#"href="/experts/me"#), "staff get no change links");
    let cv = get(&coordinator, &app, &format!("/staff/experts/{ana}/cv")).await;
    assert_eq!(cv.headers()["content-type"], "application/pdf");
    assert_eq!(cv.bytes().await.unwrap().as_ref(), PDF);
    let audited = sqlx::query("SELECT COUNT(*) FROM audit_log WHERE action = 'download_cv' AND record_id = $1")
        .bind(ana.to_string())
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap();
    assert_eq!(audited, 1);

    // The CSV export: the management unit's only.
    let csv = get(&admin, &app, "/staff/experts.csv?language=fr").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("id,name,email,") && csv.contains("ana@example.org") && csv.contains("fr:C1; pt:C2"));
    assert!(!csv.contains("ben@example.org"));
    assert_eq!(get(&coordinator, &app, "/staff/experts.csv").await.status(), 403);

    // Bad search values and addresses get clear answers.
    let bad = get(&admin, &app, "/staff/experts?level=native&page=0").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("The search asked for values it does not know: level, page."));
    assert_eq!(get(&admin, &app, "/staff/experts/not-a-number").await.status(), 400);
    assert_eq!(get(&admin, &app, "/staff/experts/999999").await.status(), 404);
});

on_both_databases!(roster_addresses_answer_only_to_whom_they_belong, |app| {
    let (_ana, ben, _carla) = three_experts(&app).await;
    let coordinator = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    // Ana signed in to her own space, in a browser of her own.
    let ana_browser = app.new_client();
    let sign_in = ana_browser
        .post(format!("{}/experts/sign-in", app.address))
        .header("origin", &app.address)
        .form(&[("email", "ana@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&sign_in), "/experts/sign-in?sent=1");
    let link = link_mailed_to(&app, "ana@example.org").await;
    let opened =
        ana_browser.post(format!("{}{link}", app.address)).header("origin", &app.address).send().await.unwrap();
    assert_eq!(location(&opened), "/experts/me");
    let anonymous = app.new_client();

    // (path, anonymous, expert, coordinator, admin): the status each gets.
    let staff_only = |path: String| (path, 303, 303, 200, 200);
    let matrix = [
        staff_only("/staff/experts".into()),
        ("/staff/experts.csv".into(), 303, 303, 403, 200),
        staff_only(format!("/staff/experts/{ben}")),
        staff_only(format!("/staff/experts/{ben}/cv")),
        ("/experts/me".into(), 303, 200, 303, 303),
        ("/experts/me/data".into(), 303, 200, 303, 303),
        ("/experts/me/profile".into(), 303, 200, 303, 303),
        ("/experts/me/erase".into(), 303, 200, 303, 303),
        ("/experts/me/sessions".into(), 303, 200, 303, 303),
    ];
    for (path, for_anonymous, for_expert, for_coordinator, for_admin) in matrix {
        for (who, client, expected) in [
            ("anonymous", &anonymous, for_anonymous),
            ("expert", &ana_browser, for_expert),
            ("coordinator", &coordinator, for_coordinator),
            ("admin", &admin, for_admin),
        ] {
            assert_eq!(get(client, &app, &path).await.status(), expected, "{who} GET {path}");
        }
    }
    // Writes to an expert's space need that expert's session.
    for client in [&anonymous, &coordinator, &admin] {
        let response = client
            .post(format!("{}/experts/me/erase", app.address))
            .header("origin", &app.address)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/experts/sign-in");
    }
    assert_eq!(
        sqlx::query("SELECT COUNT(*) FROM experts WHERE status = 'active' AND email_key NOT LIKE '%@demo.invalid'")
            .fetch_one(&app.pool().await)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap(),
        2,
        "nobody else could erase a profile"
    );
    // Her space shows her profile, never another's.
    let own = get(&ana_browser, &app, "/experts/me").await.text().await.unwrap();
    assert!(own.contains("Ana Exemplo") && !own.contains("Ben Sample"));
    let export = get(&ana_browser, &app, "/experts/me/data").await.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(export.to_vec())).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("profile.json").unwrap(), &mut json).unwrap();
    assert!(json.contains("ana@example.org") && !json.contains("ben@example.org"));
});

/// A browser signed in to `email`'s own space.
async fn expert_browser(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = app.new_client();
    let asked = browser
        .post(format!("{}/experts/sign-in", app.address))
        .header("origin", &app.address)
        .form(&[("email", email)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&asked), "/experts/sign-in?sent=1");
    let link = link_mailed_to(app, email).await;
    let opened = browser.post(format!("{}{link}", app.address)).header("origin", &app.address).send().await.unwrap();
    assert_eq!(location(&opened), "/experts/me");
    browser
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    client.post(format!("{}{path}", app.address)).header("origin", &app.address).form(fields).send().await.unwrap()
}

async fn subject_of_newest_mail_to(app: &TestApp, to: &str) -> String {
    sqlx::query("SELECT subject FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

on_both_databases!(a_coordinator_matches_shortlists_contacts_and_assigns_an_expert, |app| {
    let (ana, ben, _carla) = three_experts(&app).await;
    let dina = enrol(
        &app,
        "dina@example.org",
        &[("full_name", "Dina Senegal"), ("nationality", "SEN"), ("language_fr", "B2")],
        true,
    )
    .await;
    // A request from Senegal's interior ministry, in French, on labour migration and remittances.
    let (reference, _) = crate::requests::submit_request(&app).await;
    let coordinator = app.staff_client("waf@example.org", "coordinator", &["West Africa"]).await;
    let path = format!("/staff/requests/{reference}");

    let page = get(&coordinator, &app, &path).await.text().await.unwrap();
    let suggestions = &page[page.find("Experts who fit this request").expect("the suggestions")..];
    assert!(suggestions.contains("Ana Exemplo"), "French C1 and labour migration");
    assert!(!suggestions.contains("Ben Sample"), "no French, another topic");
    assert!(!suggestions.contains("Carla Test"), "address not confirmed");
    let dina_row = &suggestions[suggestions.find("Dina Senegal").unwrap()..];
    assert!(dina_row[..dina_row.find("</tr>").unwrap()].contains("Conflict: a national of the requesting state"));
    assert!(
        suggestions.find("Ana Exemplo") < suggestions.find("Dina Senegal"),
        "an equal fit (B2 and C1 both count as working level): by name"
    );

    // Shortlist, then contact: the expert gets an e-mail that names the request.
    let response =
        post(&coordinator, &app, &format!("{path}/experts/shortlist"), &[("expert", &ana.to_string())]).await;
    assert_eq!(location(&response), format!("{path}?done=shortlisted"));
    let page = get(&coordinator, &app, &path).await.text().await.unwrap();
    let listed =
        &page[page.find("Shortlist and deployment").unwrap()..page.find("Experts who fit this request").unwrap()];
    assert!(listed.contains("Ana Exemplo") && listed.contains("Shortlisted"));
    let response = post(&coordinator, &app, &format!("{path}/experts/contact"), &[("expert", &ana.to_string())]).await;
    assert_eq!(location(&response), format!("{path}?done=contacted"));
    assert_eq!(
        subject_of_newest_mail_to(&app, "ana@example.org").await,
        format!("An assignment you may be asked for ({reference})")
    );

    // Assigning over the 60-working-day cap across split periods is refused, next to the field.
    let ana_id = ana.to_string();
    let mut periods = vec![
        ("expert", ana_id.as_str()),
        ("period_start_1", "2027-03-01"),
        ("period_end_1", "2027-04-09"),
        ("period_days_1", "25"),
        ("period_start_2", "2027-06-01"),
        ("period_end_2", "2027-07-16"),
        ("period_days_2", "30"),
        ("period_start_3", "2027-09-06"),
        ("period_end_3", "2027-09-17"),
        ("period_days_3", "6"),
    ];
    let response = post(&coordinator, &app, &format!("{path}/experts/assign"), &periods).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("An assignment may take at most 60 working days across all its periods."));
    assert!(page.contains(r#"value="2027-09-06""#), "the periods typed are kept");
    periods.truncate(7);
    let response = post(&coordinator, &app, &format!("{path}/experts/assign"), &periods).await;
    assert_eq!(location(&response), format!("{path}?done=assigned"));
    let page = get(&coordinator, &app, &path).await.text().await.unwrap();
    assert!(page.contains("55 working days") && page.contains("Assigned"));
    assert_eq!(subject_of_newest_mail_to(&app, "ana@example.org").await, format!("You are assigned to {reference}"));

    // Her own space shows the assignment and the days it takes.
    let own = get(&expert_browser(&app, "ana@example.org").await, &app, "/experts/me").await.text().await.unwrap();
    assert!(own.contains(&reference) && own.contains("55 working days"));

    // Only listed experts can be assigned; other regions' coordinators cannot act here.
    let response = post(
        &coordinator,
        &app,
        &format!("{path}/experts/assign"),
        &[
            ("expert", &ben.to_string()),
            ("period_start_1", "2027-03-01"),
            ("period_end_1", "2027-03-05"),
            ("period_days_1", "5"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let pacific = app.staff_client("pac@example.org", "coordinator", &["Pacific"]).await;
    let response = post(&pacific, &app, &format!("{path}/experts/shortlist"), &[("expert", &dina.to_string())]).await;
    assert_eq!(response.status(), 404);
    let response =
        post(&app.new_client(), &app, &format!("{path}/experts/shortlist"), &[("expert", &dina.to_string())]).await;
    assert!(location(&response).starts_with("/staff/login"));
    assert_eq!(post(&coordinator, &app, &format!("{path}/experts/shortlist"), &[("expert", "x")]).await.status(), 400);
});

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
    assert!(page.contains("1 experts found") && page.contains("Ana Exemplo"), "French C1 and labour migration");
    assert!(!page.contains("Ben Sample") && !page.contains("Carla Test"));
    assert!(get(&admin, &app, "/staff/experts?language=en").await.text().await.unwrap().contains("Ben Sample"));
    let by_words = get(&admin, &app, "/staff/experts?q=exemplo+UNIVERSITY").await.text().await.unwrap();
    assert!(by_words.contains("Ana Exemplo") && !by_words.contains("Ben Sample"), "words are folded");
    let kenyans = get(&admin, &app, "/staff/experts?nationality=KEN&sector=public_administration").await;
    assert!(kenyans.text().await.unwrap().contains("Ben Sample"));

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
    assert_eq!(get(&admin, &app, "/staff/experts?level=native&page=0").await.status(), 400);
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
        sqlx::query("SELECT COUNT(*) FROM experts WHERE status = 'active'")
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

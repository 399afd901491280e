//! Grants for non-state actors through plain form posts, as a browser without JavaScript
//! makes them: a call's pages, the application step by step, the deadline, resubmission,
//! tracking, and the back office writing and publishing calls.

use sqlx::Row;

use crate::helpers::{location, TestApp, PDF};
use crate::on_both_databases;
use crate::requests::count;

const ORGANISATION: &[(&str, &str)] = &[
    ("legal_name", "Association Jappo"),
    ("org_type", "association"),
    ("registration_number", "SN-DKR-2011-0042"),
    ("registration_country", "SEN"),
    ("year_founded", "2011"),
    ("annual_budget", "45 000"),
    ("contact_name", "Contact Example"),
    ("contact_email", "contact@example.org"),
    ("contact_phone", "+221 33 000 00 00"),
    ("action", "next"),
];

const LONG: &str = "Women who receive remittances in Dakar and Bamako lack simple, trusted savings tools.";

fn project(countries: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("project_title", "Savings circles for remittance families"),
        ("typology", "capacity_building"),
        ("topics", "remittances"),
        ("target_group", LONG),
        ("problem", LONG),
        ("objectives", LONG),
        ("activities", LONG),
        ("timeline", LONG),
        ("people_reached", "1200"),
        ("duration_months", "12"),
        ("risks", LONG),
        ("sustainability", LONG),
        ("action", "next"),
    ];
    fields.extend(countries.iter().map(|c| ("countries", *c)));
    fields
}

fn budget(first_amount: &'static str, action: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("budget_category_1", "staff"),
        ("budget_description_1", "Two trainers for twelve months"),
        ("budget_amount_1", first_amount),
        ("budget_category_2", "activities"),
        ("budget_description_2", "Savings-circle workshops"),
        ("budget_amount_2", "20 000,50"),
        ("cofunding", "5,000.50"),
        ("action", action),
    ]
}

/// The address of the demo call that is open now: regional, West Africa.
pub async fn open_regional_call(app: &TestApp) -> (i64, String) {
    let row = sqlx::query("SELECT id, slug FROM grant_calls WHERE kind = 'regional' ORDER BY opens_at LIMIT 1")
        .fetch_one(&app.pool().await)
        .await
        .expect("demo call");
    (row.get(0), row.get(1))
}

/// Walks the steps up to the review; returns the application's path.
pub async fn fill_application(app: &TestApp, slug: &str) -> String {
    fill_application_as(app, slug, "Association Jappo").await
}

/// The same, for an organisation of another name.
pub async fn fill_application_as(app: &TestApp, slug: &str, legal_name: &str) -> String {
    let organisation: Vec<(&str, &str)> =
        ORGANISATION.iter().map(|&(k, v)| if k == "legal_name" { (k, legal_name) } else { (k, v) }).collect();
    let response = app.post_form(&format!("/grants/{slug}/apply"), &organisation).await;
    assert_eq!(response.status(), 303);
    let project_step = location(&response);
    assert!(project_step.ends_with("/project"), "{project_step}");
    let application = project_step.trim_end_matches("/project").to_owned();
    let response = app.post_form(&project_step, &project(&["SEN", "MLI"])).await;
    assert_eq!(location(&response), format!("{application}/budget"));
    let response = app.post_form(&format!("{application}/budget"), &budget("30,000", "next")).await;
    assert_eq!(location(&response), format!("{application}/certificate"));
    application
}

on_both_databases!(an_ngo_applies_to_a_regional_call_and_follows_its_application, |app| {
    let (call_id, slug) = open_regional_call(&app).await;
    let list = app.text("/grants").await;
    assert!(list.contains(&format!("/grants/{slug}")), "the open call is listed");
    let call_page = app.text(&format!("/grants/{slug}")).await;
    for text in ["Who can apply", "at least two of these countries", "Senegal", "€20,000", "Relevance to migrants"] {
        assert!(call_page.contains(text), "call page says {text}");
    }
    assert!(call_page.contains(&format!(r#"action="/grants/{slug}/apply""#)), "an open call offers to apply");

    // The first step stores nothing until it passes.
    let response =
        app.post_form(&format!("/grants/{slug}/apply"), &[("legal_name", "Jappo"), ("year_founded", "2090")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"value="Jappo""#), "what was typed comes back");
    assert!(page.contains("Enter a whole number from 1900 to"), "the founding year is checked");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM grant_applications WHERE legal_name = 'Jappo'").await, 0);

    let response = app.post_form(&format!("/grants/{slug}/apply"), ORGANISATION).await;
    let project_step = location(&response);
    let application = project_step.trim_end_matches("/project").to_owned();

    // A regional project stays within one region, and the page keeps what was typed.
    let response = app.post_form(&project_step, &project(&["SEN", "JAM"])).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("This call does not cover one of the countries chosen"), "eligibility is explained");
    assert!(page.contains("Savings circles for remittance families"), "the title typed is kept");
    assert!(!page.contains("Jamaica"), "only the call's countries are offered");
    let response = app.post_form(&project_step, &project(&["SEN", "MLI"])).await;
    assert_eq!(location(&response), format!("{application}/budget"));

    // The budget table grows on request and the totals are worked out on the server.
    let response = app.post_form(&format!("{application}/budget"), &budget("30,000", "add_line")).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let fourth =
        page.split(r#"data-budget-row="4""#).nth(1).and_then(|rest| rest.split('>').next()).unwrap_or("hidden");
    assert!(!fourth.contains("hidden"), "a fourth line is shown: {fourth}");
    assert!(page.contains(r#"data-budget-row="5" hidden"#), "the fifth waits");
    assert!(page.contains("€50,000.50"), "the total of the lines");
    let response = app.post_form(&format!("{application}/budget"), &budget("90,000", "next")).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("must be from €20,000 to €80,000"), "the sum asked for is within the call's range");
    assert!(page.contains(r#"value="90,000""#));
    let response = app.post_form(&format!("{application}/budget"), &budget("30,000", "next")).await;
    assert_eq!(location(&response), format!("{application}/certificate"));

    let response = app.upload_pdf(&format!("{application}/certificate"), "certificate", "statuts.pdf", PDF).await;
    assert_eq!(location(&response), format!("{application}/review"));

    let review = app.text(&format!("{application}/review")).await;
    for answer in ["Association Jappo", "Mali, Senegal", "€50,000.50", "€45,000", "statuts.pdf"] {
        assert!(review.contains(answer), "review shows {answer}");
    }
    let earlier = count(&app, "SELECT COUNT(*) FROM grant_applications WHERE reference IS NOT NULL").await;
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 303);
    let tracking = location(&response);
    assert!(tracking.starts_with("/grants/track/") && tracking.ends_with("?submitted=1"), "{tracking}");
    let page = app.text(&tracking).await;
    let year = &server::now_rfc3339()[..4];
    let reference = format!("NSA-{year}-{:04}", earlier + 1);
    assert!(page.contains(&reference), "references follow the demo applications' ones");
    assert!(page.contains("Submitted: reviewed after the deadline"));

    let pool = app.pool().await;
    let row = sqlx::query(
        "SELECT requested_cents, total_cents, cofunding_cents, region_code, status FROM grant_applications WHERE reference = $1",
    )
    .bind(&reference)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.get::<i64, _>(0), 4_500_000);
    assert_eq!(row.get::<i64, _>(1), 5_000_050);
    assert_eq!(row.get::<i64, _>(2), 500_050);
    assert_eq!(row.get::<String, _>(3), "West Africa");
    assert_eq!(row.get::<String, _>(4), "submitted");
    let lines = "SELECT COUNT(*) FROM grant_budget_lines l JOIN grant_applications a ON a.id = l.application_id
                 WHERE a.reference = 'REF'";
    assert_eq!(count(&app, &lines.replace("REF", &reference)).await, 2);
    let receipt = format!("SELECT COUNT(*) FROM outbox WHERE to_address = 'contact@example.org' AND subject = 'Application {reference} received'");
    assert_eq!(count(&app, &receipt).await, 1);

    // Until the deadline the application can change and be submitted again, same reference.
    let mut changed = project(&["SEN", "MLI", "GHA"]);
    changed[0] = ("project_title", "Savings circles in three countries");
    app.post_form(&format!("{application}/project"), &changed).await;
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    assert_eq!(location(&response), format!("{application}/review?done=resubmitted"));
    let page = app.text(&location(&response)).await;
    assert!(page.contains(&format!("application {reference} now holds them")));
    let title: String = sqlx::query("SELECT project_title FROM grant_applications WHERE reference = $1")
        .bind(&reference)
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(title, "Savings circles in three countries");
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM outbox WHERE subject = 'Application {reference} updated'")).await,
        1
    );

    // Staff see it among the call's applications.
    let staff = app.staff_client("unit@example.org", "admin", &[]).await;
    let page = staff.get(format!("{}/staff/grants/{call_id}", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&reference) && page.contains("Savings circles in three countries"));
    let certificate =
        staff.get(format!("{}/staff/grants/applications/{reference}/certificate", app.address)).send().await.unwrap();
    assert_eq!(certificate.headers()["content-type"], "application/pdf");
    assert!(certificate.headers()["content-disposition"].to_str().unwrap().contains("statuts.pdf"));
    assert_eq!(certificate.bytes().await.unwrap().as_ref(), PDF, "the file as uploaded");
});

on_both_databases!(a_submission_one_second_after_the_deadline_is_refused_and_the_answers_are_kept, |app| {
    let (call_id, slug) = open_regional_call(&app).await;
    let application = fill_application(&app, &slug).await;
    let pool = app.pool().await;
    let one_second_ago =
        app::domain::grant::call::utc_text(time::OffsetDateTime::now_utc() - time::Duration::seconds(1));
    sqlx::query("UPDATE grant_calls SET closes_at = $1 WHERE id = $2")
        .bind(&one_second_ago)
        .bind(call_id)
        .execute(&pool)
        .await
        .unwrap();

    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    assert!(page.contains("can no longer be submitted"), "the reader is told why");
    assert!(
        page.contains("Association Jappo") && page.contains("Savings circles for remittance families"),
        "answers shown"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM grant_applications WHERE legal_name = 'Association Jappo'").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM grant_applications WHERE reference IS NULL AND form_json LIKE '%Association Jappo%'"
        )
        .await,
        1,
        "the draft is kept"
    );
    // The call's page and the first step say the call is closed; applying is not offered.
    let call_page = app.text(&format!("/grants/{slug}")).await;
    assert!(call_page.contains("This call closed on"));
    let response = app.get(&format!("/grants/{slug}/apply")).await;
    assert_eq!(location(&response), format!("/grants/{slug}"));

    // With the deadline a minute away, the same application goes through.
    let in_a_minute = app::domain::grant::call::utc_text(time::OffsetDateTime::now_utc() + time::Duration::minutes(1));
    sqlx::query("UPDATE grant_calls SET closes_at = $1 WHERE id = $2")
        .bind(&in_a_minute)
        .bind(call_id)
        .execute(&pool)
        .await
        .unwrap();
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    assert!(location(&response).starts_with("/grants/track/"));
});

/// A complete call form as the management unit posts it.
fn call_form(weight_2: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("title_en", "Labour mobility in Southern Africa"),
        ("title_fr", "Mobilité de la main-d'œuvre en Afrique australe"),
        ("summary_en", "Grants for associations that inform labour migrants of their rights and of legal routes."),
        ("summary_fr", "Subventions aux associations qui informent les travailleurs migrants de leurs droits."),
        ("kind", "national"),
        ("regions", "Southern Africa"),
        ("topics", "labour_migration"),
        ("floor_eur", "5000"),
        ("ceiling_eur", "20000"),
        ("cofunding_percent", "5"),
        ("max_months", "12"),
        ("opens_at", "2026-01-05T09:00"),
        ("closes_at", "2099-06-30T17:00"),
        ("utc_offset", "+02:00"),
        ("criterion_name_1", "Relevance"),
        ("criterion_weight_1", "60"),
        ("criterion_name_fr_1", "Pertinence"),
        ("criterion_name_2", "Feasibility"),
        ("criterion_weight_2", weight_2),
        ("criterion_name_fr_2", "Faisabilité"),
    ]
}

on_both_databases!(the_management_unit_writes_and_publishes_calls_that_coordinators_see_by_region, |app| {
    let response = app.get("/staff/grants").await;
    assert!(location(&response).starts_with("/staff/login"), "anonymous readers are sent to sign in");

    let coordinator = app.staff_client("pacific@example.org", "coordinator", &["Pacific"]).await;
    let get = |client: &reqwest::Client, path: &str| client.get(format!("{}{path}", app.address)).send();
    assert_eq!(get(&coordinator, "/staff/grants/new").await.unwrap().status(), 403);
    let posted = coordinator
        .post(format!("{}/staff/grants/new", app.address))
        .header("origin", &app.address)
        .form(&call_form("40"))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 403, "coordinators do not write calls");

    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let post = |path: String, form: Vec<(&'static str, &'static str)>| {
        admin.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&form).send()
    };
    let response = post("/staff/grants/new".into(), call_form("30")).await.unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("they now add up to 90"), "the rubric's weights are checked");
    assert!(page.contains("Labour mobility in Southern Africa"), "the form keeps what was typed");

    let response = post("/staff/grants/new".into(), call_form("40")).await.unwrap();
    assert_eq!(response.status(), 303);
    let call_path = location(&response).trim_end_matches("?done=saved").to_owned();
    let slug = "labour-mobility-in-southern-africa";
    assert_eq!(app.get(&format!("/grants/{slug}")).await.status(), 404, "unpublished calls stay hidden");
    assert!(!app.text("/grants").await.contains(slug));
    assert_eq!(
        new_call_rows(&app, "grant_call_countries").await,
        10,
        "no country chosen: every state of Southern Africa"
    );
    let deadline: String = sqlx::query("SELECT closes_at FROM grant_calls WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .get(0);
    assert_eq!(deadline, "2099-06-30T15:00:00Z", "17:00 at UTC+02:00 is stored as 15:00 UTC");

    let response = post(format!("{call_path}/publish"), vec![]).await.unwrap();
    assert_eq!(location(&response), format!("{call_path}?done=published"));
    let public = app.text(&format!("/grants/{slug}")).await;
    assert!(public.contains("30 June 2099, 17:00 (UTC+02:00)"), "the deadline in the call's own time zone");
    assert!(app.text("/grants").await.contains(slug));
    assert_eq!(post(format!("{call_path}/publish"), vec![]).await.unwrap().status(), 409);
    let edit = get(&admin, &format!("{call_path}/edit")).await.unwrap();
    assert_eq!(location(&edit), call_path, "a published call's terms no longer change");

    // Coordinators see the calls of their regions only.
    let list = get(&coordinator, "/staff/grants").await.unwrap().text().await.unwrap();
    assert!(list.contains("Climate and mobility") && !list.contains("Labour mobility"));
    assert_eq!(get(&coordinator, &call_path).await.unwrap().status(), 404);

    let public = app.get_in(&format!("/grants/{slug}"), "fr").await.text().await.unwrap();
    assert!(
        public.contains("Mobilité de la main-d&#x27;œuvre en Afrique australe")
            || public.contains("Mobilité de la main-d'œuvre")
    );
    assert!(public.contains("Qui peut candidater"));
});

on_both_databases!(calls_read_in_the_readers_language_or_say_which_language_they_fall_back_to, |app| {
    let pool = app.pool().await;
    let translated_into = |code: &'static str| {
        let pool = pool.clone();
        async move {
            let row = sqlx::query(
                "SELECT g.slug FROM grant_calls g JOIN grant_call_texts t ON t.call_id = g.id WHERE t.locale = $1",
            )
            .bind(code)
            .fetch_one(&pool)
            .await
            .unwrap_or_else(|e| panic!("no demo call is translated into {code}: {e}"));
            row.get::<String, _>(0)
        }
    };
    let portuguese = translated_into("pt").await;
    let page = app.get_in(&format!("/grants/{portuguese}"), "pt-CV").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"pt\">Remessas seguras e acessíveis"), "the Portuguese text, marked as such");
    assert!(page.contains("Quem se pode candidatar") && !page.contains("ainda não foi traduzido"));
    assert!(page.contains("<th scope=\"row\">Pertinência para os migrantes e as suas famílias</th>"), "the rubric too");

    let spanish = translated_into("es").await;
    let page = app.get_in(&format!("/grants/{spanish}"), "pt-CV").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"en\">Information on safe and legal migration"), "English, marked as such");
    assert!(page.contains("Este texto ainda não foi traduzido para português; é apresentado em inglês."));
    let criterion = "<tr lang=\"en\"><th scope=\"row\">Relevance to migrants and their families</th>";
    assert!(page.contains(criterion), "the rubric in English, marked as such");
    assert_eq!(
        page.matches("Este texto ainda não foi traduzido").count(),
        2,
        "one notice for the text, one for the rubric"
    );
    let page = app.get_in(&format!("/grants/{spanish}"), "es-DO").await.text().await.unwrap();
    assert!(page.contains("<h1 lang=\"es\">Información sobre una migración segura y legal"));
    assert!(page.contains("<td>¿Son razonables los costos en relación con los resultados?</td>"));
    let page = app.get_in(&format!("/grants/{spanish}"), "fr").await.text().await.unwrap();
    assert!(page.contains("<th scope=\"row\">Pertinence pour les migrants et leurs familles</th>"), "French always");

    // Staff may add a translation; it comes whole, title and description.
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let post_call = |form: &[(&str, &str)]| {
        admin.post(format!("{}/staff/grants/new", app.address)).header("origin", &app.address).form(form).send()
    };
    let mut form = call_form("40");
    form.push(("title_pt", "Mobilidade laboral na África Austral"));
    let response = post_call(&form).await.unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Description in Portuguese") && page.contains("Mobilidade laboral na África Austral"));
    form.push(("summary_pt", "Subvenções para associações que informam os trabalhadores migrantes dos seus direitos."));
    // A call in Portuguese has its rubric in Portuguese too.
    let response = post_call(&form).await.unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Criterion 2 in Portuguese") && page.contains("<details open"), "named, and its fold open");
    form.extend([("criterion_name_pt_1", "Pertinência"), ("criterion_name_pt_2", "Viabilidade")]);
    assert_eq!(post_call(&form).await.unwrap().status(), 303);
    assert_eq!(new_call_rows(&app, "grant_call_texts").await, 3, "English, French and Portuguese; no empty Spanish");
    assert_eq!(new_call_rows(&app, "grant_criterion_texts").await, 4, "two criteria, in French and Portuguese");
});

/// How many rows of `table` belong to the call `call_form` writes.
async fn new_call_rows(app: &TestApp, table: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM {table} t JOIN grant_calls g ON g.id = t.call_id
          WHERE g.slug = 'labour-mobility-in-southern-africa'"
    );
    count(app, &sql).await
}

on_both_databases!(bad_input_to_grant_addresses_gets_a_clear_4xx, |app| {
    let (_, slug) = open_regional_call(&app).await;
    let bad_token = "0".repeat(64);
    for path in [
        "/grants/no-such-call".to_owned(),
        "/grants/no-such-call/apply".to_owned(),
        format!("/grants/apply/{bad_token}/project"),
        "/grants/apply/not-a-token/project".to_owned(),
        format!("/grants/track/{bad_token}"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    assert!(app.get("/grants/track/%FF").await.status().is_client_error());
    let application = fill_application(&app, &slug).await;
    assert_eq!(app.get(&format!("{application}/no-such-step")).await.status(), 404);
    let huge = "x".repeat(600 * 1024);
    let response = app.post_form(&format!("{application}/project"), &[("problem", huge.as_str())]).await;
    assert_eq!(response.status(), 413);
    let response =
        app.post_form(&format!("{application}/budget"), &[("budget_amount_1", "%%%"), ("cofunding", "-1")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Enter an amount in euros"));
    let response =
        app.upload_pdf(&format!("{application}/certificate"), "certificate", "statuts.pdf", b"MZ not a pdf").await;
    assert_eq!(response.status(), 422);

    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    for path in ["/staff/grants/abc", "/staff/grants/999999", "/staff/grants/999999/edit"] {
        let status = admin.get(format!("{}{path}", app.address)).send().await.unwrap().status();
        assert_eq!(status, 404, "{path}");
    }
    let cross_site = app
        .client
        .post(format!("{}{application}/review", app.address))
        .header("origin", "https://evil.example")
        .form(&[("action", "submit")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403, "a cross-site post is refused");
});

/// Submits a complete application to the call at `slug`; returns its reference and tracking page.
pub async fn submit_application(app: &TestApp, slug: &str) -> (String, String) {
    let application = fill_application(app, slug).await;
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = app.text(&tracking).await;
    let start = page.find("NSA-").expect("reference on the tracking page");
    (page[start..start + 13].to_owned(), tracking)
}

pub async fn staff_id(app: &TestApp, email: &str) -> String {
    let row = sqlx::query("SELECT id FROM staff_users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    row.get::<i64, _>(0).to_string()
}

on_both_databases!(reviewers_declare_score_and_the_management_unit_ranks_funds_and_maps, |app| {
    let (call_id, slug) = open_regional_call(&app).await;
    let (reference, tracking) = submit_application(&app, &slug).await;
    let page_path = format!("/staff/grants/applications/{reference}");
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let reviewer = app.staff_client("reviewer@example.org", "coordinator", &["West Africa"]).await;
    let conflicted = app.staff_client("conflicted@example.org", "coordinator", &["Pacific"]).await;
    let bystander = app.staff_client("bystander@example.org", "coordinator", &["West Africa"]).await;
    let get = |client: &reqwest::Client, path: String| client.get(format!("{}{path}", app.address)).send();
    let post = |client: &reqwest::Client, path: String, form: Vec<(&'static str, String)>| {
        client.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&form).send()
    };

    let page = get(&admin, page_path.clone()).await.unwrap().text().await.unwrap();
    assert!(page.contains("Association Jappo"), "the management unit reads the application");
    assert!(page.contains("Decisions are taken once the call has closed"));
    for email in ["reviewer@example.org", "conflicted@example.org"] {
        let id = staff_id(&app, email).await;
        let response = post(&admin, format!("{page_path}/assign"), vec![("reviewer", id)]).await.unwrap();
        assert_eq!(location(&response), format!("{page_path}?done=assigned"));
    }
    assert_eq!(get(&bystander, page_path.clone()).await.unwrap().status(), 404, "not a reviewer: nothing to see");
    let response = post(&reviewer, format!("{page_path}/assign"), vec![("reviewer", "1".into())]).await.unwrap();
    assert_eq!(response.status(), 403, "coordinators do not assign");
    assert!(response.text().await.unwrap().contains("Only the management unit does this"), "said why");

    // A reviewer declares before seeing anything.
    let page = get(&reviewer, page_path.clone()).await.unwrap().text().await.unwrap();
    assert!(page.contains("Conflict of interest") && !page.contains("Association Jappo"));
    let scores = vec![
        ("score_1", "8".to_owned()),
        ("comment_1", "Clear need among remittance families.".to_owned()),
        ("score_2", "6".to_owned()),
        ("comment_2", "Small team for two countries.".to_owned()),
        ("score_3", "7".to_owned()),
        ("comment_3", "Reasonable costs.".to_owned()),
        ("score_4", "9".to_owned()),
        ("comment_4", "Volunteers carry on.".to_owned()),
    ];
    let early = post(&reviewer, format!("{page_path}/score"), scores.clone()).await.unwrap();
    assert_eq!(early.status(), 403);
    assert!(early.text().await.unwrap().contains("Only a reviewer who declared no conflict scores this application."));
    let response = post(&reviewer, format!("{page_path}/declare"), vec![("coi", "none".into())]).await.unwrap();
    assert_eq!(location(&response), format!("{page_path}?done=declared"));
    let page = get(&reviewer, page_path.clone()).await.unwrap().text().await.unwrap();
    assert!(page.contains("Association Jappo") && page.contains("Your scores"));
    let mut wrong = scores.clone();
    wrong[2] = ("score_2", "11".into());
    let response = post(&reviewer, format!("{page_path}/score"), wrong).await.unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Enter a whole number from 0 to 10"));
    let response = post(&reviewer, format!("{page_path}/score"), scores.clone()).await.unwrap();
    assert_eq!(location(&response), format!("{page_path}?done=scored"));

    // A declared conflict hides the application for good and forbids scoring.
    let response = post(
        &conflicted,
        format!("{page_path}/declare"),
        vec![("coi", "declared".into()), ("coi_details", "I advised this association in 2025.".into())],
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 303);
    let page = get(&conflicted, page_path.clone()).await.unwrap().text().await.unwrap();
    assert!(page.contains("you abstain") && !page.contains("Association Jappo") && !page.contains("Your scores"));
    assert_eq!(post(&conflicted, format!("{page_path}/score"), scores.clone()).await.unwrap().status(), 403);
    let again = post(&conflicted, format!("{page_path}/declare"), vec![("coi", "none".into())]).await.unwrap();
    assert_eq!(again.status(), 409, "a declaration is not taken back");
    assert!(again.text().await.unwrap().contains("Your declaration on this application is recorded already."));

    // The ranking: 35×8 + 25×6 + 20×7 + 20×9 = 750 tenths, no review missing (the abstention does not count).
    let call_page = get(&admin, format!("/staff/grants/{call_id}")).await.unwrap().text().await.unwrap();
    assert!(call_page.contains("75.0"), "the weighted average");
    let decide = vec![
        ("decision", "funded".to_owned()),
        ("reason", "Strong need, sound budget and a credible team.".to_owned()),
    ];
    assert_eq!(
        post(&admin, format!("{page_path}/decide"), decide.clone()).await.unwrap().status(),
        409,
        "not before the deadline"
    );
    // Said in the reader's language, as every refusal in the back office.
    let in_french = admin
        .post(format!("{}{page_path}/decide", app.address))
        .header("origin", &app.address)
        .header("accept-language", "fr")
        .form(&decide)
        .send()
        .await
        .unwrap();
    assert_eq!(in_french.status(), 409);
    let in_french = in_french.text().await.unwrap();
    assert!(
        in_french.contains(r#"lang="fr""#) && in_french.contains("Les décisions sont prises une fois l'appel clos.")
    );

    let pool = app.pool().await;
    sqlx::query("UPDATE grant_calls SET closes_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(call_id)
        .execute(&pool)
        .await
        .unwrap();
    let response = post(&admin, format!("{page_path}/decide"), vec![("decision", "funded".into())]).await.unwrap();
    assert_eq!(response.status(), 422, "a decision gives its reason");
    let response = post(&admin, format!("{page_path}/decide"), decide.clone()).await.unwrap();
    assert_eq!(location(&response), format!("{page_path}?done=decided"));
    let twice = post(&admin, format!("{page_path}/decide"), decide).await.unwrap();
    assert_eq!(twice.status(), 409);
    assert!(twice.text().await.unwrap().contains("This application has been decided already."));
    let late = post(&reviewer, format!("{page_path}/score"), scores).await.unwrap();
    assert_eq!(late.status(), 409, "scores are final");
    assert!(late.text().await.unwrap().contains("This application has been decided; scores no longer change."));
    let mail = format!(
        "SELECT COUNT(*) FROM outbox WHERE to_address = 'contact@example.org' AND subject = 'Decision on application {reference}'"
    );
    assert_eq!(count(&app, &mail).await, 1, "the applicant is told");
    assert!(app.text(&tracking).await.contains("Funded"));

    // The funded project is on the public map and list as a non-state-actor project.
    let slug = reference.to_lowercase();
    let detail = app.get(&format!("/interventions/{slug}")).await;
    assert_eq!(detail.status(), 200);
    assert!(detail.text().await.unwrap().contains("Savings circles for remittance families"));
    let list = app.text("/interventions?q=savings+circles").await;
    assert!(list.contains(&format!("/interventions/{slug}")) && list.contains("Non-state-actor project"));
    assert!(list.contains("Senegal: 1 intervention, 1 non-state-actor project"), "the map names it");
    assert!(list.contains(r#"class="map__project""#), "and marks it");
    let response = post(&admin, format!("{page_path}/reach"), vec![("people_reached", "350".into())]).await.unwrap();
    assert_eq!(location(&response), format!("{page_path}?done=reach"));
    let json = app.text(&format!("/api/v1/interventions?q=savings+circles")).await;
    assert!(json.contains(r#""people_reached":350"#), "{json}");

    // The management unit exports the applications with their scores; coordinators cannot.
    let csv = get(&admin, format!("/staff/grants/{call_id}/applications.csv")).await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("reference,status,organisation")
            && csv.contains(&format!("{reference},funded,Association Jappo"))
    );
    assert!(csv.contains(",75.0,"));
    assert_eq!(get(&reviewer, format!("/staff/grants/{call_id}/applications.csv")).await.unwrap().status(), 403);
});

on_both_databases!(every_grant_staff_address_answers_each_role_as_it_should, |app| {
    let (call_id, _) = open_regional_call(&app).await;
    let pacific_call: i64 = sqlx::query("SELECT call_id FROM grant_call_regions WHERE region_code = 'Pacific'")
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .get(0);
    let reference: String =
        sqlx::query("SELECT reference FROM grant_applications WHERE call_id = $1 ORDER BY id LIMIT 1")
            .bind(call_id)
            .fetch_one(&app.pool().await)
            .await
            .unwrap()
            .get(0);
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let other_region = app.staff_client("pacific@example.org", "coordinator", &["Pacific"]).await;
    let same_region = app.staff_client("west@example.org", "coordinator", &["West Africa"]).await;
    let reviewer = app.staff_client("reviewer@example.org", "coordinator", &["Caribbean"]).await;
    let application = format!("/staff/grants/applications/{reference}");
    let id = staff_id(&app, "reviewer@example.org").await;
    let assigned = admin
        .post(format!("{}{application}/assign", app.address))
        .header("origin", &app.address)
        .form(&[("reviewer", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(assigned.status(), 303);
    reviewer
        .post(format!("{}{application}/declare", app.address))
        .header("origin", &app.address)
        .form(&[("coi", "none")])
        .send()
        .await
        .unwrap();

    let anonymous = app.new_client();
    let clients = [
        ("anonymous", &anonymous),
        ("other region", &other_region),
        ("same region", &same_region),
        ("reviewer", &reviewer),
        ("admin", &admin),
    ];
    // Expected status per role, in the order of `clients`.
    let matrix: Vec<(String, [u16; 5])> = vec![
        ("/staff/grants".into(), [303, 200, 200, 200, 200]),
        ("/staff/grants/new".into(), [303, 403, 403, 403, 200]),
        (format!("/staff/grants/{call_id}"), [303, 404, 200, 404, 200]),
        (format!("/staff/grants/{pacific_call}"), [303, 200, 404, 404, 200]),
        (format!("/staff/grants/{call_id}/edit"), [303, 403, 403, 403, 303]),
        (format!("/staff/grants/{call_id}/applications.csv"), [303, 403, 403, 403, 200]),
        (application.clone(), [303, 404, 404, 200, 200]),
        (format!("{application}/certificate"), [303, 404, 404, 404, 404]),
    ];
    for (path, expected) in &matrix {
        for ((role, client), status) in clients.iter().zip(expected) {
            let got = client.get(format!("{}{path}", app.address)).send().await.unwrap().status().as_u16();
            assert_eq!(got, *status, "GET {path} as {role}");
        }
    }
    // Whether each role's copy of a call's list names the application: the same rule as its
    // own page (an attack review found the list showing it to everyone who saw the call).
    let legal_name: String = sqlx::query("SELECT legal_name FROM grant_applications WHERE reference = $1")
        .bind(&reference)
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
        .get(0);
    let conflicted = app.staff_client("conflicted@example.org", "admin", &[]).await;
    let conflicted_id = staff_id(&app, "conflicted@example.org").await;
    let post = |client: &reqwest::Client, path: String, form: Vec<(&'static str, String)>| {
        let request = client.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&form);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(post(&admin, format!("{application}/assign"), vec![("reviewer", conflicted_id)]).await, 303);
    let declaration = vec![("coi", "declared".into()), ("coi_details", "I advised this association in 2025.".into())];
    assert_eq!(post(&conflicted, format!("{application}/declare"), declaration).await, 303);
    // The call now names the Pacific too: its coordinator reads the call, not the application.
    sqlx::query("INSERT INTO grant_call_regions (call_id, region_code) VALUES ($1, 'Pacific')")
        .bind(call_id)
        .execute(&app.pool().await)
        .await
        .unwrap();
    let call_page = other_region.get(format!("{}/staff/grants/{call_id}", app.address)).send().await.unwrap();
    assert_eq!(call_page.status(), 200, "a call of two regions, read from the other");
    let listers = [
        ("other region", &other_region),
        ("same region", &same_region),
        ("reviewer", &reviewer),
        ("admin with a conflict", &conflicted),
        ("admin", &admin),
    ];
    let listings: Vec<(String, [bool; 5])> = vec![
        (format!("/staff/grants/{call_id}"), [false, false, false, false, true]),
        (format!("/staff/grants/{call_id}/applications.csv"), [false, false, false, false, true]),
    ];
    for (path, expected) in &listings {
        for ((role, client), names_it) in listers.iter().zip(expected) {
            let page = client.get(format!("{}{path}", app.address)).send().await.unwrap().text().await.unwrap();
            assert_eq!(page.contains(&legal_name), *names_it, "{path} as {role} names {legal_name}");
        }
    }

    let west = staff_id(&app, "west@example.org").await;
    let writes: Vec<(String, Vec<(&str, &str)>, [u16; 5])> = vec![
        (format!("/staff/grants/{call_id}/publish"), vec![], [303, 403, 403, 403, 409]),
        (format!("{application}/assign"), vec![("reviewer", west.as_str())], [303, 404, 404, 403, 303]),
        // From here the same-region coordinator is an assigned reviewer (not yet declared).
        (
            format!("{application}/decide"),
            vec![("decision", "funded"), ("reason", "Twenty characters at least.")],
            [303, 404, 403, 403, 409],
        ),
        (format!("{application}/reach"), vec![("people_reached", "10")], [303, 404, 403, 403, 409]),
    ];
    for (path, form, expected) in &writes {
        for ((role, client), status) in clients.iter().zip(expected) {
            let got = client
                .post(format!("{}{path}", app.address))
                .header("origin", &app.address)
                .form(form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert_eq!(got, *status, "POST {path} as {role}");
        }
    }
});

// Found in an attack review: a certificate could be replaced after submission, after the
// deadline and after the decision, and staff then downloaded the replacement; step saves
// after the deadline answered 200.
on_both_databases!(an_application_cannot_change_once_its_call_closed_or_it_was_decided, |app| {
    let (call_id, slug) = open_regional_call(&app).await;
    let application = fill_application(&app, &slug).await;
    let first: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% first\n";
    let response = app.upload_pdf(&format!("{application}/certificate"), "certificate", "first.pdf", first).await;
    assert_eq!(response.status(), 303);
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    assert!(location(&response).starts_with("/grants/track/"));
    let pool = app.pool().await;
    let certificate = "SELECT original_name || ':' || sha256 FROM grant_submitted_certificates";
    let held: String = sqlx::query(certificate).fetch_one(&pool).await.unwrap().get(0);
    // The application made here is the newest (the demo data has others, submitted too).
    let form = "SELECT form_json FROM grant_applications ORDER BY id DESC LIMIT 1";
    let answers: String = sqlx::query(form).fetch_one(&pool).await.unwrap().get(0);

    let organisation: Vec<(&str, &str)> =
        ORGANISATION.iter().map(|&(k, v)| if k == "legal_name" { (k, "Changed Name") } else { (k, v) }).collect();
    let set = |sql: &'static str| sqlx::query(sql).bind(call_id).execute(&pool);
    // Decided while the call is still open, then undecided but with the call closed.
    set("UPDATE grant_applications SET status = 'funded' WHERE reference IS NOT NULL AND call_id = $1").await.unwrap();
    for when in ["after the decision", "after the deadline"] {
        if when == "after the deadline" {
            set("UPDATE grant_applications SET status = 'submitted' WHERE reference IS NOT NULL AND call_id = $1")
                .await
                .unwrap();
            set("UPDATE grant_calls SET closes_at = '2020-01-01T00:00:00Z' WHERE id = $1").await.unwrap();
        }
        let later = app.upload_pdf(&format!("{application}/certificate"), "certificate", "later.pdf", PDF).await;
        assert_eq!(later.status(), 409, "a new certificate {when}");
        let step = app.post_form(&format!("{application}/organisation"), &organisation).await;
        assert_eq!(step.status(), 409, "a step saved {when}");
        let page = step.text().await.unwrap();
        assert!(page.contains("Association Jappo") && !page.contains("Changed Name"), "answers as submitted ({when})");
        let now_held: String = sqlx::query(certificate).fetch_one(&pool).await.unwrap().get(0);
        assert_eq!(now_held, held, "staff hold the certificate that was submitted ({when})");
        let now_answers: String = sqlx::query(form).fetch_one(&pool).await.unwrap().get(0);
        assert_eq!(now_answers, answers, "and the answers ({when})");
    }
});

// Found in an attack review: staff downloaded whichever certificate the applicant uploaded
// last, also after submitting. The certificate now goes with each submitted version.
on_both_databases!(staff_download_the_certificate_that_went_with_the_last_submission, |app| {
    let (_, slug) = open_regional_call(&app).await;
    let application = fill_application(&app, &slug).await;
    let first: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% first\n";
    let second: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% second\n";
    let certificate_step = format!("{application}/certificate");
    let upload =
        |bytes: &'static [u8], name: &'static str| app.upload_pdf(&certificate_step, "certificate", name, bytes);
    assert_eq!(upload(first, "first.pdf").await.status(), 303);
    let review_step = format!("{application}/review");
    let submit = || app.post_form(&review_step, &[("action", "submit")]);
    assert!(location(&submit().await).starts_with("/grants/track/"));
    let newest = "SELECT reference FROM grant_applications ORDER BY id DESC LIMIT 1";
    let reference: String = sqlx::query(newest).fetch_one(&app.pool().await).await.unwrap().get(0);
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let download = || async {
        let url = format!("{}/staff/grants/applications/{reference}/certificate", app.address);
        let response = admin.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap().to_vec()
    };
    assert_eq!(download().await, first);

    // Changed after submitting, while the call is open: the applicant's copy only.
    assert_eq!(upload(second, "second.pdf").await.status(), 303);
    let applicants_page = app.text(&format!("{application}/certificate")).await;
    assert!(applicants_page.contains("second.pdf"), "the applicant sees the new file");
    // (Read from disk: replacing the working copy's file left the submitted one in place.)
    assert_eq!(download().await, first, "staff still read the submitted version");
    let staff_page = admin
        .get(format!("{}/staff/grants/applications/{reference}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(staff_page.contains("first.pdf") && !staff_page.contains("second.pdf"));

    // Submitted again: the new certificate is now the one staff read.
    assert_eq!(location(&submit().await), format!("{review_step}?done=resubmitted"));
    assert_eq!(download().await, second);
});

// Found in an attack review: a call's page listed every application's organisation, title,
// countries and amount to a reviewer who declared a conflict on it and to coordinators the
// application page refuses.
on_both_databases!(a_calls_page_lists_each_application_only_to_those_who_may_read_it, |app| {
    let (call_id, _) = open_regional_call(&app).await;
    let pool = app.pool().await;
    let rows = sqlx::query(
        "SELECT reference, legal_name FROM grant_applications WHERE call_id = $1 AND reference IS NOT NULL ORDER BY id",
    )
    .bind(call_id)
    .fetch_all(&pool)
    .await
    .unwrap();
    let (first, first_name): (String, String) = (rows[0].get(0), rows[0].get(1));
    let (second, second_name): (String, String) = (rows[1].get(0), rows[1].get(1));
    let admin = app.staff_client("unit@example.org", "admin", &[]).await;
    let conflicted = app.staff_client("conflicted@example.org", "admin", &[]).await;
    let west = app.staff_client("west@example.org", "coordinator", &["West Africa"]).await;
    let assign = |reference: &str, id: String| {
        admin
            .post(format!("{}/staff/grants/applications/{reference}/assign", app.address))
            .header("origin", &app.address)
            .form(&[("reviewer", id)])
            .send()
    };
    let conflicted_id = staff_id(&app, "conflicted@example.org").await;
    assert_eq!(assign(&first, conflicted_id).await.unwrap().status(), 303);
    let declared = conflicted
        .post(format!("{}/staff/grants/applications/{first}/declare", app.address))
        .header("origin", &app.address)
        .form(&[("coi", "declared"), ("coi_details", "I advised this association in 2025.")])
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), 303);
    let west_id = staff_id(&app, "west@example.org").await;
    assert_eq!(assign(&second, west_id).await.unwrap().status(), 303);

    let page = |client: &reqwest::Client, path: String| {
        let request = client.get(format!("{}{path}", app.address));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let call_page = format!("/staff/grants/{call_id}");
    let seen_by_conflicted = page(&conflicted, call_page.clone()).await;
    assert!(!seen_by_conflicted.contains(&first_name) && !seen_by_conflicted.contains(&first), "a conflict hides it");
    assert!(seen_by_conflicted.contains(&second_name), "the unit reads the others");
    let csv = page(&conflicted, format!("{call_page}/applications.csv")).await;
    assert!(!csv.contains(&first_name) && csv.contains(&second_name), "and the CSV follows: {csv}");
    let seen_by_west = page(&west, call_page.clone()).await;
    assert!(!seen_by_west.contains(&first_name) && !seen_by_west.contains(&first), "not a reviewer of it");
    assert!(seen_by_west.contains(&second), "asked to review: the reference, to declare");
    assert!(!seen_by_west.contains(&second_name), "nothing more before the declaration");
    let seen_by_admin = page(&admin, call_page).await;
    assert!(seen_by_admin.contains(&first_name) && seen_by_admin.contains(&second_name));
});

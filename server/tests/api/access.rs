//! No leaks: a request, an unfinished expert application and a submitted grant application
//! are set up with a marker in their data; then every route of the server, GET and POST,
//! pointed at those objects, is asked by every role that has no right to them (among them
//! reviewers: one who declared a conflict on the application, one given another). None may
//! answer with the marker. Those who may see them (the coordinator of the request's region,
//! the application's own link, the management unit) do, so the check can fail.

use sqlx::Row;

use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::{details, FOCAL_POINT, INSTITUTION};
use crate::roster::{enrol, fill_application_with, link_mailed_to};
use crate::route_table::{route_patterns, RouteValues};

const MARKER: &str = "Qx7Marker";

/// A West African request whose institution carries the marker; returns its reference.
async fn marked_request(app: &TestApp) -> String {
    let institution: Vec<(&str, &str)> = INSTITUTION
        .iter()
        .map(|(k, v)| if *k == "institution" { (*k, "Qx7Marker Ministry") } else { (*k, *v) })
        .collect();
    let focal = location(&app.post_form("/requests/new", &institution).await);
    let draft = focal.trim_end_matches("/focal-point").to_owned();
    app.post_form(&focal, FOCAL_POINT).await;
    app.post_form(&format!("{draft}/request"), &details()).await;
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let page = app.text(location(&response).trim_end_matches("?submitted=1")).await;
    page[page.find("TA-").unwrap()..][..12].to_owned()
}

/// A submitted grant application whose organisation carries the marker; returns its
/// reference. Two Pacific coordinators review: one declares a conflict on it, the other is
/// given another application; returns their browsers too.
async fn marked_grant_application(app: &TestApp) -> (String, reqwest::Client, reqwest::Client) {
    let (_, slug) = crate::grants::open_regional_call(app).await;
    let application = crate::grants::fill_application_as(app, &slug, "Qx7Marker Association").await;
    let response = app.post_form(&format!("{application}/review"), &[("action", "submit")]).await;
    let page = app.text(location(&response).trim_end_matches("?submitted=1")).await;
    let reference = page[page.find("NSA-").unwrap()..][..13].to_owned();
    let (other, _) = crate::grants::submit_application(app, &slug).await;

    let admin = app.staff_client("unit-access@example.org", "admin", &[]).await;
    let conflicted = app.staff_client("conflicted-access@example.org", "coordinator", &["Pacific"]).await;
    let elsewhere = app.staff_client("elsewhere-access@example.org", "coordinator", &["Pacific"]).await;
    let post = |client: &reqwest::Client, path: String, form: Vec<(&'static str, String)>| {
        client.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&form).send()
    };
    for (email, target) in [("conflicted-access@example.org", &reference), ("elsewhere-access@example.org", &other)] {
        let id = crate::grants::staff_id(app, email).await;
        let path = format!("/staff/grants/applications/{target}/assign");
        assert_eq!(post(&admin, path, vec![("reviewer", id)]).await.unwrap().status(), 303);
    }
    let declared = vec![("coi", "declared".to_owned()), ("coi_details", "I advised them.".to_owned())];
    post(&conflicted, format!("/staff/grants/applications/{reference}/declare"), declared).await.unwrap();
    post(&elsewhere, format!("/staff/grants/applications/{other}/declare"), vec![("coi", "none".into())])
        .await
        .unwrap();
    let seen = admin.get(format!("{}/staff/grants/applications/{reference}", app.address)).send().await.unwrap();
    assert!(seen.text().await.unwrap().contains(MARKER), "the management unit reads the application");
    (reference, conflicted, elsewhere)
}

/// A browser signed in to the expert space of a roster expert (not the marked one).
pub async fn signed_in_expert(app: &TestApp) -> reqwest::Client {
    enrol(app, "other-expert@example.org", &[], true).await;
    let client = app.new_client();
    let post = |path: String, fields: Vec<(&'static str, &'static str)>| {
        client.post(format!("{}{path}", app.address)).header("origin", &app.address).form(&fields).send()
    };
    post("/experts/sign-in".into(), vec![("email", "other-expert@example.org")]).await.unwrap();
    let link = link_mailed_to(app, "other-expert@example.org").await;
    let response = post(link, vec![]).await.unwrap();
    assert_eq!(location(&response), "/experts/me");
    client
}

on_both_databases!(no_role_sees_another_users_data_on_any_route, |app| {
    let reference = marked_request(&app).await;
    let application =
        fill_application_with(&app, "marked-expert@example.org", &[("full_name", "Qx7Marker Expert")]).await;
    assert!(app.text(&format!("{application}/consent")).await.contains(MARKER), "its own link shows it");
    let (grant_reference, conflicted_reviewer, other_reviewer) = marked_grant_application(&app).await;
    let mut values = RouteValues::first_of_each(&app).await;
    values.request_reference = reference.clone();
    values.grant_reference = grant_reference;
    // A draft keeps its answers as typed; its row is the newest.
    let marked_expert: i64 =
        sqlx::query("SELECT MAX(id) FROM experts").fetch_one(&app.pool().await).await.unwrap().get(0);
    values.expert_id = marked_expert.to_string();

    let west_africa = app.staff_client("waf-access@example.org", "coordinator", &["West Africa"]).await;
    let seen = west_africa.get(format!("{}/staff/requests/{reference}", app.address)).send().await.unwrap();
    assert!(seen.text().await.unwrap().contains(MARKER), "the coordinator of its region sees the request");

    let applicant = app.new_client();
    applicant
        .post(format!("{}/requests/new", app.address))
        .header("origin", &app.address)
        .form(INSTITUTION)
        .send()
        .await
        .unwrap();
    let roles = [
        ("anonymous", app.new_client()),
        ("applicant with a draft of their own", applicant),
        ("another expert, signed in", signed_in_expert(&app).await),
        (
            "coordinator of another region",
            app.staff_client("pac-access@example.org", "coordinator", &["Pacific"]).await,
        ),
        ("reviewer who declared a conflict on the application", conflicted_reviewer),
        ("reviewer of another application", other_reviewer),
    ];
    let mut asked = 0;
    for pattern in route_patterns() {
        let url = format!("{}{}", app.address, values.concrete(&pattern));
        for (role, client) in &roles {
            let get = client.get(&url).send().await.unwrap();
            assert!(!get.text().await.unwrap().contains(MARKER), "GET {pattern} shows another's data to the {role}");
            let post =
                client.post(&url).header("origin", &app.address).form(&[("action", "next")]).send().await.unwrap();
            assert!(!post.text().await.unwrap().contains(MARKER), "POST {pattern} shows another's data to the {role}");
            asked += 2;
        }
    }
    assert!(asked > 700, "{asked} requests");
});

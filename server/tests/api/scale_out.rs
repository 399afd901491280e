//! Two portal instances sharing one PostgreSQL database and one files folder behave as one
//! portal, as behind a load balancer (docs/DEPLOY.md): sessions, drafts, files and rate
//! limits hold across both.

use crate::helpers::{fresh_settings, location, serve, Backend, PDF};
use crate::requests::{details, upload, FOCAL_POINT, INSTITUTION};

#[tokio::test]
async fn two_instances_on_one_database_are_one_portal() {
    let Some(settings) = fresh_settings(Backend::Postgres).await else { return };
    let first = serve(settings.clone()).await;
    let second = serve(settings).await;
    assert_ne!(first.address, second.address);

    // A draft started on one instance goes on, with its letter, on the other.
    let response = first.post_form("/requests/new", INSTITUTION).await;
    let draft = location(&response).trim_end_matches("/focal-point").to_owned();
    assert_eq!(
        location(&second.post_form(&format!("{draft}/focal-point"), FOCAL_POINT).await),
        format!("{draft}/request")
    );
    assert_eq!(
        location(&first.post_form(&format!("{draft}/request"), &details()).await),
        format!("{draft}/attachments")
    );
    assert_eq!(upload(&first, &draft, "Letter.pdf", PDF).await.status(), 303);
    assert!(second.text(&format!("{draft}/review")).await.contains("Letter.pdf"), "the upload is seen by the other");
    let response = second.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = first.text(&tracking).await;
    let reference = page[page.find("TA-").expect("tracked on the first")..][..12].to_owned();

    // A staff session opened on one instance is valid on the other, which serves the file
    // uploaded through the first.
    let staff = first.staff_client("scale-admin@example.org", "admin", &[]).await;
    let detail = format!("{}/staff/requests/{reference}", second.address);
    let page = staff.get(&detail).send().await.unwrap();
    assert_eq!(page.status(), 200, "signed in on the second too");
    let page = page.text().await.unwrap();
    let link_start = page.find(&format!("/staff/requests/{reference}/attachments/")).expect("the letter is listed");
    let link: String = page[link_start..].chars().take_while(|c| *c != '"').collect();
    let letter = staff.get(format!("{}{link}", second.address)).send().await.unwrap();
    assert_eq!(letter.bytes().await.unwrap().as_ref(), PDF);

    // Rate limits count the hits on both: the limit is reached alternating between them.
    let max = server::limits::STARTS_PER_ADDRESS.max;
    for n in 1..max {
        let instance = if n % 2 == 0 { &first } else { &second };
        assert_eq!(instance.post_form("/requests/new", INSTITUTION).await.status(), 303, "start {n}");
    }
    assert_eq!(first.post_form("/requests/new", INSTITUTION).await.status(), 429);
    assert_eq!(second.post_form("/requests/new", INSTITUTION).await.status(), 429);
}

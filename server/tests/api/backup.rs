//! `portal backup` and `portal restore`: a backup taken while the portal serves, restored
//! into an empty database and files folder, holds every request and letter up to the backup.

use crate::helpers::{fresh_settings, location, serve, unique_name, PDF};
use crate::on_both_databases;
use crate::requests::{fill_draft, submit_request, upload};

on_both_databases!(a_restored_backup_holds_every_request_and_letter_up_to_it, |app| {
    let draft = fill_draft(&app).await;
    assert_eq!(upload(&app, &draft, "Lettre officielle.pdf", PDF).await.status(), 303);
    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let tracking = location(&response).trim_end_matches("?submitted=1").to_owned();
    let page = app.text(&tracking).await;
    let reference = page[page.find("TA-").unwrap()..][..12].to_owned();

    let folder = std::env::temp_dir().join(unique_name());
    let manifest = server::backup::backup(&app.settings, &folder).await.expect("backup while serving");
    let demo_documents = crate::requests::count(&app, "SELECT COUNT(*) FROM ta_documents").await as usize;
    assert_eq!(manifest.files.len(), 1 + demo_documents, "the letter and the demo's documents are in the backup");
    assert!(server::backup::backup(&app.settings, &folder).await.is_err(), "never written over an old backup");
    let (_, after_backup) = submit_request(&app).await;

    let settings = fresh_settings(app.backend()).await.expect("a second database");
    server::backup::restore(&settings, &folder, false).await.expect("restore into an empty database");
    let refused = server::backup::restore(&settings, &folder, false).await.expect_err("data is never replaced unasked");
    assert!(refused.to_string().contains("--replace"), "{refused}");
    server::backup::restore(&settings, &folder, true).await.expect("restore with --replace");

    let restored = serve(settings).await;
    let page = restored.text(&tracking).await;
    assert!(page.contains(&reference), "the request is back");
    assert_eq!(restored.get(&after_backup).await.status(), 404, "a request made after the backup is not");
    let detail = format!("/staff/requests/{reference}");
    let staff = restored.staff_client("backup-admin@example.org", "admin", &[]).await;
    let page = staff.get(format!("{}{detail}", restored.address)).send().await.unwrap().text().await.unwrap();
    let link_start = page.find(&format!("{detail}/attachments/")).expect("the letter is listed");
    let link: String = page[link_start..].chars().take_while(|c| *c != '"').collect();
    let letter = staff.get(format!("{}{link}", restored.address)).send().await.unwrap();
    assert_eq!(letter.bytes().await.unwrap().as_ref(), PDF, "the letter's file came back with it");
});

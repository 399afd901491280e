//! The baseline assessment: staff record findings and recommendations, each indicator's
//! starting value and the report (PDF, one per post, public or staff-only) on its own page,
//! only at its stage, each part checked by the shared rules; the request goes on to the
//! intervention only once the baseline is complete; the requester reads it, and downloads
//! its public documents only, on the tracking page.

use crate::fiche::{at_fiche, move_to, write_a_complete_fiche};
use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::count;
use crate::staff::{get, post};
use crate::uploads::stored_files;

const FINDINGS: &str = "The labour inspectorate has no data on migrant workers' contracts.";
const RECOMMENDATIONS: &str = "Train inspectors and add a migrant worker field to inspection forms.";
pub const REPORT: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Posts a stage document to `path` as a stage page's form does: its title, its audience and
/// the file (`extra`: further parts, to try a malformed post).
pub async fn upload_document(
    app: &TestApp,
    staff: &reqwest::Client,
    path: &str,
    (title, audience): (&str, &str),
    (name, bytes): (&str, &[u8]),
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let file = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()).mime_str("application/pdf");
    let mut form =
        reqwest::multipart::Form::new().text("document_title", title.to_owned()).text("audience", audience.to_owned());
    for (name, value) in extra {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    staff
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .multipart(form.part("document", file.unwrap()))
        .send()
        .await
        .expect("upload")
}

async fn post_part(
    app: &TestApp,
    staff: &reqwest::Client,
    reference: &str,
    part: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    post(app, staff, &format!("/staff/requests/{reference}/baseline/{part}"), fields).await
}

/// Where the baseline's documents are posted.
fn documents_path(reference: &str) -> String {
    format!("/staff/requests/{reference}/baseline/documents")
}

/// A request taken through the fiche and its consultation to the baseline stage.
pub async fn at_baseline(app: &TestApp, email: &str) -> (String, String, reqwest::Client) {
    let (reference, tracking, staff) = at_fiche(app, email).await;
    write_a_complete_fiche(app, &staff, &reference).await;
    crate::consultation::consult_and_agree(app, &reference).await;
    assert_eq!(move_to(app, &staff, &reference, "ta_fiche", "baseline_assessment").await.status(), 303);
    (reference, tracking, staff)
}

/// The id of the request's first indicator, as the starting-value form offers it.
async fn first_indicator_id(app: &TestApp, reference: &str) -> String {
    let sql = format!(
        "SELECT MIN(i.id) FROM ta_fiche_indicators i JOIN ta_fiche_results f ON f.id = i.result_id
         JOIN ta_requests r ON r.id = f.request_id WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await.to_string()
}

async fn documents_of(app: &TestApp, reference: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM ta_documents d JOIN ta_requests r ON r.id = d.request_id WHERE r.reference = '{reference}'"
    );
    count(app, &sql).await
}

/// The id of the request's document titled `title`.
async fn document_id(app: &TestApp, reference: &str, title: &str) -> String {
    let sql = format!(
        "SELECT MIN(d.id) FROM ta_documents d JOIN ta_requests r ON r.id = d.request_id
         WHERE r.reference = '{reference}' AND d.title = '{title}'"
    );
    count(app, &sql).await.to_string()
}

/// Writes a complete baseline (findings, the fiche's one indicator's starting value, a public
/// report) for a request at the baseline stage, so that it can move on to the intervention.
pub async fn write_a_complete_baseline(app: &TestApp, staff: &reqwest::Client, reference: &str) {
    let findings = [("findings", FINDINGS), ("recommendations", RECOMMENDATIONS)];
    assert_eq!(post_part(app, staff, reference, "findings", &findings).await.status(), 303);
    let indicator = first_indicator_id(app, reference).await;
    let value = [
        ("for_indicator", indicator.as_str()),
        ("baseline_value", "0"),
        ("measured_on", "2026-01-15"),
        ("source", "Inspectorate records"),
    ];
    assert_eq!(post_part(app, staff, reference, "indicators", &value).await.status(), 303);
    let report = ("Baseline assessment report", "public");
    assert_eq!(
        upload_document(app, staff, &documents_path(reference), report, ("report.pdf", REPORT), &[]).await.status(),
        303
    );
}

on_both_databases!(staff_record_a_baseline_part_by_part_and_it_must_be_complete_to_move_on, |app| {
    let (reference, tracking, staff) = at_baseline(&app, "unit-baseline@example.org").await;
    let baseline_path = format!("/staff/requests/{reference}/baseline");
    let request_page = get(&app, &staff, &format!("/staff/requests/{reference}")).await.text().await.unwrap();
    assert!(request_page.contains(&format!(r#"href="{baseline_path}""#)), "the request's page links to its baseline");
    let page = get(&app, &staff, &baseline_path).await.text().await.unwrap();
    assert!(page.contains("Nothing has been recorded for the baseline assessment yet."));
    assert!(page.contains("Regulations drafted") && page.contains("Not given yet"), "the fiche's indicator waits");

    let refused = move_to(&app, &staff, &reference, "baseline_assessment", "ta_intervention").await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("once the baseline has findings and recommendations"));

    // Problems come back by their fields with what was typed.
    let response = post_part(&app, &staff, &reference, "findings", &[("findings", FINDINGS)]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(FINDINGS), "typed findings kept");
    assert!(crate::fiche::marked_invalid(&page, "recommendations"));
    let findings = [("findings", FINDINGS), ("recommendations", RECOMMENDATIONS)];
    let saved = post_part(&app, &staff, &reference, "findings", &findings).await;
    assert_eq!(location(&saved), format!("{baseline_path}?done=baseline"));

    // A starting value: of this fiche's indicator, measured by today, a whole number.
    let indicator = first_indicator_id(&app, &reference).await;
    let value = |indicator: &str, value: &str, on: &str| {
        vec![
            ("for_indicator", indicator.to_owned()),
            ("baseline_value", value.to_owned()),
            ("measured_on", on.to_owned()),
            ("source", "Inspectorate annual report".to_owned()),
        ]
    };
    for (fields, field, problem) in [
        (value("999999", "2", "2026-01-15"), "for_indicator", "Choose one of the options offered."),
        (value(&indicator, "two", "2026-01-15"), "baseline_value", "whole number"),
        (value(&indicator, "2", "2099-01-01"), "measured_on", "Enter a day that has passed, or today."),
    ] {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = post_part(&app, &staff, &reference, "indicators", &pairs).await;
        assert_eq!(response.status(), 422, "{field}");
        let page = response.text().await.unwrap();
        assert!(
            crate::fiche::error_by(&page, field).contains(problem),
            "{field}: {}",
            crate::fiche::error_by(&page, field)
        );
        assert!(page.contains("Inspectorate annual report"), "typed source kept");
    }
    for starting in ["2", "3"] {
        let fields = value(&indicator, starting, "2026-01-15");
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(post_part(&app, &staff, &reference, "indicators", &pairs).await.status(), 303);
    }
    let values =
        count(&app, &format!("SELECT COUNT(*) FROM ta_indicator_baselines WHERE indicator_id = {indicator}")).await;
    assert_eq!(values, 1, "a second value replaces the first");
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_id = '{reference}' AND action = 'baseline_value'
         AND from_state LIKE 'Regulations drafted: 2 (2026-01-15;%' AND to_state LIKE 'Regulations drafted: 3 %'"
    );
    assert_eq!(count(&app, &audited).await, 1, "the audit keeps the value before and after");
    assert_eq!(
        move_to(&app, &staff, &reference, "baseline_assessment", "ta_intervention").await.status(),
        409,
        "no report yet"
    );

    // Documents: a PDF with a title and an audience, else nothing is kept.
    let files_before = stored_files(&app).len();
    let not_pdf = upload_document(
        &app,
        &staff,
        &documents_path(&reference),
        ("Report", "public"),
        ("report.pdf", b"<html></html>"),
        &[],
    )
    .await;
    assert_eq!(not_pdf.status(), 422);
    let page = not_pdf.text().await.unwrap();
    assert!(
        crate::fiche::error_by(&page, "document").contains("Attach the document as a PDF"),
        "the file's problem by it"
    );
    let untitled =
        upload_document(&app, &staff, &documents_path(&reference), ("", "everyone"), ("report.pdf", REPORT), &[]).await;
    assert_eq!(untitled.status(), 422);
    let page = untitled.text().await.unwrap();
    assert!(crate::fiche::marked_invalid(&page, "document_title"));
    assert!(crate::fiche::error_by(&page, "audience").contains("Choose one of the options offered."));
    assert!(page.contains("choose it again"), "the page says the file was not kept");
    let twice = upload_document(
        &app,
        &staff,
        &documents_path(&reference),
        ("Report", "public"),
        ("report.pdf", REPORT),
        &[("audience", "staff")],
    )
    .await;
    assert_eq!(twice.status(), 400, "a part twice is a malformed post");
    assert_eq!((documents_of(&app, &reference).await, stored_files(&app).len()), (0, files_before), "nothing kept");

    let public = ("Baseline assessment report", "public");
    assert_eq!(
        upload_document(&app, &staff, &documents_path(&reference), public, ("report.pdf", REPORT), &[]).await.status(),
        303
    );
    let internal = ("Interview notes", "staff");
    assert_eq!(
        upload_document(&app, &staff, &documents_path(&reference), internal, ("notes.pdf", REPORT), &[]).await.status(),
        303
    );
    assert_eq!(stored_files(&app).len(), files_before + 2);

    // The requester reads the baseline and gets its public documents only.
    let tracking_page = app.text(&tracking).await;
    for part in [FINDINGS, RECOMMENDATIONS, "Inspectorate annual report", "Baseline assessment report"] {
        assert!(tracking_page.contains(part), "the tracking page shows {part}");
    }
    assert!(!tracking_page.contains("Interview notes"), "a staff-only document stays with staff");
    let (public_id, internal_id) = (
        document_id(&app, &reference, "Baseline assessment report").await,
        document_id(&app, &reference, "Interview notes").await,
    );
    let download = app.get(&format!("{tracking}/documents/{public_id}")).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), REPORT);
    assert_eq!(app.get(&format!("{tracking}/documents/{internal_id}")).await.status(), 404);
    let staff_download = get(&app, &staff, &format!("/staff/requests/{reference}/documents/{internal_id}")).await;
    assert_eq!(staff_download.status(), 200);

    // Staff of another region see none of it.
    let pacific = app.staff_client("pac-baseline@example.org", "coordinator", &["Pacific"]).await;
    assert_eq!(get(&app, &pacific, &baseline_path).await.status(), 404);
    assert_eq!(get(&app, &pacific, &format!("/staff/requests/{reference}/documents/{public_id}")).await.status(), 404);
    assert_eq!(post_part(&app, &pacific, &reference, "findings", &findings).await.status(), 404);

    // Removing a document deletes its file; a removal naming nothing is a 400.
    let removed = post_part(&app, &staff, &reference, "documents/remove", &[("id", internal_id.as_str())]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(stored_files(&app).len(), files_before + 1);
    assert_eq!(post_part(&app, &staff, &reference, "documents/remove", &[("id", "x")]).await.status(), 400);

    assert_eq!(move_to(&app, &staff, &reference, "baseline_assessment", "ta_intervention").await.status(), 303);
    // Past its stage the baseline is read-only.
    let page = get(&app, &staff, &baseline_path).await.text().await.unwrap();
    assert!(page.contains(FINDINGS) && !page.contains("Upload the document") && !page.contains("documents/remove"));
    assert_eq!(post_part(&app, &staff, &reference, "findings", &findings).await.status(), 409);
    let late = upload_document(&app, &staff, &documents_path(&reference), public, ("report.pdf", REPORT), &[]).await;
    assert_eq!(late.status(), 409);
    assert_eq!(stored_files(&app).len(), files_before + 1, "a refused upload leaves no file");
});

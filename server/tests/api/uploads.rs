//! Uploads that try to be something else, at every upload field the public can reach (a
//! request's letter, an expert's CV, a grant applicant's certificate):
//! - a file that is not a PDF from its first byte (HTML or a ZIP with a PDF inside, a PDF
//!   cut short), or an empty one, is refused with a message next to the field naming the
//!   document it asks for, and leaves no file behind;
//! - a body declared too big is refused before any of it is sent;
//! - a PDF that is also an HTML page, under a name made of a path, markup and control
//!   characters, is stored under a random name and only ever sent back as a PDF attachment
//!   that no browser will run.

use crate::helpers::{location, TestApp};
use crate::on_both_databases;
use crate::requests::fill_draft;
use crate::roster::fill_application;

/// The upload fields: the step's path and the field's name.
pub async fn upload_fields(app: &TestApp) -> Vec<(String, &'static str)> {
    let draft = fill_draft(app).await;
    let application = fill_application(app, "uploads@example.org").await;
    let (_, slug) = crate::grants::open_regional_call(app).await;
    let grant = crate::grants::fill_application(app, &slug).await;
    vec![
        (format!("{draft}/attachments"), "letter"),
        (format!("{application}/cv"), "cv"),
        (format!("{grant}/certificate"), "certificate"),
    ]
}

/// Posts `bytes` as the file `name` in `field`, the multipart body written by hand so that
/// the name reaches the portal byte for byte.
pub async fn post_file(app: &TestApp, path: &str, field: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let boundary = "----portal-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nnext\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.client
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The names in the files folder.
pub fn stored_files(app: &TestApp) -> Vec<String> {
    match std::fs::read_dir(&app.settings.files_dir) {
        Ok(entries) => entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The files in the files folder beyond the demo's own documents: those the test's uploads
/// left there.
pub async fn uploaded_files(app: &TestApp) -> Vec<String> {
    let demo: Vec<String> = sqlx::query_scalar("SELECT stored_name FROM ta_documents WHERE received_by = 'system'")
        .fetch_all(&app.pool().await)
        .await
        .unwrap();
    stored_files(app).into_iter().filter(|name| !demo.contains(name)).collect()
}

/// The status line the portal answers a post to `path` whose head declares a body of
/// `length` bytes, none of which is sent.
async fn answer_before_the_body(app: &TestApp, path: &str, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    String::from_utf8_lossy(&answer[..read]).lines().next().unwrap_or_default().to_owned()
}

on_both_databases!(every_upload_field_takes_a_pdf_or_nothing, |app| {
    let fields = upload_fields(&app).await;
    let kept = stored_files(&app);
    let not_pdfs: [(&str, &[u8]); 4] = [
        ("page.pdf", b"<html><script>alert(1)</script>\n%PDF-1.4\n%%EOF\n"),
        ("archive.pdf", b"PK\x03\x04\x14\x00\x00\x00%PDF-1.4\n%%EOF\n"),
        ("cut-short.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n%PDF-1.4 %%EOF"),
    ];
    // Each refusal names the document its field asks for.
    let document = |field: &str| match field {
        "letter" => "the letter",
        "cv" => "your CV",
        _ => "the registration certificate",
    };
    for (path, field) in &fields {
        for (name, bytes) in not_pdfs {
            let response = post_file(&app, path, field, name, bytes).await;
            assert_eq!(response.status(), 422, "{name} at {path}");
            let page = response.text().await.unwrap();
            assert!(page.contains(&format!(r#"id="{field}-error""#)), "the message is next to the field ({path})");
            let sentence = format!("Attach {} as a PDF document; this file is not one.", document(field));
            assert!(page.contains(&sentence), "{sentence} at {path}");
        }
        // A chosen file of no bytes is refused, not taken as "no file".
        let response = post_file(&app, path, field, "empty.pdf", b"").await;
        assert_eq!(response.status(), 422, "an empty file at {path}");
        let page = response.text().await.unwrap();
        let sentence = format!("This file is empty. Attach {} as a PDF document.", document(field));
        assert!(page.contains(&sentence) && page.contains(&format!(r#"id="{field}-error""#)), "{sentence} at {path}");
        let limit = server::policy::LARGEST_BODY * 10;
        assert!(answer_before_the_body(&app, path, limit).await.starts_with("HTTP/1.1 413"), "{path}");
    }
    assert_eq!(stored_files(&app), kept, "no file is left by a refused upload");
});

on_both_databases!(a_pdf_that_is_also_a_web_page_is_only_ever_sent_back_as_a_pdf_attachment, |app| {
    let polyglot: &[u8] =
        b"%PDF-1.4\n<html><body><script>document.title='ran'</script></body></html>\n1 0 obj << >> endobj\n%%EOF\n";
    // As a browser sends it (CR, LF and quotes percent-encoded), with a right-to-left
    // override that would show "letter\u{202e}fdp.exe" as "letterexe.pdf".
    let hostile_name = "../../../etc/<img src=x onerror=alert(1)>%0D%0AX-Evil: 1\t\u{85}letter\u{202e}fdp.exe.pdf";
    let draft = fill_draft(&app).await;
    let kept = stored_files(&app);
    // Raw control characters in a part's head are not HTTP: a plain 400, nothing stored.
    let raw = post_file(&app, &format!("{draft}/attachments"), "letter", "bell\x07.pdf", polyglot).await;
    assert_eq!(raw.status(), 400);
    assert_eq!(stored_files(&app), kept);
    let response = post_file(&app, &format!("{draft}/attachments"), "letter", hostile_name, polyglot).await;
    let status = response.status();
    assert_eq!(status, 303, "a PDF is a PDF, whatever else it is: {}", response.text().await.unwrap());

    for name in stored_files(&app) {
        let (stem, extension) = name.split_once('.').unwrap();
        assert!(
            stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "stored under a random name, not the one sent: {name}"
        );
        assert_eq!(extension, "pdf");
    }
    let review = app.text(&format!("{draft}/review")).await;
    assert!(review.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown as text");
    assert!(!review.contains("<img src=x") && !review.contains("../"));
    assert!(!review.contains('\u{202e}') && !review.contains('\u{85}'), "no control or direction characters");

    let response = app.post_form(&format!("{draft}/review"), &[("action", "submit")]).await;
    let page = app.text(&location(&response)).await;
    let reference = &page[page.find("TA-").unwrap()..][..12];
    let staff = app.staff_client("uploads-admin@example.org", "admin", &[]).await;
    let detail = format!("/staff/requests/{reference}");
    let page = staff.get(format!("{}{detail}", app.address)).send().await.unwrap().text().await.unwrap();
    let link_start = page.find(&format!("{detail}/attachments/")).expect("the letter is listed");
    let link: String = page[link_start..].chars().take_while(|c| *c != '"').collect();
    let download = staff.get(format!("{}{link}", app.address)).send().await.unwrap();
    let headers = download.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; "), "{disposition}");
    assert!(!disposition.contains("../") && !disposition.bytes().any(|b| b.is_ascii_control()), "{disposition}");
    assert!(!headers.contains_key("x-evil"), "no header made of the name");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"), "no script runs even if opened: {csp}");
    assert_eq!(download.bytes().await.unwrap().as_ref(), polyglot, "the file as uploaded");
});

/// A multipart body of `parts` (name, file name or none, bytes), written by hand.
fn multipart_body(boundary: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        let disposition = match file_name {
            Some(file_name) => format!("name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf"),
            None => format!("name=\"{name}\""),
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

/// The last step of the form whose upload step is `upload_path`, which lists every answer
/// (the per-answer nonce of its scripts taken out).
async fn review_page(app: &TestApp, upload_path: &str) -> String {
    let draft = upload_path.rsplit_once('/').unwrap().0;
    let last = if draft.starts_with("/experts/") { "consent" } else { "review" };
    let page = app.text(&format!("{draft}/{last}")).await;
    assert!(page.contains("<form"), "the {last} step of {draft}");
    let mut pieces = page.split("nonce=\"");
    let first = pieces.next().unwrap_or_default().to_owned();
    pieces.fold(first, |kept, piece| kept + piece.split_once('"').map_or(piece, |(_, rest)| rest))
}

on_both_databases!(one_post_stores_at_most_one_file_and_a_post_with_extra_parts_is_refused, |app| {
    let fields = upload_fields(&app).await;
    let before = stored_files(&app);
    let boundary = "----portal-many-parts";
    for (path, field) in &fields {
        let review = review_page(&app, path).await;
        let many_files: Vec<(&str, Option<&str>, &[u8])> =
            std::iter::repeat_n((*field, Some("f.pdf"), crate::helpers::PDF), 2_000).collect();
        let second_action: Vec<(&str, Option<&str>, &[u8])> =
            vec![(*field, Some("f.pdf"), crate::helpers::PDF), ("action", None, b"next"), ("action", None, b"next")];
        let stranger: Vec<(&str, Option<&str>, &[u8])> =
            vec![(*field, Some("f.pdf"), crate::helpers::PDF), ("note", None, b"hello")];
        for parts in [many_files, second_action, stranger] {
            let response = app
                .client
                .post(format!("{}{path}", app.address))
                .header("origin", &app.address)
                .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                .body(multipart_body(boundary, &parts))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{} parts at {path}", parts.len());
            assert_eq!(stored_files(&app), before, "nothing is left in the files folder by a refused post ({path})");
        }
        assert_eq!(review_page(&app, path).await, review, "the draft's answers are as they were ({path})");
    }
});

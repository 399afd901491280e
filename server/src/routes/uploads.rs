//! Storing uploaded files: streamed to a temporary file in the files folder (never a served
//! folder) while counting and hashing, refused when too big or not what they claim to be,
//! then renamed into place under a random name. The database row that points at a file is
//! written only after the file is complete on disk.

use std::path::Path;

use app::db::files::NewFile;
use app::domain::file::{AttachedFile, Document, FileField};
use app::domain::form::{rules, FieldError, Problem, RawForm};
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::journey::Action;
use super::render::internal_error;
use crate::scanner::{Scanner, Verdict};
use crate::AppState;

/// A file written to the files folder.
pub struct StoredFile {
    pub stored_name: String,
    pub original_name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl StoredFile {
    /// The row that records this file.
    pub fn as_new(&self) -> NewFile<'_> {
        NewFile {
            original_name: &self.original_name,
            stored_name: &self.stored_name,
            size_bytes: self.size_bytes,
            sha256: &self.sha256,
        }
    }
}

/// Why an upload was not kept.
pub enum UploadError {
    /// Something the reader can fix, shown next to the field.
    Refused(Problem),
    /// The disk or the connection failed.
    Failed(String),
}

/// A file name safe to show and to send back in `Content-Disposition`: the last path
/// component, without control characters, quotes or the marks that reverse the direction
/// of text (which make `letter\u{202e}fdp.exe` look like `letterexe.pdf`), at most 200
/// characters.
pub fn clean_file_name(name: &str) -> String {
    let is_direction_mark =
        |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        last.chars().filter(|c| !c.is_control() && *c != '"' && !is_direction_mark(*c)).take(200).collect();
    if cleaned.trim().is_empty() {
        "document.pdf".to_owned()
    } else {
        cleaned
    }
}

/// Streams the PDF in `field` into `dir`, then has `scanner` check it. `Ok(None)`: no file
/// was chosen (a browser sends an empty part without a name); a named file of no bytes is
/// refused as empty.
pub async fn store_pdf(
    dir: &Path,
    mut field: Field<'_>,
    document: Document,
    max_bytes: usize,
    scanner: Option<&Scanner>,
) -> Result<Option<StoredFile>, UploadError> {
    let chosen = field.file_name().is_some_and(|name| !name.is_empty());
    let original_name = clean_file_name(field.file_name().unwrap_or_default());
    let stored_name = format!("{}.pdf", &app::secret::new_token()[..32]);
    let partial = dir.join(format!("{stored_name}.part"));
    let failed = |e: std::io::Error| UploadError::Failed(e.to_string());
    let mut file = tokio::fs::File::create(&partial).await.map_err(failed)?;
    let mut hasher = Sha256::new();
    let (mut head, mut tail): (Vec<u8>, Vec<u8>) = (Vec::new(), Vec::new());
    let mut size = 0usize;
    let outcome = loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break Ok(()),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                break Err(UploadError::Refused(Problem::FileTooLarge { max_mb: (max_bytes / (1024 * 1024)) as u32 }))
            }
            Err(error) => break Err(UploadError::Failed(error.to_string())),
        };
        size += chunk.len();
        if size > max_bytes {
            break Err(UploadError::Refused(Problem::FileTooLarge { max_mb: (max_bytes / (1024 * 1024)) as u32 }));
        }
        if head.len() < 8 {
            head.extend(chunk.iter().take(8 - head.len()));
        }
        tail.extend_from_slice(&chunk);
        if tail.len() > 1024 {
            tail.drain(..tail.len() - 1024);
        }
        hasher.update(&chunk);
        if let Err(error) = file.write_all(&chunk).await {
            // A full disk: read the rest of the part (bounded by the body limit), so the
            // browser gets the page asking to send again rather than a reset connection.
            while let Ok(Some(_)) = field.chunk().await {}
            break Err(failed(error));
        }
    };
    let outcome = match outcome {
        Ok(()) if size == 0 && chosen => Err(UploadError::Refused(Problem::EmptyFile { document })),
        Ok(()) if size == 0 => Ok(None),
        Ok(()) if !rules::is_pdf(&head, &tail) => Err(UploadError::Refused(Problem::NotPdf { document })),
        Ok(()) => file.sync_all().await.map(|()| Some(())).map_err(failed),
        Err(error) => Err(error),
    };
    drop(file);
    let outcome = match (outcome, scanner) {
        (Ok(Some(())), Some(scanner)) => match scanner.scan(&partial).await {
            Ok(Verdict::Clean) => Ok(Some(())),
            Ok(Verdict::Infected(signature)) => {
                tracing::warn!(target: "security", event = "upload.malware_refused", %signature, size, "upload refused");
                Err(UploadError::Refused(Problem::Malware))
            }
            Err(error) => Err(UploadError::Failed(format!("virus scan: {error}"))),
        },
        (outcome, _) => outcome,
    };
    match outcome {
        Ok(Some(())) => {
            tokio::fs::rename(&partial, dir.join(&stored_name)).await.map_err(failed)?;
            crate::files::sync_folder(dir).await.map_err(failed)?;
            Ok(Some(StoredFile {
                stored_name,
                original_name,
                size_bytes: size as i64,
                sha256: hex::encode(hasher.finalize()),
            }))
        }
        other => {
            let _ = tokio::fs::remove_file(&partial).await;
            other.map(|_| None)
        }
    }
}

/// What a step posted as multipart carried: the button pressed, the form's text fields and
/// the PDF, if one was chosen and kept, or the problem that stopped it.
pub struct PdfPost {
    pub action: Action,
    /// The text parts the reader asked for (`read_pdf_post`'s `texts`), as typed.
    pub texts: RawForm,
    pub file: Option<StoredFile>,
    pub problem: Option<FieldError>,
}

impl PdfPost {
    /// The problem to show next to the field, with the status to answer it with.
    pub fn refusal(&self) -> Option<(Vec<FieldError>, StatusCode)> {
        self.problem.clone().map(|error| {
            let status = match error.problem {
                Problem::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (vec![error], status)
        })
    }
}

/// Reads a multipart post with the one PDF field `field`. A body declared bigger than
/// `policy::upload_body_limit(field)` is refused before any of it is read; `owner` (the
/// draft's link, the profile, the member of staff) counts against the per-account upload
/// limit. The form has the button, the file and the text fields named in `texts`: a part of
/// another name, or any part twice, is refused with 400 before that part is read, and a file
/// already stored from the post is discarded, so one post never leaves more than one file.
/// `Err`: the response for a malformed post, a limit reached or a failed disk.
pub async fn read_pdf_post(
    state: &AppState,
    request: Request,
    owner: &str,
    field: &FileField,
    texts: &[&str],
) -> Result<PdfPost, Response> {
    let refused = |problem| Some(FieldError::new(field.name, problem));
    let too_large = Problem::FileTooLarge { max_mb: field.max_mb };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let locale = app::i18n::locale_from_headers(request.headers());
    let mut post = PdfPost { action: Action::Next, texts: RawForm::default(), file: None, problem: None };
    let mut typed: Vec<(String, String)> = Vec::new();
    let limit = crate::limits::UPLOADS_PER_LINK;
    crate::limits::check_account(state, request.headers(), request.extensions(), limit, owner).await?;
    if declared.is_some_and(|length| length > crate::policy::upload_body_limit(field)) {
        post.problem = refused(too_large);
        return Ok(post);
    }
    let mut multipart = Multipart::from_request(request, state).await.map_err(IntoResponse::into_response)?;
    let (mut seen_action, mut seen_file) = (false, false);
    let outcome = loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break Ok(()),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                post.problem = refused(too_large);
                break Ok(());
            }
            Err(error) => break Err((error.status(), error.body_text()).into_response()),
        };
        match part.name() {
            Some("action") if !seen_action => {
                seen_action = true;
                post.action = Action::named(&part.text().await.unwrap_or_default());
            }
            Some(name) if texts.contains(&name) && !typed.iter().any(|(seen, _)| seen == name) => {
                let name = name.to_owned();
                match part.text().await {
                    Ok(text) => typed.push((name, text)),
                    Err(error) => break Err((error.status(), error.body_text()).into_response()),
                }
            }
            Some(name) if name == field.name && !seen_file => {
                seen_file = true;
                let scanner = state.scanner.as_deref();
                let max_bytes = field.max_mb as usize * 1024 * 1024;
                match store_pdf(&state.files_dir, part, field.document, max_bytes, scanner).await {
                    Ok(file) => post.file = file,
                    Err(UploadError::Refused(problem)) => post.problem = refused(problem),
                    Err(UploadError::Failed(error)) => break Err(internal_error(error)),
                }
            }
            _ => break Err(malformed_post(locale)),
        }
    };
    // A file kept before a later part failed or was refused is not wanted any more.
    if outcome.is_err() || post.problem.is_some() {
        if let Some(file) = post.file.take() {
            crate::files::discard(&state.files_dir, [file.stored_name]).await;
        }
    }
    post.texts = RawForm::from_pairs(typed);
    outcome.map(|()| post)
}

/// Settles a stored file once the database has been asked to record it (`recorded`: the
/// stored names of the files it replaced): those are deleted, or, when recording failed, the
/// new file is, and the reader gets the page asking to send again.
pub async fn settle(
    state: &AppState,
    file: StoredFile,
    recorded: Result<Vec<String>, sqlx::Error>,
) -> Result<AttachedFile, Response> {
    match recorded {
        Ok(replaced) => {
            crate::files::discard(&state.files_dir, replaced).await;
            Ok(AttachedFile { name: file.original_name, size_bytes: file.size_bytes })
        }
        Err(error) => {
            crate::files::discard(&state.files_dir, [file.stored_name]).await;
            Err(internal_error(error))
        }
    }
}

/// The 400 page for a post that is not what the form sends (an extra part, a part twice).
fn malformed_post(locale: app::i18n::Locale) -> Response {
    let m = locale.messages();
    tracing::warn!(target: "security", event = "upload.malformed_post", "multipart post refused");
    crate::limits::notice_page(StatusCode::BAD_REQUEST, locale, m.bad_request_title, m.malformed_post_text)
}

/// A stored PDF sent to a member of staff as a download named `name` (never cached),
/// ending in `.pdf` whatever it was uploaded as: the file is a PDF, and a name like
/// `setup.exe` must not make it look like something else once saved.
pub fn pdf_download(name: &str, bytes: Vec<u8>) -> Response {
    let name = if name.to_ascii_lowercase().ends_with(".pdf") { name.to_owned() } else { format!("{name}.pdf") };
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", encoded.replace('+', "%20"));
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            // Opened in a tab rather than saved, an uploaded file that is also a web page
            // still runs nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{clean_file_name, pdf_download};

    #[test]
    fn a_download_is_named_as_the_pdf_it_is() {
        let disposition = |name: &str| pdf_download(name, Vec::new()).headers()["content-disposition"].clone();
        assert_eq!(disposition("setup.exe"), r#"attachment; filename="setup.exe.pdf"; filename*=UTF-8''setup.exe.pdf"#);
        assert_eq!(disposition("Lettre.PDF"), r#"attachment; filename="Lettre.PDF"; filename*=UTF-8''Lettre.PDF"#);
    }

    #[test]
    fn uploaded_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\me\\Lettre officielle.pdf"), "Lettre officielle.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b\r\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(""), "document.pdf");
        assert_eq!(clean_file_name("letter\u{202e}fdp.exe\u{85}.pdf"), "letterfdp.exe.pdf");
    }
}

//! The demo's stage documents: invented one-page PDFs, written to the files folder and
//! recorded as a real upload would be, shown to the public.

use std::path::Path;

use app::db::files::NewFile;
use app::db::ta_requests::{self, StageWrite};
use app::db::Pool;
use app::domain::stage::Stage;
use app::domain::ta_cycle::StageDocument;
use app::domain::ta_request::{StoredRequest, AUDIENCE_PUBLIC};
use sha2::{Digest, Sha256};

/// A one-page PDF whose page reads `lines` (printable ASCII), with a correct cross-reference
/// table, so any reader opens it.
pub(crate) fn one_page_pdf(lines: &[&str]) -> Vec<u8> {
    let escaped = |text: &str| text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    let text: String = lines.iter().map(|line| format!("({}) Tj T* ", escaped(line))).collect();
    let content = format!("BT /F1 12 Tf 16 TL 56 780 Td {text}ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    pdf
}

/// A public document of `stage`'s work titled `title`: the file `file_name`, a page reading
/// `lines`.
pub async fn add_demo_document(
    pool: &Pool,
    files_dir: &Path,
    request: &StoredRequest,
    stage: Stage,
    title: &str,
    (file_name, lines): (&str, &[&str]),
    now: &str,
) -> anyhow::Result<()> {
    let bytes = one_page_pdf(lines);
    let stored_name = format!("{}.pdf", &app::secret::new_token()[..32]);
    tokio::fs::write(files_dir.join(&stored_name), &bytes).await?;
    let file = NewFile {
        original_name: file_name,
        stored_name: &stored_name,
        size_bytes: bytes.len() as i64,
        sha256: &hex::encode(Sha256::digest(&bytes)),
    };
    let document = StageDocument { document_title: Some(title.into()), audience: Some(AUDIENCE_PUBLIC.into()) };
    let done = ta_requests::add_stage_document(pool, request, stage, &document, &file, "system", now).await?;
    anyhow::ensure!(done == StageWrite::Done, "demo document of {}: {done:?}", request.reference);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_report_is_a_pdf_whose_cross_references_point_at_its_objects() {
        let pdf = super::one_page_pdf(&["A (demo) line"]);
        assert!(app::domain::form::rules::is_pdf(&pdf[..8], &pdf[pdf.len().saturating_sub(1024)..]));
        let text = String::from_utf8(pdf.clone()).unwrap();
        let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref..].starts_with("xref"));
        let third = text[xref..].lines().nth(5).unwrap()[..10].parse::<usize>().unwrap();
        assert!(text[third..].starts_with("3 0 obj"), "object 3 where the table says");
        assert!(text.contains(r"(A \(demo\) line) Tj"));
    }
}

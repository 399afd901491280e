//! Demo baseline assessments: findings, the fiche indicator's starting value and a short
//! public report (a one-page PDF written here, so the demo holds no real document).

use std::path::Path;

use app::db::files::NewFile;
use app::db::ta_requests::{self, StageWrite};
use app::db::Pool;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{BaselineFindings, IndicatorBaseline, StageDocument};
use app::domain::ta_request::{StoredRequest, AUDIENCE_PUBLIC};
use sha2::{Digest, Sha256};

/// A one-page PDF whose page reads `lines` (printable ASCII), with a correct cross-reference
/// table, so any reader opens it.
fn one_page_pdf(lines: &[&str]) -> Vec<u8> {
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

/// The baseline of a demo request at the baseline stage: findings, the starting value of
/// each indicator of its fiche and the report, shown to the public.
pub async fn write_baseline(pool: &Pool, files_dir: &Path, request: &StoredRequest, now: &str) -> anyhow::Result<()> {
    let checked = |done: StageWrite| -> anyhow::Result<()> {
        anyhow::ensure!(done == StageWrite::Done, "demo baseline of {}: {done:?}", request.reference);
        Ok(())
    };
    let findings = BaselineFindings {
        findings: Some(
            "Demo: procedures exist on paper in each ministry but are applied unevenly; no one keeps figures on \
             the people they serve."
                .into(),
        ),
        recommendations: Some(
            "Demo: build on the procedures already in place, train the staff who apply them and keep simple \
             records from the first month."
                .into(),
        ),
    };
    checked(ta_requests::save_baseline_findings(pool, request, &findings, "system", now).await?)?;
    for indicator in ta_requests::fiche_indicator_ids(pool, request.id).await? {
        let value = IndicatorBaseline {
            for_indicator: Some(indicator),
            baseline_value: Some("6".into()),
            measured_on: now.get(..10).map(str::to_owned),
            source: Some("Staff lists of the institution, checked during the fact-finding mission (demo)".into()),
        };
        checked(ta_requests::set_starting_value(pool, request, &value, "system", now).await?)?;
    }
    let bytes = one_page_pdf(&[
        "Baseline assessment report (demo)",
        &format!("Request {}", request.reference),
        "An invented document of the portal's demonstration data.",
    ]);
    let stored_name = format!("{}.pdf", &app::secret::new_token()[..32]);
    tokio::fs::write(files_dir.join(&stored_name), &bytes).await?;
    let file = NewFile {
        original_name: "baseline-assessment-report-demo.pdf",
        stored_name: &stored_name,
        size_bytes: bytes.len() as i64,
        sha256: &hex::encode(Sha256::digest(&bytes)),
    };
    let report = StageDocument {
        document_title: Some("Baseline assessment report (demo)".into()),
        audience: Some(AUDIENCE_PUBLIC.into()),
    };
    let stage = Stage::BaselineAssessment;
    checked(ta_requests::add_stage_document(pool, request, stage, &report, &file, "system", now).await?)?;
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

//! Demo baseline assessments: findings, the fiche indicator's starting value and a short
//! public report (`documents`: an invented one-page PDF).

use std::path::Path;

use app::db::ta_requests::{self, StageWrite};
use app::db::Pool;
use app::domain::stage::Stage;
use app::domain::ta_cycle::{BaselineFindings, IndicatorBaseline};
use app::domain::ta_request::StoredRequest;

use super::documents::add_demo_document;

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
    let title = "Baseline assessment report (demo)";
    let lines =
        [title, &format!("Request {}", request.reference) as &str, "An invented document of the demonstration data."];
    let file = ("baseline-report-demo.pdf", &lines[..]);
    add_demo_document(pool, files_dir, request, Stage::BaselineAssessment, title, file, now).await
}

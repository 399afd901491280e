//! Demo completions: the results of a finished intervention (one indicator measured, any
//! other with the reason it could not be), its lessons, and the requester's assessment.

use app::db::ta_requests::{self, StageWrite};
use app::db::Pool;
use app::domain::ta_cycle::{Assessment, IndicatorResult, Lessons};
use app::domain::ta_request::StoredRequest;

fn checked(request: &StoredRequest, done: StageWrite) -> anyhow::Result<()> {
    anyhow::ensure!(done == StageWrite::Done, "demo completion of {}: {done:?}", request.reference);
    Ok(())
}

/// Each indicator of the request's fiche with its result, and the lessons learned, as staff
/// write them before the move to completed.
pub async fn write_results(pool: &Pool, request: &StoredRequest, now: &str) -> anyhow::Result<()> {
    let fiche = ta_requests::fiche_work(pool, request.id).await?;
    let measured_on = now.get(..10).map(str::to_owned);
    for (i, indicator) in fiche.indicators().enumerate() {
        let result = if i == 0 {
            IndicatorResult {
                for_indicator: Some(indicator.id.to_string()),
                achieved_value: Some(indicator.target.to_string()),
                achieved_on: measured_on.clone(),
                achieved_source: Some("Programme monitoring records (demo)".into()),
                unmeasured_reason: None,
            }
        } else {
            IndicatorResult {
                for_indicator: Some(indicator.id.to_string()),
                unmeasured_reason: Some("The follow-up survey is due six months after the last activity.".into()),
                ..IndicatorResult::default()
            }
        };
        checked(request, ta_requests::set_indicator_result(pool, request, &result, "system", now).await?)?;
    }
    let lessons = Lessons {
        lessons: Some(
            "Training shelter staff and investigators together made referrals faster than training each \
             apart. A short handbook in plain language was used far more than the long manual. Plan the \
             follow-up survey with the agency from the start, so the results can be measured on time."
                .into(),
        ),
    };
    checked(request, ta_requests::save_lessons(pool, request, &lessons, "system", now).await?)
}

/// The requester's assessment of the completed demo TA, asking for follow-up.
pub async fn assess(pool: &Pool, request: &StoredRequest, now: &str) -> anyhow::Result<()> {
    let assessment = Assessment {
        usefulness: Some("5".into()),
        satisfaction: Some("4".into()),
        follow_up: Some("yes".into()),
        follow_up_needs: Some(
            "Training of trainers, so the agency's own staff can run the course in every zone.".into(),
        ),
        assessment_comments: None,
    };
    checked(request, ta_requests::give_assessment(pool, request, &assessment, &[], now).await?)
}

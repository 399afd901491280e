//! Completing a TA: each fiche indicator's achieved value (or why there is none) and the
//! lessons learned, written by staff at the intervention stage before the move to completed;
//! and the requester's assessment, given on the tracking link once completed. Every write holds
//! the request at its stage and is audited (`cycle::audited_stage_write`).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::cycle::{audited_stage_write, StageWrite};
use super::REQUESTER;
use crate::db::outbox::queue_mails;
use crate::db::{Pool, WriteTx};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{
    Achieved, Assessment, CompletionWork, GivenAssessment, IndicatorOutcome, IndicatorResult, Lessons, SavedLessons,
};
use crate::domain::ta_request::StoredRequest;
use crate::mail::OutgoingMail;

/// The completion as it stands.
pub async fn completion_work(pool: &Pool, request_id: i64) -> Result<CompletionWork, sqlx::Error> {
    let outcomes = sqlx::query(
        "SELECT o.indicator_id, o.achieved, o.achieved_on, o.source, o.unmeasured_reason
         FROM ta_indicator_results o
         JOIN ta_fiche_indicators i ON i.id = o.indicator_id
         JOIN ta_fiche_results r ON r.id = i.result_id
         WHERE r.request_id = $1 ORDER BY o.indicator_id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(IndicatorOutcome { indicator_id: r.try_get(0)?, achieved: achieved_from(r, 1)? }))
    .collect::<Result<_, sqlx::Error>>()?;
    let lessons = sqlx::query("SELECT lessons, written_at FROM ta_lessons WHERE request_id = $1")
        .bind(request_id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok::<_, sqlx::Error>(SavedLessons { lessons: r.try_get(0)?, written_at: r.try_get(1)? }))
        .transpose()?;
    let assessment = sqlx::query(
        "SELECT usefulness, satisfaction, follow_up_needs, comments, given_at FROM ta_assessments WHERE request_id = $1",
    )
    .bind(request_id)
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok::<_, sqlx::Error>(GivenAssessment {
            usefulness: r.try_get(0)?,
            satisfaction: r.try_get(1)?,
            follow_up_needs: r.try_get(2)?,
            comments: r.try_get(3)?,
            given_at: r.try_get(4)?,
        })
    })
    .transpose()?;
    Ok(CompletionWork { outcomes, lessons, assessment })
}

/// An indicator's result from the columns `achieved, achieved_on, source, unmeasured_reason`
/// of `row`, starting at `first`.
fn achieved_from(row: &AnyRow, first: usize) -> Result<Achieved, sqlx::Error> {
    Ok(match row.try_get::<Option<i64>, _>(first)? {
        Some(value) => Achieved::Measured { value, on: row.try_get(first + 1)?, source: row.try_get(first + 2)? },
        None => Achieved::Unmeasured { reason: row.try_get(first + 3)? },
    })
}

/// Whether the completion holds what the move to completed needs (as
/// `CompletionWork::complete` says).
pub(super) async fn completion_complete(tx: &mut WriteTx, request_id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM ta_lessons WHERE request_id = $1),
             (SELECT COUNT(*) FROM ta_fiche_indicators i JOIN ta_fiche_results r ON r.id = i.result_id
                 WHERE r.request_id = $1
                 AND NOT EXISTS (SELECT 1 FROM ta_indicator_results o WHERE o.indicator_id = i.id))",
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get::<i64, _>(0)? == 1 && row.try_get::<i64, _>(1)? == 0)
}

fn outcome_text(achieved: &Achieved) -> String {
    match achieved {
        Achieved::Measured { value, on, source } => format!("{value} ({on}; {source})"),
        Achieved::Unmeasured { reason } => format!("not measured: {reason}"),
    }
}

/// Records an indicator's result, in place of one before (`NoSuchRow` for an indicator of
/// another request).
pub async fn set_indicator_result(
    pool: &Pool,
    request: &StoredRequest,
    result: &IndicatorResult,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let indicator_id = result.indicator_id();
    let achieved = match result.achieved() {
        Some((value, on, source)) => Achieved::Measured { value, on, source },
        None => Achieved::Unmeasured { reason: result.unmeasured_reason.clone().unwrap_or_default() },
    };
    audited_stage_write(pool, request, Stage::TaIntervention, actor, "completion_result", now, async |tx| {
        let ours = sqlx::query(
            "SELECT i.indicator FROM ta_fiche_indicators i JOIN ta_fiche_results r ON r.id = i.result_id
             WHERE i.id = $1 AND r.request_id = $2",
        )
        .bind(indicator_id)
        .bind(request.id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(indicator) = ours.map(|r| r.try_get::<String, _>(0)).transpose()? else {
            return Ok(None);
        };
        let before = sqlx::query(
            "SELECT achieved, achieved_on, source, unmeasured_reason FROM ta_indicator_results WHERE indicator_id = $1",
        )
        .bind(indicator_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| achieved_from(&r, 0))
        .transpose()?;
        let (value, on, source, reason) = match &achieved {
            Achieved::Measured { value, on, source } => (Some(*value), Some(on.clone()), Some(source.clone()), None),
            Achieved::Unmeasured { reason } => (None, None, None, Some(reason.clone())),
        };
        sqlx::query(
            "INSERT INTO ta_indicator_results (indicator_id, achieved, achieved_on, source, unmeasured_reason, written_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (indicator_id) DO UPDATE SET achieved = excluded.achieved,
                 achieved_on = excluded.achieved_on, source = excluded.source,
                 unmeasured_reason = excluded.unmeasured_reason, written_at = excluded.written_at",
        )
        .bind(indicator_id)
        .bind(value)
        .bind(on)
        .bind(source)
        .bind(reason)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let described = |a: &Achieved| format!("{indicator}: {}", outcome_text(a));
        Ok(Some((before.as_ref().map(described), Some(described(&achieved)))))
    })
    .await
}

/// Saves the lessons learned over those before (the audit keeps both).
pub async fn save_lessons(
    pool: &Pool,
    request: &StoredRequest,
    lessons: &Lessons,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let text = lessons.lessons.clone().unwrap_or_default();
    audited_stage_write(pool, request, Stage::TaIntervention, actor, "completion_lessons", now, async |tx| {
        let before: Option<String> = sqlx::query("SELECT lessons FROM ta_lessons WHERE request_id = $1")
            .bind(request.id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        sqlx::query(
            "INSERT INTO ta_lessons (request_id, lessons, written_at, written_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (request_id) DO UPDATE SET lessons = excluded.lessons, written_at = excluded.written_at,
                 written_by = excluded.written_by",
        )
        .bind(request.id)
        .bind(&text)
        .bind(now)
        .bind(actor)
        .execute(&mut **tx)
        .await?;
        Ok(Some((before, Some(text.clone()))))
    })
    .await
}

/// The requester's assessment of the completed TA, in place of one given before; the staff
/// who held the request are told by `mails`.
pub async fn give_assessment(
    pool: &Pool,
    request: &StoredRequest,
    assessment: &Assessment,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let (usefulness, satisfaction) =
        (Assessment::mark(&assessment.usefulness), Assessment::mark(&assessment.satisfaction));
    let needs = assessment.wants_follow_up().then(|| assessment.follow_up_needs.clone()).flatten();
    let marks = |u: i64, s: i64, follow_up: bool| {
        format!("usefulness {u}/5, satisfaction {s}/5, follow-up {}", if follow_up { "wanted" } else { "not wanted" })
    };
    audited_stage_write(pool, request, Stage::Completed, REQUESTER, "assessment", now, async |tx| {
        let before = sqlx::query(
            "SELECT usefulness, satisfaction, CASE WHEN follow_up_needs IS NULL THEN 0 ELSE 1 END
             FROM ta_assessments WHERE request_id = $1",
        )
        .bind(request.id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| Ok::<_, sqlx::Error>(marks(r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? == 1)))
        .transpose()?;
        sqlx::query(
            "INSERT INTO ta_assessments (request_id, usefulness, satisfaction, follow_up_needs, comments, given_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (request_id) DO UPDATE SET usefulness = excluded.usefulness,
                 satisfaction = excluded.satisfaction, follow_up_needs = excluded.follow_up_needs,
                 comments = excluded.comments, given_at = excluded.given_at",
        )
        .bind(request.id)
        .bind(usefulness)
        .bind(satisfaction)
        .bind(needs.clone())
        .bind(assessment.assessment_comments.clone())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        queue_mails(tx, mails, now).await?;
        Ok(Some((before, Some(marks(usefulness, satisfaction, needs.is_some())))))
    })
    .await
}

//! The baseline assessment: its findings and the fiche indicators' starting values (its
//! report is a stage document, `documents`). Every write holds the request at its stage
//! first and is audited (`cycle::audited_stage_write`).

use sqlx::Row;

use super::cycle::{audited_stage_write, StageWrite};
use super::documents::{stage_documents, DocumentsFor};
use crate::db::{Pool, WriteTx};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{BaselineFindings, BaselineWork, IndicatorBaseline, SavedFindings, StartingValue};
use crate::domain::ta_request::StoredRequest;

/// The baseline as it stands, with the documents `reader` may see.
pub async fn baseline_work(pool: &Pool, request_id: i64, reader: DocumentsFor) -> Result<BaselineWork, sqlx::Error> {
    let findings = sqlx::query("SELECT findings, recommendations, written_at FROM ta_baselines WHERE request_id = $1")
        .bind(request_id)
        .fetch_optional(pool)
        .await?
        .map(|r| {
            Ok::<_, sqlx::Error>(SavedFindings {
                findings: r.try_get(0)?,
                recommendations: r.try_get(1)?,
                written_at: r.try_get(2)?,
            })
        })
        .transpose()?;
    let starting_values = sqlx::query(
        "SELECT b.indicator_id, b.value, b.measured_on, b.source
         FROM ta_indicator_baselines b
         JOIN ta_fiche_indicators i ON i.id = b.indicator_id
         JOIN ta_fiche_results r ON r.id = i.result_id
         WHERE r.request_id = $1 ORDER BY b.indicator_id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(StartingValue {
            indicator_id: r.try_get(0)?,
            value: r.try_get(1)?,
            measured_on: r.try_get(2)?,
            source: r.try_get(3)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let documents = stage_documents(pool, request_id, Stage::BaselineAssessment, reader).await?;
    Ok(BaselineWork { findings, starting_values, documents })
}

/// The ids of the fiche's indicators, the ones a starting value may be given for.
pub async fn fiche_indicator_ids(pool: &Pool, request_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(
        "SELECT i.id FROM ta_fiche_indicators i JOIN ta_fiche_results r ON r.id = i.result_id WHERE r.request_id = $1",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get::<i64, _>(0).map(|id| id.to_string()))
    .collect()
}

/// Whether the baseline holds what the move to the intervention needs (as
/// `BaselineWork::complete` says).
pub(super) async fn baseline_complete(tx: &mut WriteTx, request_id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM ta_baselines WHERE request_id = $1),
             (SELECT COUNT(*) FROM ta_fiche_indicators i JOIN ta_fiche_results r ON r.id = i.result_id
                 WHERE r.request_id = $1
                 AND NOT EXISTS (SELECT 1 FROM ta_indicator_baselines b WHERE b.indicator_id = i.id)),
             (SELECT COUNT(*) FROM ta_documents WHERE request_id = $1 AND stage = $2)",
    )
    .bind(request_id)
    .bind(Stage::BaselineAssessment.as_str())
    .fetch_one(&mut **tx)
    .await?;
    let count = |i: usize| row.try_get::<i64, _>(i);
    Ok(count(0)? == 1 && count(1)? == 0 && count(2)? > 0)
}

/// Saves the findings over those before (the audit keeps both).
pub async fn save_baseline_findings(
    pool: &Pool,
    request: &StoredRequest,
    findings: &BaselineFindings,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let stage = Stage::BaselineAssessment;
    audited_stage_write(pool, request, stage, actor, "baseline_findings", now, async |tx| {
        let before: Option<String> = sqlx::query("SELECT findings FROM ta_baselines WHERE request_id = $1")
            .bind(request.id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        sqlx::query("DELETE FROM ta_baselines WHERE request_id = $1").bind(request.id).execute(&mut **tx).await?;
        sqlx::query(
            "INSERT INTO ta_baselines (request_id, findings, recommendations, written_at, written_by)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(request.id)
        .bind(findings.findings.clone())
        .bind(findings.recommendations.clone())
        .bind(now)
        .bind(actor)
        .execute(&mut **tx)
        .await?;
        Ok(Some((before, findings.findings.clone())))
    })
    .await
}

/// Sets an indicator's starting value, in place of one set before (`NoSuchRow` for an
/// indicator of another request).
pub async fn set_starting_value(
    pool: &Pool,
    request: &StoredRequest,
    baseline: &IndicatorBaseline,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let stage = Stage::BaselineAssessment;
    let indicator_id = baseline.indicator_id();
    let described = |value: i64, on: &str, source: &str| format!("{value} ({on}; {source})");
    audited_stage_write(pool, request, stage, actor, "baseline_value", now, async |tx| {
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
        let before =
            sqlx::query("SELECT value, measured_on, source FROM ta_indicator_baselines WHERE indicator_id = $1")
                .bind(indicator_id)
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| {
                    Ok::<_, sqlx::Error>(described(
                        r.try_get(0)?,
                        &r.try_get::<String, _>(1)?,
                        &r.try_get::<String, _>(2)?,
                    ))
                })
                .transpose()?;
        sqlx::query("DELETE FROM ta_indicator_baselines WHERE indicator_id = $1")
            .bind(indicator_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO ta_indicator_baselines (indicator_id, value, measured_on, source, written_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(indicator_id)
        .bind(baseline.value())
        .bind(baseline.measured_on.clone())
        .bind(baseline.source.clone())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let on = baseline.measured_on.as_deref().unwrap_or_default();
        let after = described(baseline.value(), on, baseline.source.as_deref().unwrap_or_default());
        Ok(Some((before.map(|b| format!("{indicator}: {b}")), Some(format!("{indicator}: {after}")))))
    })
    .await
}

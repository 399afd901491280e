//! The TA fiche: its frame, expected results with their indicators, planned activities and
//! the expert profiles it needs.
//! Every write holds the request at the TA-fiche stage first (`cycle::audited_stage_write`),
//! so a fiche never changes under a stage move, and is audited with what it changed.

use sqlx::Row;

use super::cycle::{audited_stage_write, StageWrite};
use crate::db::{Pool, WriteTx};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{
    ExpectedResult, ExpertProfile, FicheActivity, FicheExpert, FicheFrame, FicheIndicator, FicheResult, FicheWork,
    Indicator, PlannedActivity, SavedFrame,
};
use crate::domain::ta_request::StoredRequest;

/// A row of the fiche that staff can remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FicheRow {
    Result,
    Indicator,
    Activity,
    Expert,
}

impl FicheRow {
    pub fn from_code(code: &str) -> Option<FicheRow> {
        match code {
            "result" => Some(FicheRow::Result),
            "indicator" => Some(FicheRow::Indicator),
            "activity" => Some(FicheRow::Activity),
            "expert" => Some(FicheRow::Expert),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            FicheRow::Result => "result",
            FicheRow::Indicator => "indicator",
            FicheRow::Activity => "activity",
            FicheRow::Expert => "expert",
        }
    }

    /// Deletes row `id` if it belongs to request `request_id`; its text for the audit.
    fn delete_sql(self) -> &'static str {
        match self {
            FicheRow::Result => "DELETE FROM ta_fiche_results WHERE id = $1 AND request_id = $2 RETURNING result",
            FicheRow::Indicator => {
                "DELETE FROM ta_fiche_indicators WHERE id = $1 AND result_id IN
                     (SELECT id FROM ta_fiche_results WHERE request_id = $2) RETURNING indicator"
            }
            FicheRow::Activity => "DELETE FROM ta_fiche_activities WHERE id = $1 AND request_id = $2 RETURNING title",
            FicheRow::Expert => "DELETE FROM ta_fiche_experts WHERE id = $1 AND request_id = $2 RETURNING profile",
        }
    }
}

fn codes(text: String) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The fiche as it stands: results in the order written, activities by planned start.
pub async fn fiche_work(pool: &Pool, request_id: i64) -> Result<FicheWork, sqlx::Error> {
    let frame = sqlx::query(
        "SELECT objectives, partners, partner_names, sdg_targets, written_at FROM ta_fiches WHERE request_id = $1",
    )
    .bind(request_id)
    .fetch_optional(pool)
    .await?
    .map(|row| {
        Ok::<_, sqlx::Error>(SavedFrame {
            objectives: row.try_get(0)?,
            partners: codes(row.try_get(1)?),
            partner_names: row.try_get(2)?,
            sdg_targets: codes(row.try_get(3)?),
            written_at: row.try_get(4)?,
        })
    })
    .transpose()?;
    let mut results = sqlx::query("SELECT id, result FROM ta_fiche_results WHERE request_id = $1 ORDER BY id")
        .bind(request_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(FicheResult { id: r.try_get(0)?, result: r.try_get(1)?, indicators: Vec::new() }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let indicators = sqlx::query(
        "SELECT i.result_id, i.id, i.indicator, i.unit, i.target, i.verification
         FROM ta_fiche_indicators i JOIN ta_fiche_results r ON r.id = i.result_id
         WHERE r.request_id = $1 ORDER BY i.id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?;
    for row in indicators {
        let result_id: i64 = row.try_get(0)?;
        let indicator = FicheIndicator {
            id: row.try_get(1)?,
            indicator: row.try_get(2)?,
            unit: row.try_get(3)?,
            target: row.try_get(4)?,
            verification: row.try_get(5)?,
        };
        if let Some(result) = results.iter_mut().find(|r| r.id == result_id) {
            result.indicators.push(indicator);
        }
    }
    let activities = sqlx::query(
        "SELECT id, kind, title, starts_on, ends_on, place, language, participants
         FROM ta_fiche_activities WHERE request_id = $1 ORDER BY starts_on, id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(FicheActivity {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            title: r.try_get(2)?,
            starts_on: r.try_get(3)?,
            ends_on: r.try_get(4)?,
            place: r.try_get(5)?,
            language: r.try_get(6)?,
            participants: r.try_get(7)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let experts = sqlx::query(
        "SELECT id, profile, topics, languages, working_days FROM ta_fiche_experts WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(FicheExpert {
            id: r.try_get(0)?,
            profile: r.try_get(1)?,
            topics: codes(r.try_get(2)?),
            languages: codes(r.try_get(3)?),
            working_days: r.try_get(4)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(FicheWork { frame, results, activities, experts })
}

/// The ids of the request's results, the ones an indicator may be added to.
pub async fn fiche_result_ids(pool: &Pool, request_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT id FROM ta_fiche_results WHERE request_id = $1")
        .bind(request_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0).map(|id| id.to_string()))
        .collect()
}

/// Whether the fiche holds what the move to the baseline assessment needs.
pub(super) async fn fiche_complete(tx: &mut WriteTx, request_id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM ta_fiches WHERE request_id = $1),
             (SELECT COUNT(*) FROM ta_fiche_results WHERE request_id = $1),
             (SELECT COUNT(*) FROM ta_fiche_results r WHERE r.request_id = $1
                 AND NOT EXISTS (SELECT 1 FROM ta_fiche_indicators i WHERE i.result_id = r.id)),
             (SELECT COUNT(*) FROM ta_fiche_activities WHERE request_id = $1)",
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await?;
    let count = |i: usize| row.try_get::<i64, _>(i);
    Ok(count(0)? == 1 && count(1)? > 0 && count(2)? == 0 && count(3)? > 0)
}

/// Saves the frame over the one before (the audit keeps both objectives).
pub async fn save_fiche_frame(
    pool: &Pool,
    request: &StoredRequest,
    frame: &FicheFrame,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    audited_stage_write(pool, request, Stage::TaFiche, actor, "fiche_frame", now, async |tx| {
        let before: Option<String> = sqlx::query("SELECT objectives FROM ta_fiches WHERE request_id = $1")
            .bind(request.id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        sqlx::query("DELETE FROM ta_fiches WHERE request_id = $1").bind(request.id).execute(&mut **tx).await?;
        sqlx::query(
            "INSERT INTO ta_fiches (request_id, objectives, partners, partner_names, sdg_targets, written_at, written_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(request.id)
        .bind(frame.objectives.clone())
        .bind(frame.partners.join(" "))
        .bind(frame.partner_names.clone())
        .bind(frame.sdg_targets.join(" "))
        .bind(now)
        .bind(actor)
        .execute(&mut **tx)
        .await?;
        Ok(Some((before, frame.objectives.clone())))
    })
    .await
}

pub async fn add_fiche_result(
    pool: &Pool,
    request: &StoredRequest,
    result: &ExpectedResult,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    audited_stage_write(pool, request, Stage::TaFiche, actor, "fiche_add_result", now, async |tx| {
        sqlx::query("INSERT INTO ta_fiche_results (request_id, result) VALUES ($1, $2)")
            .bind(request.id)
            .bind(result.result.clone())
            .execute(&mut **tx)
            .await?;
        Ok(Some((None, result.result.clone())))
    })
    .await
}

/// Adds an indicator to one of the request's results (`NoSuchRow` for another's).
pub async fn add_fiche_indicator(
    pool: &Pool,
    request: &StoredRequest,
    indicator: &Indicator,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let result_id: i64 = indicator.for_result.as_deref().and_then(|r| r.parse().ok()).unwrap_or(0);
    audited_stage_write(pool, request, Stage::TaFiche, actor, "fiche_add_indicator", now, async |tx| {
        let added = sqlx::query(
            "INSERT INTO ta_fiche_indicators (result_id, indicator, unit, target, verification)
             SELECT id, $3, $4, $5, $6 FROM ta_fiche_results WHERE id = $1 AND request_id = $2",
        )
        .bind(result_id)
        .bind(request.id)
        .bind(indicator.indicator.clone())
        .bind(indicator.unit.clone())
        .bind(indicator.target_value())
        .bind(indicator.verification.clone())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        Ok((added == 1).then(|| (None, indicator.indicator.clone())))
    })
    .await
}

pub async fn add_fiche_activity(
    pool: &Pool,
    request: &StoredRequest,
    activity: &PlannedActivity,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    audited_stage_write(pool, request, Stage::TaFiche, actor, "fiche_add_activity", now, async |tx| {
        sqlx::query(
            "INSERT INTO ta_fiche_activities (request_id, kind, title, starts_on, ends_on, place, language, participants)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(request.id)
        .bind(activity.activity_kind.clone())
        .bind(activity.activity_title.clone())
        .bind(activity.starts_on.clone())
        .bind(activity.ends_on.clone())
        .bind(if activity.remote { None } else { activity.place.clone() })
        .bind(activity.activity_language.clone())
        .bind(activity.participants_value())
        .execute(&mut **tx)
        .await?;
        Ok(Some((None, activity.activity_title.clone())))
    })
    .await
}

pub async fn add_fiche_expert(
    pool: &Pool,
    request: &StoredRequest,
    expert: &ExpertProfile,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    audited_stage_write(pool, request, Stage::TaFiche, actor, "fiche_add_expert", now, async |tx| {
        sqlx::query(
            "INSERT INTO ta_fiche_experts (request_id, profile, topics, languages, working_days)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(request.id)
        .bind(expert.profile.clone())
        .bind(expert.profile_topics.join(" "))
        .bind(expert.profile_languages.join(" "))
        .bind(expert.days())
        .execute(&mut **tx)
        .await?;
        Ok(Some((None, expert.profile.clone())))
    })
    .await
}

/// Removes a result (with its indicators), an indicator, an activity or an expert profile
/// of the request.
pub async fn remove_fiche_row(
    pool: &Pool,
    request: &StoredRequest,
    row: FicheRow,
    id: i64,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let action = format!("fiche_remove_{}", row.code());
    audited_stage_write(pool, request, Stage::TaFiche, actor, &action, now, async |tx| {
        let removed = sqlx::query(row.delete_sql()).bind(id).bind(request.id).fetch_optional(&mut **tx).await?;
        removed.map(|r| r.try_get::<String, _>(0).map(|text| (Some(text), None))).transpose()
    })
    .await
}

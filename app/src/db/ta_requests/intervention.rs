//! The intervention: each planned activity of the fiche as it was carried out, the experts
//! of the request's team who worked on it with their days, and its outputs (stage documents,
//! `baseline::add_stage_document`). Every write holds the request at the intervention stage
//! and is audited (`cycle::audited_stage_write`); the audit names experts by number only.

use sqlx::Row;

use super::cycle::{audited_stage_write, StageWrite};
use super::documents::{stage_documents, DocumentsFor};
use crate::db::{Pool, WriteTx};
use crate::domain::roster::AssignmentStatus;
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{ActivityHeld, ExpertDays, ExpertDaysWorked, HeldActivity, InterventionWork};
use crate::domain::ta_request::StoredRequest;

/// The intervention as it stands, with the outputs `reader` may see.
pub async fn intervention_work(
    pool: &Pool,
    request_id: i64,
    reader: DocumentsFor,
) -> Result<InterventionWork, sqlx::Error> {
    let mut held = sqlx::query(
        "SELECT h.activity_id, h.held_from, h.held_to, h.venue, h.women, h.men, h.total
         FROM ta_activities_held h JOIN ta_fiche_activities a ON a.id = h.activity_id
         WHERE a.request_id = $1 ORDER BY h.held_from, h.activity_id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(HeldActivity {
            activity_id: r.try_get(0)?,
            held_from: r.try_get(1)?,
            held_to: r.try_get(2)?,
            venue: r.try_get(3)?,
            women: r.try_get(4)?,
            men: r.try_get(5)?,
            total: r.try_get(6)?,
            experts: Vec::new(),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let experts = sqlx::query(
        "SELECT w.activity_id, w.expert_id, e.full_name, w.days
         FROM ta_activity_experts w JOIN experts e ON e.id = w.expert_id
         JOIN ta_fiche_activities a ON a.id = w.activity_id
         WHERE a.request_id = $1 ORDER BY e.full_name",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?;
    for row in experts {
        let activity_id: i64 = row.try_get(0)?;
        let worked = ExpertDays { expert_id: row.try_get(1)?, name: row.try_get(2)?, days: row.try_get(3)? };
        if let Some(activity) = held.iter_mut().find(|h| h.activity_id == activity_id) {
            activity.experts.push(worked);
        }
    }
    let outputs = stage_documents(pool, request_id, Stage::TaIntervention, reader).await?;
    Ok(InterventionWork { held, outputs })
}

/// The ids of `query`'s single column for the request, as a form offers them.
async fn ids(pool: &Pool, query: &str, request_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(query)
        .bind(request_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0).map(|id| id.to_string()))
        .collect()
}

/// The fiche's planned activities, the ones a record of what was carried out may name.
pub async fn planned_activity_ids(pool: &Pool, request_id: i64) -> Result<Vec<String>, sqlx::Error> {
    ids(pool, "SELECT id FROM ta_fiche_activities WHERE request_id = $1", request_id).await
}

/// The activities recorded as carried out, and the experts assigned to the request: what
/// days worked may name.
pub async fn team_choices(pool: &Pool, request_id: i64) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let held = "SELECT h.activity_id FROM ta_activities_held h JOIN ta_fiche_activities a ON a.id = h.activity_id
                WHERE a.request_id = $1";
    let sql = format!(
        "SELECT expert_id FROM expert_assignments WHERE request_id = $1 AND status = '{}'",
        AssignmentStatus::Assigned.as_str()
    );
    Ok((ids(pool, held, request_id).await?, ids(pool, &sql, request_id).await?))
}

/// Whether the intervention holds what the move to completed needs: an activity carried out.
pub(super) async fn intervention_complete(tx: &mut WriteTx, request_id: i64) -> Result<bool, sqlx::Error> {
    let held: i64 = sqlx::query(
        "SELECT COUNT(*) FROM ta_activities_held h JOIN ta_fiche_activities a ON a.id = h.activity_id
         WHERE a.request_id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    Ok(held > 0)
}

fn held_text(from: &str, to: &str, venue: Option<&str>, counts: (i64, i64, i64)) -> String {
    let (women, men, total) = counts;
    format!("{from} – {to}, {}, {total} ({women} women, {men} men)", venue.unwrap_or("remote"))
}

/// Records a planned activity as carried out, in place of a record before (`NoSuchRow` for
/// an activity of another request).
pub async fn record_activity_held(
    pool: &Pool,
    request: &StoredRequest,
    held: &ActivityHeld,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let activity_id = held.activity_id();
    let venue = if held.held_remotely { None } else { held.venue.clone() };
    let counts = (held.women_count(), held.men_count(), held.total_count());
    audited_stage_write(pool, request, Stage::TaIntervention, actor, "intervention_activity", now, async |tx| {
        let ours = sqlx::query("SELECT title FROM ta_fiche_activities WHERE id = $1 AND request_id = $2")
            .bind(activity_id)
            .bind(request.id)
            .fetch_optional(&mut **tx)
            .await?;
        let Some(title) = ours.map(|r| r.try_get::<String, _>(0)).transpose()? else {
            return Ok(None);
        };
        let before = sqlx::query(
            "SELECT held_from, held_to, venue, women, men, total FROM ta_activities_held WHERE activity_id = $1",
        )
        .bind(activity_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| {
            let venue: Option<String> = r.try_get(2)?;
            let counts = (r.try_get(3)?, r.try_get(4)?, r.try_get(5)?);
            Ok::<_, sqlx::Error>(held_text(
                &r.try_get::<String, _>(0)?,
                &r.try_get::<String, _>(1)?,
                venue.as_deref(),
                counts,
            ))
        })
        .transpose()?;
        sqlx::query(
            "INSERT INTO ta_activities_held (activity_id, held_from, held_to, venue, women, men, total, written_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (activity_id) DO UPDATE SET held_from = excluded.held_from, held_to = excluded.held_to,
                 venue = excluded.venue, women = excluded.women, men = excluded.men, total = excluded.total,
                 written_at = excluded.written_at",
        )
        .bind(activity_id)
        .bind(held.held_from.clone())
        .bind(held.held_to.clone())
        .bind(venue.clone())
        .bind(counts.0)
        .bind(counts.1)
        .bind(counts.2)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        super::publishing::record_what_was_done(tx, request.id, now).await?;
        let (from, to) = (held.held_from.as_deref().unwrap_or_default(), held.held_to.as_deref().unwrap_or_default());
        let after = held_text(from, to, venue.as_deref(), counts);
        Ok(Some((before.map(|b| format!("{title}: {b}")), Some(format!("{title}: {after}")))))
    })
    .await
}

/// Records the days an expert of the team worked on an activity carried out, in place of a
/// record before (`NoSuchRow` when the activity is not this request's or not carried out, or
/// the expert is not assigned to it).
pub async fn record_expert_days(
    pool: &Pool,
    request: &StoredRequest,
    worked: &ExpertDaysWorked,
    actor: &str,
    now: &str,
) -> Result<StageWrite, sqlx::Error> {
    let (activity_id, expert_id, days) = (worked.activity_id(), worked.expert_id(), worked.days());
    audited_stage_write(pool, request, Stage::TaIntervention, actor, "intervention_expert_days", now, async |tx| {
        let eligible = sqlx::query(
            "SELECT a.title FROM ta_fiche_activities a JOIN ta_activities_held h ON h.activity_id = a.id
             JOIN expert_assignments x ON x.request_id = a.request_id
             WHERE a.id = $1 AND a.request_id = $2 AND x.expert_id = $3 AND x.status = $4",
        )
        .bind(activity_id)
        .bind(request.id)
        .bind(expert_id)
        .bind(AssignmentStatus::Assigned.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(title) = eligible.map(|r| r.try_get::<String, _>(0)).transpose()? else {
            return Ok(None);
        };
        let before: Option<i64> =
            sqlx::query("SELECT days FROM ta_activity_experts WHERE activity_id = $1 AND expert_id = $2")
                .bind(activity_id)
                .bind(expert_id)
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| r.try_get(0))
                .transpose()?;
        sqlx::query(
            "INSERT INTO ta_activity_experts (activity_id, expert_id, days) VALUES ($1, $2, $3)
             ON CONFLICT (activity_id, expert_id) DO UPDATE SET days = excluded.days",
        )
        .bind(activity_id)
        .bind(expert_id)
        .bind(days)
        .execute(&mut **tx)
        .await?;
        // Experts by number: the audit log outlives an erased profile.
        let text = |days: i64| format!("{title}: expert {expert_id}, {days} days");
        Ok(Some((before.map(text), Some(text(days)))))
    })
    .await
}

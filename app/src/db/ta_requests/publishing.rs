//! Putting a request on the public map once its intervention starts (ongoing) and marking it
//! completed when the request is; and what its public page shows of the TA's work.

use sqlx::Row;

use super::documents::DocumentsFor;
use crate::db::audit::audit;
use crate::db::{Pool, WriteTx};
use crate::domain::intervention::TaProgress;
use crate::domain::stage::Stage;
use crate::domain::ta_request::StoredRequest;

/// What publishing a completed request writes on the public map.
pub struct PublishedIntervention<'a> {
    pub title: &'a str,
    /// False: recorded for staff only (`public_interventions` leaves it out).
    pub publishable: bool,
    pub summary: &'a str,
    /// The language code the title and summary are written in.
    pub language: &'a str,
    /// Folded texts and names for the map's free-text search.
    pub search_text: &'a str,
    /// YYYY-MM-DD of publication (the status date on the map).
    pub today: &'a str,
}

/// The region a request is shown under on the map: its own, or for an organisation spanning
/// regions the one most of its members are in.
async fn map_region(tx: &mut crate::db::WriteTx, request: &StoredRequest) -> Result<String, sqlx::Error> {
    if let Some(region) = &request.region {
        return Ok(region.clone());
    }
    sqlx::query(
        "SELECT c.region_code FROM regional_organisation_members m JOIN countries c ON c.iso3 = m.member_iso3
         WHERE m.organisation_code = $1 GROUP BY c.region_code ORDER BY COUNT(*) DESC, c.region_code LIMIT 1",
    )
    .bind(request.institution.organisation.as_deref().unwrap_or_default())
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Puts a request at the intervention stage (ongoing) or completed on the public map (the
/// one interventions table) and links the two; returns the intervention's slug. `None` when
/// it was published already.
pub async fn publish(
    pool: &Pool,
    request: &StoredRequest,
    publication: &PublishedIntervention<'_>,
    actor: &str,
    now: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let slug = request.reference.to_lowercase();
    let region = map_region(&mut tx, request).await?;
    let government = request.institution.is_government();
    // The requester's own country, then each government asking jointly (or joined in).
    let mut countries: Vec<String> = request.institution.country.clone().filter(|_| government).into_iter().collect();
    for row in sqlx::query(
        "SELECT country_iso3 FROM ta_endorsements WHERE request_id = $1 AND country_iso3 IS NOT NULL ORDER BY position",
    )
    .bind(request.id)
    .fetch_all(&mut *tx)
    .await?
    {
        let country: String = row.try_get(0)?;
        if !countries.contains(&country) {
            countries.push(country);
        }
    }
    let year = |month: &Option<String>| month.as_deref().and_then(|m| m.get(..4)?.parse::<i64>().ok());
    let inserted = sqlx::query(
        "INSERT INTO interventions (slug, programme_code, component, scope, title, organisation_code, requesting_entity,
             beneficiary_institution, region_code, objective, summary, start_month, end_month, start_year, end_year,
             status_code, status_as_of, detail_level, source, search_text, created_at, updated_at, publishable, language)
         SELECT $1, 'ACP-EU Migration Action', 'technical_assistance', $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12,
             $19, $13, 'full', 'portal', $14, $15, $15, $17, $18
         WHERE NOT EXISTS (SELECT 1 FROM ta_requests WHERE id = $16 AND intervention_id IS NOT NULL)
         RETURNING id",
    )
    .bind(&slug)
    .bind(if government && countries.len() <= 1 { "national" } else { "regional" })
    .bind(publication.title)
    .bind(request.institution.organisation.clone().filter(|_| !government))
    .bind(request.institution.institution.clone())
    .bind(&region)
    .bind(request.details.objectives.clone())
    .bind(publication.summary)
    .bind(request.details.preferred_start.clone())
    .bind(request.details.preferred_end.clone())
    .bind(year(&request.details.preferred_start))
    .bind(year(&request.details.preferred_end))
    .bind(publication.today)
    .bind(publication.search_text)
    .bind(now)
    .bind(request.id)
    .bind(i64::from(publication.publishable))
    .bind(publication.language)
    .bind(if request.stage == Stage::Completed { "completed" } else { "ongoing" })
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = inserted else { return Ok(None) };
    let intervention_id: i64 = row.try_get(0)?;
    for country in &countries {
        sqlx::query("INSERT INTO intervention_countries (intervention_id, iso3) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(country)
            .execute(&mut *tx)
            .await?;
    }
    for topic in &request.details.topics {
        sqlx::query("INSERT INTO intervention_topics (intervention_id, topic_code) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(topic)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(typology) = &request.details.typology {
        sqlx::query("INSERT INTO intervention_typologies (intervention_id, typology_code) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(typology)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE ta_requests SET intervention_id = $1, updated_at = $2 WHERE id = $3")
        .bind(intervention_id)
        .bind(now)
        .bind(request.id)
        .execute(&mut *tx)
        .await?;
    record_what_was_done(&mut tx, request.id, now).await?;
    audit(&mut tx, now, actor, "publish", "ta_request", &request.reference, None, Some(&slug)).await?;
    tx.commit().await?;
    Ok(Some(slug))
}

/// Writes on the request's public intervention, if it has one, what its activities carried
/// out came to: the people who took part, and the months the first began and the last ended
/// (the request's preferred start until then). Its status is known as of today. Once the
/// request is completed, so is the intervention. Run by every write that changes those.
pub(super) async fn record_what_was_done(tx: &mut WriteTx, request_id: i64, now: &str) -> Result<(), sqlx::Error> {
    let today = now.get(..10).unwrap_or(now);
    sqlx::query(
        "UPDATE interventions SET
             people_reached = (SELECT SUM(h.total) FROM ta_activities_held h
                 JOIN ta_fiche_activities a ON a.id = h.activity_id WHERE a.request_id = $1),
             people_reached_basis = 'participants in the activities carried out',
             start_month = COALESCE((SELECT MIN(SUBSTR(h.held_from, 1, 7)) FROM ta_activities_held h
                 JOIN ta_fiche_activities a ON a.id = h.activity_id WHERE a.request_id = $1), start_month),
             end_month = COALESCE((SELECT MAX(SUBSTR(h.held_to, 1, 7)) FROM ta_activities_held h
                 JOIN ta_fiche_activities a ON a.id = h.activity_id WHERE a.request_id = $1), end_month),
             status_as_of = $3,
             updated_at = $2
         WHERE id = (SELECT intervention_id FROM ta_requests WHERE id = $1)",
    )
    .bind(request_id)
    .bind(now)
    .bind(today)
    .execute(&mut **tx)
    .await?;
    // Apart, as each side of an UPDATE reads the row as it was.
    sqlx::query(
        "UPDATE interventions SET start_year = CAST(SUBSTR(start_month, 1, 4) AS INTEGER)
         WHERE id = (SELECT intervention_id FROM ta_requests WHERE id = $1)",
    )
    .bind(request_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE interventions SET status_code = 'completed', status_as_of = $2,
             end_year = CAST(SUBSTR(end_month, 1, 4) AS INTEGER)
         WHERE id = (SELECT intervention_id FROM ta_requests WHERE id = $1 AND stage = $3)",
    )
    .bind(request_id)
    .bind(today)
    .bind(Stage::Completed.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the public page of the intervention `intervention_id` shows of its TA's work, if it
/// is a TA of the portal's own: its stage, the fiche, the indicators' starting values, the
/// activities as carried out (without the experts' names), the results and lessons (without
/// the requester's assessment) and the public documents only.
pub async fn public_progress(pool: &Pool, intervention_id: i64) -> Result<Option<TaProgress>, sqlx::Error> {
    let found = sqlx::query("SELECT id, stage FROM ta_requests WHERE intervention_id = $1")
        .bind(intervention_id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = found else { return Ok(None) };
    Ok(Some(request_progress(pool, row.try_get(0)?, &row.try_get::<String, _>(1)?).await?))
}

/// The public part of the work of the request `request_id`, at the stage named `stage`.
pub async fn request_progress(pool: &Pool, request_id: i64, stage: &str) -> Result<TaProgress, sqlx::Error> {
    let stage = Stage::parse(stage).unwrap_or(Stage::TaIntervention);
    let fiche = super::fiche_work(pool, request_id).await?;
    let mut baseline = super::baseline_work(pool, request_id, DocumentsFor::Public).await?;
    baseline.findings = None;
    let mut intervention = super::intervention_work(pool, request_id, DocumentsFor::Public).await?;
    for held in &mut intervention.held {
        held.experts.clear();
    }
    let mut completion = super::completion_work(pool, request_id).await?;
    let assessed = completion.assessment.take().is_some();
    let joint_governments = super::endorsements(pool, request_id)
        .await?
        .into_iter()
        .filter(|e| !e.lead)
        .filter_map(|e| e.country)
        .collect();
    Ok(TaProgress { stage, fiche, baseline, intervention, completion, assessed, joint_governments })
}

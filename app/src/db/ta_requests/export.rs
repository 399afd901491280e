//! The back office's export of requests: each row of the inbox's selection with what the
//! programme reports on (topics, typology, the governments asking jointly and their
//! endorsements, the day each stage was reached, the activities planned and carried out,
//! the people reached, the experts who worked and their days). Every matching row is
//! exported; the figures are read a chunk of requests at a time, one grouped query each.

use std::collections::HashMap;

use sqlx::Row;

use super::back_office::inbox;
use crate::db::{Pool, Sql, Value};
use crate::domain::staff::{InboxFilter, StaffUser};
use crate::domain::stage::{EventKind, Stage};
use crate::domain::ta_request::RequestExportRow;

/// Requests whose figures one query reads (a bound list stays well under every backend's
/// limit on parameters).
const CHUNK: usize = 500;

/// Every request of the inbox's selection, newest first, with its figures.
pub async fn export_rows(
    pool: &Pool,
    user: &StaffUser,
    filter: &InboxFilter,
    submitted_before: Option<&str>,
) -> Result<Vec<RequestExportRow>, sqlx::Error> {
    let (rows, _) = inbox(pool, user, filter, submitted_before, true).await?;
    let mut exported: Vec<RequestExportRow> = rows.into_iter().map(RequestExportRow::of).collect();
    for chunk in exported.chunks_mut(CHUNK) {
        fill_chunk(pool, chunk).await?;
    }
    Ok(exported)
}

/// `SELECT {select} ... WHERE r.reference IN (chunk) {rest}` over `ta_requests r` and `joins`.
fn over_chunk(select: &str, joins: &str, chunk: &[RequestExportRow], rest: &str) -> Sql {
    let mut sql = Sql::new(&format!("SELECT r.reference, {select} FROM ta_requests r {joins} WHERE r.reference IN "));
    sql.bind_list(chunk.iter().map(|row| Value::Text(row.request.reference.clone())));
    sql.push(rest);
    sql
}

async fn fill_chunk(pool: &Pool, chunk: &mut [RequestExportRow]) -> Result<(), sqlx::Error> {
    let index: HashMap<String, usize> =
        chunk.iter().enumerate().map(|(i, row)| (row.request.reference.clone(), i)).collect();
    let at = |row: &sqlx::any::AnyRow| -> Result<usize, sqlx::Error> {
        let reference: String = row.try_get(0)?;
        index.get(&reference).copied().ok_or_else(|| sqlx::Error::Decode("a row of another request".into()))
    };
    for row in over_chunk("r.typology_code", "", chunk, "").query().fetch_all(pool).await? {
        chunk[at(&row)?].typology = row.try_get(1)?;
    }
    let topics =
        over_chunk("t.topic_code", "JOIN ta_request_topics t ON t.request_id = r.id", chunk, " ORDER BY t.topic_code");
    for row in topics.query().fetch_all(pool).await? {
        chunk[at(&row)?].topics.push(row.try_get(1)?);
    }
    let endorsements = over_chunk(
        "COALESCE(e.country_iso3, e.organisation_code), e.position, e.endorsed_at",
        "JOIN ta_endorsements e ON e.request_id = r.id",
        chunk,
        " ORDER BY e.position",
    );
    for row in endorsements.query().fetch_all(pool).await? {
        let i = at(&row)?;
        if row.try_get::<i64, _>(2)? > 0 {
            chunk[i].joint_governments.push(row.try_get(1)?);
        }
        chunk[i].endorsements_asked += 1;
        chunk[i].endorsements_given += i64::from(row.try_get::<Option<String>, _>(3)?.is_some());
    }
    let reached = over_chunk(
        "e.to_stage, MIN(e.at)",
        "JOIN ta_request_events e ON e.request_id = r.id",
        chunk,
        &format!(" AND e.kind = '{}' GROUP BY r.reference, e.to_stage", EventKind::StageChanged.as_str()),
    );
    for row in reached.query().fetch_all(pool).await? {
        let i = at(&row)?;
        if let Some(stage) = row.try_get::<Option<String>, _>(1)?.as_deref().and_then(Stage::parse) {
            chunk[i].reached.push((stage, row.try_get(2)?));
        }
    }
    let activities = over_chunk(
        "COUNT(a.id), COUNT(h.activity_id), MIN(h.held_from), MAX(h.held_to), CAST(COALESCE(SUM(h.total), 0) AS BIGINT)",
        "JOIN ta_fiche_activities a ON a.request_id = r.id LEFT JOIN ta_activities_held h ON h.activity_id = a.id",
        chunk,
        " GROUP BY r.reference",
    );
    for row in activities.query().fetch_all(pool).await? {
        let i = at(&row)?;
        chunk[i].activities_planned = row.try_get(1)?;
        chunk[i].activities_held = row.try_get(2)?;
        chunk[i].first_held = row.try_get(3)?;
        chunk[i].last_held = row.try_get(4)?;
        chunk[i].people_reached = row.try_get(5)?;
    }
    let experts = over_chunk(
        "x.full_name, CAST(SUM(d.days) AS BIGINT)",
        "JOIN ta_fiche_activities a ON a.request_id = r.id JOIN ta_activity_experts d ON d.activity_id = a.id
         JOIN experts x ON x.id = d.expert_id",
        chunk,
        " GROUP BY r.reference, x.id, x.full_name ORDER BY x.full_name",
    );
    for row in experts.query().fetch_all(pool).await? {
        let i = at(&row)?;
        let days: i64 = row.try_get(2)?;
        let name: Option<String> = row.try_get(1)?;
        chunk[i].experts.push((name.unwrap_or_default(), days));
    }
    Ok(())
}

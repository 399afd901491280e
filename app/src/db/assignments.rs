//! Experts and TA requests: the candidates matching considers, each request's list of
//! shortlisted, contacted and assigned experts, and an assignment's periods. Every change
//! is audited and any e-mail it sends is queued in the same transaction.

use crate::domain::assignment::Period;
use sqlx::Row;

use super::audit::audit;
use super::outbox::queue_expert_mail;
use super::roster::values_of;
use super::{Pool, Sql, Value};
use crate::domain::roster::ExpertStatus;
use crate::domain::roster::{AssignmentRow, AssignmentStatus, Candidate, StoredPeriod};
use crate::mail::OutgoingMail;

/// Active experts who share a topic with `topics` and speak `language`, with what matching
/// needs to know of them.
pub async fn candidates(pool: &Pool, topics: &[String], language: &str) -> Result<Vec<Candidate>, sqlx::Error> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT e.id, e.full_name, e.nationality, e.employer FROM experts e WHERE e.status = ");
    sql.bind_text(ExpertStatus::Active.as_str())
        .push(" AND EXISTS (SELECT 1 FROM expert_topics t WHERE t.expert_id = e.id AND t.topic_code IN ")
        .bind_list(topics.iter().map(|t| Value::Text(t.clone())))
        .push(") AND EXISTS (SELECT 1 FROM expert_languages l WHERE l.expert_id = e.id AND l.language = ")
        .bind_text(language)
        .push(")");
    let mut found = Vec::new();
    for r in sql.query().fetch_all(pool).await? {
        let text = |i: usize| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default);
        found.push(Candidate {
            id: r.try_get(0)?,
            name: text(1)?,
            nationality: text(2)?,
            employer: text(3)?,
            ..Default::default()
        });
    }
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let lists = [
        "SELECT expert_id, topic_code, '' FROM expert_topics WHERE expert_id IN ",
        "SELECT expert_id, language, level FROM expert_languages WHERE expert_id IN ",
        "SELECT expert_id, region_code, '' FROM expert_regions WHERE expert_id IN ",
        "SELECT expert_id, country_iso3, '' FROM expert_countries WHERE expert_id IN ",
    ];
    let mut values = Vec::new();
    for sql in lists {
        values.push(values_of(pool, sql, &ids).await?);
    }
    for candidate in &mut found {
        let of = |list: &Vec<(i64, String, String)>| {
            list.iter()
                .filter(|(id, ..)| *id == candidate.id)
                .map(|(_, a, b)| (a.clone(), b.clone()))
                .collect::<Vec<_>>()
        };
        candidate.topics = of(&values[0]).into_iter().map(|(t, _)| t).collect();
        candidate.languages = of(&values[1]);
        candidate.regions = of(&values[2]).into_iter().map(|(r, _)| r).collect();
        candidate.countries = of(&values[3]).into_iter().map(|(c, _)| c).collect();
    }
    Ok(found)
}

/// Assignment rows for the query `sql` (columns: assignment id, expert id, name, reference,
/// status), with their periods.
async fn rows(pool: &Pool, sql: &Sql) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    let mut found = Vec::new();
    let mut ids = Vec::new();
    for r in sql.query().fetch_all(pool).await? {
        let status: String = r.try_get(4)?;
        ids.push(r.try_get::<i64, _>(0)?);
        found.push(AssignmentRow {
            expert_id: r.try_get(1)?,
            expert_name: r.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
            reference: r.try_get(3)?,
            status: AssignmentStatus::parse(&status).unwrap_or(AssignmentStatus::Shortlisted),
            periods: Vec::new(),
        });
    }
    if !ids.is_empty() {
        let mut periods = Sql::new(
            "SELECT assignment_id, start_day, end_day, working_days FROM assignment_periods WHERE assignment_id IN ",
        );
        periods.bind_list(ids.iter().map(|id| Value::Int(*id))).push(" ORDER BY start_day");
        for r in periods.query().fetch_all(pool).await? {
            let assignment: i64 = r.try_get(0)?;
            if let Some(index) = ids.iter().position(|id| *id == assignment) {
                found[index].periods.push(StoredPeriod {
                    start: r.try_get(1)?,
                    end: r.try_get(2)?,
                    working_days: r.try_get(3)?,
                });
            }
        }
    }
    Ok(found)
}

const ROW_COLUMNS: &str = "SELECT a.id, a.expert_id, e.full_name, r.reference, a.status FROM expert_assignments a \
     JOIN experts e ON e.id = a.expert_id JOIN ta_requests r ON r.id = a.request_id";

/// The experts on request `request_id`'s list, assigned first.
pub async fn for_request(pool: &Pool, request_id: i64) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    let mut sql = Sql::new(ROW_COLUMNS);
    sql.push(" WHERE a.request_id = ").bind(Value::Int(request_id)).push(" ORDER BY a.status, e.full_name");
    rows(pool, &sql).await
}

/// The requests expert `expert_id` is assigned to.
pub async fn for_expert(pool: &Pool, expert_id: i64) -> Result<Vec<AssignmentRow>, sqlx::Error> {
    let mut sql = Sql::new(ROW_COLUMNS);
    sql.push(" WHERE a.expert_id = ")
        .bind(Value::Int(expert_id))
        .push(" AND a.status = ")
        .bind_text(AssignmentStatus::Assigned.as_str())
        .push(" ORDER BY r.reference");
    rows(pool, &sql).await
}

/// Whether expert `expert_id` is on request `request_id`'s list.
pub async fn is_listed(pool: &Pool, request_id: i64, expert_id: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 FROM expert_assignments WHERE request_id = $1 AND expert_id = $2")
        .bind(request_id)
        .bind(expert_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// What a change to a request's list of experts is and who makes it.
pub struct Change<'a> {
    pub request_id: i64,
    pub reference: &'a str,
    pub expert_id: i64,
    pub status: AssignmentStatus,
    /// The periods, when assigning.
    pub periods: &'a [Period],
    pub actor: &'a str,
    pub now: &'a str,
}

/// Puts expert `expert_id` on the request's list with `status` (and, assigning, its
/// periods), with the e-mail to the expert if any. `false` when the expert is not active.
pub async fn change(pool: &Pool, change: Change<'_>, mail: Option<&OutgoingMail>) -> Result<bool, sqlx::Error> {
    let Change { request_id, reference, expert_id, status, periods, actor, now } = change;
    let mut tx = crate::db::begin(pool).await?;
    let active = sqlx::query("SELECT 1 FROM experts WHERE id = $1 AND status = $2")
        .bind(expert_id)
        .bind(ExpertStatus::Active.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !active {
        return Ok(false);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO expert_assignments (request_id, expert_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (request_id, expert_id) DO UPDATE SET status = $3, updated_at = $4 RETURNING id",
    )
    .bind(request_id)
    .bind(expert_id)
    .bind(status.as_str())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    if status == AssignmentStatus::Assigned {
        store_periods(&mut tx, id, expert_id, periods).await?;
    }
    if let Some(mail) = mail {
        queue_expert_mail(&mut tx, mail, expert_id, now).await?;
    }
    let record = format!("{reference}/expert:{expert_id}");
    audit(&mut tx, now, actor, status.as_str(), "assignment", &record, None, Some(status.as_str())).await?;
    tx.commit().await?;
    Ok(true)
}

async fn store_periods(
    tx: &mut crate::db::WriteTx,
    id: i64,
    expert_id: i64,
    periods: &[Period],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM assignment_periods WHERE assignment_id = $1").bind(id).execute(&mut **tx).await?;
    for period in periods.iter().map(StoredPeriod::from) {
        sqlx::query(
            "INSERT INTO assignment_periods (assignment_id, expert_id, start_day, end_day, working_days) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(expert_id)
        .bind(period.start)
        .bind(period.end)
        .bind(period.working_days)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

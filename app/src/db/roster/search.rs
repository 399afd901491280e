//! The roster as staff search it, the CSV export, access records and the public figures.

use crate::db::interventions::{code_counts, escape_like};
use crate::db::{Pool, Sql, Value};
use crate::domain::roster::ExpertStatus;
use crate::domain::roster::{RosterFigures, RosterFilter, RosterRow};
use sqlx::Row;

/// Adds the roster filter's conditions on `experts e` (every value bound, never spliced).
fn push_roster_conditions(sql: &mut Sql, filter: &RosterFilter) {
    sql.push(" WHERE e.status = ").bind_text(filter.status.as_str());
    for word in filter.words() {
        sql.push(" AND e.search_text LIKE ").bind_text(&format!("%{}%", escape_like(&word))).push(" ESCAPE '\\'");
    }
    let columns = [("e.sector", &filter.sector), ("e.nationality", &filter.nationality), ("e.gender", &filter.gender)];
    for (column, value) in columns {
        if let Some(value) = value {
            sql.push(&format!(" AND {column} = ")).bind_text(value);
        }
    }
    match filter.availability.as_deref() {
        Some("short_term") => {
            sql.push(" AND e.short_term = 1");
        }
        Some("mid_term") => {
            sql.push(" AND e.mid_term = 1");
        }
        _ => {}
    }
    let lists = [
        ("expert_topics", "topic_code", &filter.topic),
        ("expert_regions", "region_code", &filter.region),
        ("expert_countries", "country_iso3", &filter.country),
    ];
    for (table, column, value) in lists {
        if let Some(value) = value {
            sql.push(&format!(" AND EXISTS (SELECT 1 FROM {table} x WHERE x.expert_id = e.id AND x.{column} = "))
                .bind_text(value)
                .push(")");
        }
    }
    if let Some((from, until)) = filter.free_days() {
        for (table, start, end) in
            [("expert_unavailability", "from_day", "until_day"), ("assignment_periods", "start_day", "end_day")]
        {
            sql.push(&format!(" AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.expert_id = e.id AND x.{start} <= "))
                .bind_text(until)
                .push(&format!(" AND x.{end} >= "))
                .bind_text(from)
                .push(")");
        }
    }
    if let Some(language) = &filter.language {
        sql.push(" AND EXISTS (SELECT 1 FROM expert_languages l WHERE l.expert_id = e.id AND l.language = ")
            .bind_text(language)
            .push(" AND l.level_rank >= ")
            .bind(Value::Int(filter.min_rank()))
            .push(")");
    }
}

const ROSTER_COLUMNS: &str =
    "e.id, e.full_name, e.email, e.nationality, e.residence, e.sector, e.position, e.employer, \
     e.years_experience, e.status, e.updated_at";

/// Pairs `(expert, value)` of a child table for the given experts.
pub(crate) async fn values_of(
    pool: &Pool,
    sql_start: &str,
    ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(sql_start);
    sql.bind_list(ids.iter().map(|id| Value::Int(*id))).push(" ORDER BY 1, 2");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<Option<String>, _>(2)?.unwrap_or_default())))
        .collect()
}

async fn roster_rows(pool: &Pool, sql: &Sql) -> Result<Vec<RosterRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for r in sql.query().fetch_all(pool).await? {
        let status: String = r.try_get(9)?;
        let text = |i: usize| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default);
        rows.push(RosterRow {
            id: r.try_get(0)?,
            name: text(1)?,
            email: text(2)?,
            nationality: text(3)?,
            residence: text(4)?,
            sector: text(5)?,
            position: text(6)?,
            employer: text(7)?,
            years_experience: r.try_get(8)?,
            status: ExpertStatus::parse(&status).unwrap_or(ExpertStatus::Active),
            updated_at: r.try_get(10)?,
            languages: Vec::new(),
            topics: Vec::new(),
        });
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let languages =
        values_of(pool, "SELECT expert_id, language, level FROM expert_languages WHERE expert_id IN ", &ids).await?;
    let topics =
        values_of(pool, "SELECT expert_id, topic_code, '' FROM expert_topics WHERE expert_id IN ", &ids).await?;
    for row in &mut rows {
        row.languages =
            languages.iter().filter(|(id, ..)| *id == row.id).map(|(_, l, v)| (l.clone(), v.clone())).collect();
        row.topics = topics.iter().filter(|(id, ..)| *id == row.id).map(|(_, t, _)| t.clone()).collect();
    }
    Ok(rows)
}

/// One page of the roster matching `filter`, by name, and how many match in all.
pub async fn search(pool: &Pool, filter: &RosterFilter, per_page: i64) -> Result<(Vec<RosterRow>, i64), sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM experts e");
    push_roster_conditions(&mut count, filter);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    let mut sql = Sql::new(&format!("SELECT {ROSTER_COLUMNS} FROM experts e"));
    push_roster_conditions(&mut sql, filter);
    sql.push(" ORDER BY e.full_name, e.id LIMIT ")
        .bind(Value::Int(per_page))
        .push(" OFFSET ")
        .bind(Value::Int((filter.page - 1) * per_page));
    Ok((roster_rows(pool, &sql).await?, total))
}

/// Every profile matching `filter` (the CSV export).
pub async fn all_matching(pool: &Pool, filter: &RosterFilter) -> Result<Vec<RosterRow>, sqlx::Error> {
    let mut sql = Sql::new(&format!("SELECT {ROSTER_COLUMNS} FROM experts e"));
    push_roster_conditions(&mut sql, filter);
    sql.push(" ORDER BY e.full_name, e.id");
    roster_rows(pool, &sql).await
}

/// The roster's public figures: how many profiles are on it, by gender and by sector.
pub async fn figures(pool: &Pool) -> Result<RosterFigures, sqlx::Error> {
    let on_roster = |group: &str| {
        format!(
            "SELECT {group}, COUNT(*) FROM experts WHERE status = 'active' AND {group} IS NOT NULL GROUP BY {group}"
        )
    };
    let experts: i64 =
        sqlx::query("SELECT COUNT(*) FROM experts WHERE status = 'active'").fetch_one(pool).await?.try_get(0)?;
    Ok(RosterFigures {
        experts: u32::try_from(experts).unwrap_or(u32::MAX),
        by_gender: code_counts(pool, &on_roster("gender")).await?,
        by_sector: code_counts(pool, &on_roster("sector")).await?,
    })
}

//! Staff's side of interventions: every one in the regions they cover, publishable or not,
//! and the flag that keeps sensitive work off every public page and export. (Translations:
//! `intervention_texts`.)

use sqlx::Row;

use super::{Pool, Sql, Value};
use crate::domain::intervention::FlaggedIntervention;
use crate::domain::staff::{Role, StaffInterventionFilter, StaffUser, STAFF_INTERVENTIONS_PER_PAGE};
use crate::domain::ta_request::AUDIENCE_PUBLIC;
use crate::domain::taxonomy::fold;

const COLUMNS: &str = "slug, title, region_code, status_code, component, publishable, status_as_of";

/// One page of the interventions in the regions `user` covers that `filter` selects,
/// publishable or not, by region and title, with how many it selects in all.
pub async fn page(
    pool: &Pool,
    user: &StaffUser,
    filter: &StaffInterventionFilter,
) -> Result<(Vec<FlaggedIntervention>, i64), sqlx::Error> {
    let selected = |select: &str| {
        let mut sql = Sql::new(&format!("SELECT {select} FROM interventions i WHERE 1 = 1"));
        if user.role == Role::Coordinator {
            sql.push(" AND i.region_code IN ").bind_list(user.regions.iter().map(|r| Value::Text(r.clone())));
        }
        if let Some(region) = &filter.region {
            sql.push(" AND i.region_code = ").bind_text(region);
        }
        if let Some(audience) = &filter.audience {
            sql.push(" AND i.publishable = ").bind(Value::Int(i64::from(audience == AUDIENCE_PUBLIC)));
        }
        if let Some(text) = &filter.text {
            let pattern = format!("%{}%", super::interventions::escape_like(&fold(text)));
            sql.push(" AND i.search_text LIKE ").bind_text(&pattern).push(" ESCAPE '\\'");
        }
        sql
    };
    let total: i64 = selected("COUNT(*)").query().fetch_one(pool).await?.try_get(0)?;
    let mut sql = selected(COLUMNS);
    sql.push(" ORDER BY i.region_code, LOWER(i.title), i.slug LIMIT ")
        .bind(Value::Int(STAFF_INTERVENTIONS_PER_PAGE))
        .push(" OFFSET ")
        .bind(Value::Int((filter.page - 1) * STAFF_INTERVENTIONS_PER_PAGE));
    let rows = sql.query().fetch_all(pool).await?.iter().map(flagged).collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// The intervention with this slug, publishable or not (the notice after a change).
pub async fn find(pool: &Pool, slug: &str) -> Result<Option<FlaggedIntervention>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM interventions WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(flagged)
        .transpose()
}

fn flagged(row: &sqlx::any::AnyRow) -> Result<FlaggedIntervention, sqlx::Error> {
    Ok(FlaggedIntervention {
        slug: row.try_get(0)?,
        title: row.try_get(1)?,
        region: row.try_get(2)?,
        status: row.try_get(3)?,
        component: row.try_get(4)?,
        publishable: row.try_get::<i64, _>(5)? == 1,
        status_as_of: row.try_get(6)?,
    })
}

/// The region an intervention is held by, whether or not it is publishable; `None` when no
/// intervention has this slug.
pub async fn region_of(pool: &Pool, slug: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT region_code FROM interventions WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
}

/// Shows an intervention on public pages and exports again, or keeps it off them. Its
/// `updated_at` moves, so the exports' validators change with the dataset; the audit log
/// records who decided. Returns false when the flag already had this value.
pub async fn set_publishable(
    pool: &Pool,
    slug: &str,
    publishable: bool,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let changed =
        sqlx::query("UPDATE interventions SET publishable = $1, updated_at = $2 WHERE slug = $3 AND publishable <> $1")
            .bind(i64::from(publishable))
            .bind(now)
            .bind(slug)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if changed {
        let (from, to) = if publishable { ("withheld", "publishable") } else { ("publishable", "withheld") };
        super::audit::audit(&mut tx, now, actor, "set_publishable", "intervention", slug, Some(from), Some(to)).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

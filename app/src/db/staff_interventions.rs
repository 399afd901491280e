//! Staff's side of interventions: every one in the regions they cover, publishable or not,
//! and the flag that keeps sensitive work off every public page and export. (Translations:
//! `intervention_texts`.)

use sqlx::Row;

use super::{Pool, Sql, Value};
use crate::domain::intervention::FlaggedIntervention;
use crate::domain::staff::{Role, StaffUser};

/// Every intervention in the regions `user` covers, publishable or not, by region and title.
pub async fn list(pool: &Pool, user: &StaffUser) -> Result<Vec<FlaggedIntervention>, sqlx::Error> {
    let mut sql =
        Sql::new(
        "SELECT slug, title, region_code, status_code, component, publishable, status_as_of FROM interventions WHERE 1 = 1",
    );
    if user.role == Role::Coordinator {
        sql.push(" AND region_code IN ").bind_list(user.regions.iter().map(|r| Value::Text(r.clone())));
    }
    sql.push(" ORDER BY region_code, LOWER(title), slug");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(FlaggedIntervention {
                slug: row.try_get(0)?,
                title: row.try_get(1)?,
                region: row.try_get(2)?,
                status: row.try_get(3)?,
                component: row.try_get(4)?,
                publishable: row.try_get::<i64, _>(5)? == 1,
                status_as_of: row.try_get(6)?,
            })
        })
        .collect()
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

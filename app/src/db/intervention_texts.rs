//! The languages a published intervention's title, summary and objective can be read in: the
//! original, kept in the interventions row with its `language`, and the translations staff add.

use std::collections::HashMap;

use sqlx::Row;

use super::audit::audit;
use super::{Pool, Sql, Value};
use crate::domain::taxonomy::fold;
use crate::domain::text::{LocalText, Translatable, Translation};

/// The translations of these interventions (not their originals), by intervention id.
pub async fn translations_of(pool: &Pool, ids: &[i64]) -> Result<HashMap<i64, Vec<LocalText>>, sqlx::Error> {
    let mut by_id: HashMap<i64, Vec<LocalText>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_id);
    }
    let mut sql = Sql::new("SELECT intervention_id, locale, title, summary, objective FROM intervention_translations");
    sql.push(" WHERE intervention_id IN ").bind_list(ids.iter().map(|id| Value::Int(*id)));
    sql.push(" ORDER BY intervention_id, locale");
    for row in sql.query().fetch_all(pool).await? {
        let text = LocalText {
            locale: row.try_get(1)?,
            title: row.try_get(2)?,
            summary: row.try_get(3)?,
            objective: row.try_get(4)?,
        };
        by_id.entry(row.try_get(0)?).or_default().push(text);
    }
    Ok(by_id)
}

/// The intervention with this slug (publishable or not) and its texts.
pub async fn translatable(pool: &Pool, slug: &str) -> Result<Option<Translatable>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, region_code, language, title, summary, objective FROM interventions WHERE slug = $1")
            .bind(slug)
            .fetch_optional(pool)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let region: String = row.try_get(1)?;
    let id: i64 = row.try_get(0)?;
    let original = LocalText {
        locale: row.try_get(2)?,
        title: row.try_get(3)?,
        summary: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
        objective: row.try_get(5)?,
    };
    let translations = translations_of(pool, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(Some(Translatable { slug: slug.to_owned(), region, original, translations }))
}

/// Replaces the translations of an intervention with `texts` (the original's language is
/// skipped) and dates the change, so exports and caches see it.
pub async fn save(
    pool: &Pool,
    slug: &str,
    texts: &[Translation<'_>],
    actor: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let row =
        sqlx::query("SELECT id, language FROM interventions WHERE slug = $1").bind(slug).fetch_one(&mut *tx).await?;
    let (id, original): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
    sqlx::query("DELETE FROM intervention_translations WHERE intervention_id = $1").bind(id).execute(&mut *tx).await?;
    let mut languages = Vec::new();
    for text in texts.iter().filter(|text| text.locale != original) {
        let searched = [text.title, text.summary, text.objective.unwrap_or_default()].join("\n");
        sqlx::query(
            "INSERT INTO intervention_translations (intervention_id, locale, title, summary, objective, search_text)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(text.locale)
        .bind(text.title)
        .bind(text.summary)
        .bind(text.objective)
        .bind(fold(&searched))
        .execute(&mut *tx)
        .await?;
        languages.push(text.locale);
    }
    sqlx::query("UPDATE interventions SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
    audit(&mut tx, now, actor, "translate", "intervention", slug, None, Some(&languages.join(","))).await?;
    tx.commit().await
}

//! Calls for proposals: written by the management unit, edited until published, then fixed.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::super::audit::audit;
use super::super::{Pool, Sql, Value};
use crate::domain::form::RawForm;
use crate::domain::grant::{call, Call, CallForm, Criterion, CriterionText};
use crate::domain::taxonomy::{fold, Taxonomy};
use crate::domain::text::LocalText;

/// A checked call form and what follows from it, ready to store.
pub struct NewCall<'a> {
    pub typed: &'a RawForm,
    pub form: &'a CallForm,
    pub floor_cents: i64,
    pub ceiling_cents: i64,
    pub opens_at: String,
    pub closes_at: String,
}

impl<'a> NewCall<'a> {
    /// `None` when the form did not pass its checks.
    pub fn of(typed: &'a RawForm, form: &'a CallForm) -> Option<NewCall<'a>> {
        let money = |value: &Option<String>| call_money(value.as_deref()?);
        let (opens, closes) = form.window()?;
        Some(NewCall {
            typed,
            form,
            floor_cents: money(&form.floor_eur)?,
            ceiling_cents: money(&form.ceiling_eur)?,
            opens_at: call::utc_text(opens),
            closes_at: call::utc_text(closes),
        })
    }

    /// The states the call covers: those chosen, or every state of its regions.
    fn countries(&self, taxonomy: &Taxonomy) -> Vec<String> {
        if !self.form.countries.is_empty() {
            return self.form.countries.clone();
        }
        taxonomy
            .countries
            .iter()
            .filter(|c| self.form.regions.contains(&c.region))
            .map(|c| c.term.code.clone())
            .collect()
    }
}

fn call_money(text: &str) -> Option<i64> {
    crate::domain::grant::money::parse_eur(text).ok()
}

fn number(text: &Option<String>) -> i64 {
    text.as_deref().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
}

/// An address-friendly name from the English title, cut between words: `safe-remittances-2027`.
fn slug_base(title: &str) -> String {
    let folded = fold(title);
    let mut slug = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() + 1 > 60 && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().take(60));
    }
    if slug.is_empty() {
        "call".to_owned()
    } else {
        slug
    }
}

async fn unique_slug(tx: &mut crate::db::WriteTx, title: &str, own_id: Option<i64>) -> Result<String, sqlx::Error> {
    let base = slug_base(title);
    let mut candidate = base.clone();
    for n in 2.. {
        let taken = sqlx::query("SELECT id FROM grant_calls WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?
            .map(|row| row.try_get::<i64, _>(0))
            .transpose()?;
        if taken.is_none() || taken == own_id {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// Stores a new, unpublished call; returns its id.
pub async fn create(
    pool: &Pool,
    new: &NewCall<'_>,
    taxonomy: &Taxonomy,
    actor: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let slug = unique_slug(&mut tx, new.form.title_en.as_deref().unwrap_or_default(), None).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO grant_calls (slug, kind, floor_cents, ceiling_cents, cofunding_percent, max_months, opens_at,
             closes_at, utc_offset, form_json, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(&slug)
    .bind(new.form.kind.clone())
    .bind(new.floor_cents)
    .bind(new.ceiling_cents)
    .bind(number(&new.form.cofunding_percent))
    .bind(number(&new.form.max_months))
    .bind(&new.opens_at)
    .bind(&new.closes_at)
    .bind(new.form.utc_offset.clone())
    .bind(serde_json::to_string(new.typed).unwrap_or_default())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    write_terms(&mut tx, id, new, taxonomy).await?;
    audit(&mut tx, now, actor, "grant_call.create", "grant_call", &id.to_string(), None, Some("unpublished")).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces an unpublished call's terms; `false` when it is published (and so fixed).
pub async fn update(
    pool: &Pool,
    id: i64,
    new: &NewCall<'_>,
    taxonomy: &Taxonomy,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let slug = unique_slug(&mut tx, new.form.title_en.as_deref().unwrap_or_default(), Some(id)).await?;
    let changed = sqlx::query(
        "UPDATE grant_calls SET slug = $1, kind = $2, floor_cents = $3, ceiling_cents = $4, cofunding_percent = $5,
             max_months = $6, opens_at = $7, closes_at = $8, utc_offset = $9, form_json = $10, updated_at = $11
         WHERE id = $12 AND published_at IS NULL",
    )
    .bind(&slug)
    .bind(new.form.kind.clone())
    .bind(new.floor_cents)
    .bind(new.ceiling_cents)
    .bind(number(&new.form.cofunding_percent))
    .bind(number(&new.form.max_months))
    .bind(&new.opens_at)
    .bind(&new.closes_at)
    .bind(new.form.utc_offset.clone())
    .bind(serde_json::to_string(new.typed).unwrap_or_default())
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    for table in [
        "grant_call_texts",
        "grant_call_regions",
        "grant_call_countries",
        "grant_call_topics",
        "grant_criterion_texts",
        "grant_criteria",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE call_id = $1")).bind(id).execute(&mut *tx).await?;
    }
    write_terms(&mut tx, id, new, taxonomy).await?;
    audit(&mut tx, now, actor, "grant_call.update", "grant_call", &id.to_string(), None, None).await?;
    tx.commit().await?;
    Ok(true)
}

async fn write_terms(
    tx: &mut crate::db::WriteTx,
    id: i64,
    new: &NewCall<'_>,
    taxonomy: &Taxonomy,
) -> Result<(), sqlx::Error> {
    let form = new.form;
    for (locale, title, summary) in form.texts() {
        sqlx::query("INSERT INTO grant_call_texts (call_id, locale, title, summary) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(locale)
            .bind(title)
            .bind(summary)
            .execute(&mut **tx)
            .await?;
    }
    let lists = [
        ("INSERT INTO grant_call_regions (call_id, region_code) VALUES ($1, $2)", form.regions.clone()),
        ("INSERT INTO grant_call_countries (call_id, iso3) VALUES ($1, $2)", new.countries(taxonomy)),
        ("INSERT INTO grant_call_topics (call_id, topic_code) VALUES ($1, $2)", form.topics.clone()),
    ];
    for (insert, values) in lists {
        for value in values {
            sqlx::query(insert).bind(id).bind(value).execute(&mut **tx).await?;
        }
    }
    for (position, criterion) in (1i64..).zip(form.criteria()) {
        sqlx::query(
            "INSERT INTO grant_criteria (call_id, position, name, weight, guidance) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position)
        .bind(criterion.name)
        .bind(i64::from(criterion.weight))
        .bind(criterion.guidance)
        .execute(&mut **tx)
        .await?;
        for text in criterion.translations {
            sqlx::query(
                "INSERT INTO grant_criterion_texts (call_id, position, locale, name, guidance) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position)
            .bind(text.locale)
            .bind(text.name)
            .bind(text.guidance)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Publishes a call: it appears on `/grants` and its terms no longer change. `false` when it
/// was published already.
pub async fn publish(pool: &Pool, id: i64, actor: &str, now: &str) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let published =
        sqlx::query("UPDATE grant_calls SET published_at = $1, updated_at = $1 WHERE id = $2 AND published_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if published {
        audit(
            &mut tx,
            now,
            actor,
            "grant_call.publish",
            "grant_call",
            &id.to_string(),
            Some("unpublished"),
            Some("published"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(published)
}

const CALL_COLUMNS: &str = "id, slug, kind, floor_cents, ceiling_cents, cofunding_percent, max_months, opens_at, \
                            closes_at, utc_offset, published_at";

fn call_of(row: &AnyRow) -> Result<Call, sqlx::Error> {
    Ok(Call {
        id: row.try_get(0)?,
        slug: row.try_get(1)?,
        kind: row.try_get(2)?,
        floor_cents: row.try_get(3)?,
        ceiling_cents: row.try_get(4)?,
        cofunding_percent: u32::try_from(row.try_get::<i64, _>(5)?).unwrap_or(0),
        max_months: u32::try_from(row.try_get::<i64, _>(6)?).unwrap_or(0),
        opens_at: row.try_get(7)?,
        closes_at: row.try_get(8)?,
        utc_offset: row.try_get(9)?,
        published_at: row.try_get(10)?,
        texts: Vec::new(),
        regions: Vec::new(),
        countries: Vec::new(),
        topics: Vec::new(),
        criteria: Vec::new(),
    })
}

/// Calls matching `condition` (SQL on `grant_calls`, no user input), soonest deadline first,
/// with their texts, places, topics and rubric (one query per kind of detail, not per call).
async fn load(pool: &Pool, condition: &str, bind: Option<Value>) -> Result<Vec<Call>, sqlx::Error> {
    let mut sql = Sql::new(&format!("SELECT {CALL_COLUMNS} FROM grant_calls WHERE {condition}"));
    if let Some(value) = bind {
        sql.bind(value);
    }
    sql.push(" ORDER BY closes_at, id");
    let mut calls: Vec<Call> = sql.query().fetch_all(pool).await?.iter().map(call_of).collect::<Result<_, _>>()?;
    if calls.is_empty() {
        return Ok(calls);
    }
    let ids: Vec<Value> = calls.iter().map(|c| Value::Int(c.id)).collect();
    let details = |select: &str, order: &str| {
        let mut sql = Sql::new(select);
        sql.push(" WHERE call_id IN ").bind_list(ids.clone()).push(order);
        sql
    };
    let find = |calls: &mut Vec<Call>, id: i64| calls.iter().position(|c| c.id == id);

    for row in details("SELECT call_id, locale, title, summary FROM grant_call_texts", " ORDER BY locale")
        .query()
        .fetch_all(pool)
        .await?
    {
        if let Some(i) = find(&mut calls, row.try_get(0)?) {
            calls[i].texts.push(LocalText {
                locale: row.try_get(1)?,
                title: row.try_get(2)?,
                summary: row.try_get(3)?,
                objective: None,
            });
        }
    }
    let lists = [
        (
            "SELECT call_id, r.region_code FROM grant_call_regions r JOIN regions g ON g.code = r.region_code",
            " ORDER BY g.sort_order",
        ),
        ("SELECT call_id, iso3 FROM grant_call_countries", " ORDER BY iso3"),
        (
            "SELECT call_id, t.topic_code FROM grant_call_topics t JOIN topics g ON g.code = t.topic_code",
            " ORDER BY g.sort_order",
        ),
    ];
    for (which, (select, order)) in lists.into_iter().enumerate() {
        for row in details(select, order).query().fetch_all(pool).await? {
            if let Some(i) = find(&mut calls, row.try_get(0)?) {
                let value: String = row.try_get(1)?;
                match which {
                    0 => calls[i].regions.push(value),
                    1 => calls[i].countries.push(value),
                    _ => calls[i].topics.push(value),
                }
            }
        }
    }
    for row in details("SELECT call_id, name, weight, guidance FROM grant_criteria", " ORDER BY position")
        .query()
        .fetch_all(pool)
        .await?
    {
        if let Some(i) = find(&mut calls, row.try_get(0)?) {
            calls[i].criteria.push(Criterion {
                name: row.try_get(1)?,
                weight: u32::try_from(row.try_get::<i64, _>(2)?).unwrap_or(0),
                guidance: row.try_get(3)?,
                translations: Vec::new(),
            });
        }
    }
    let texts = "SELECT call_id, position, locale, name, guidance FROM grant_criterion_texts";
    for row in details(texts, " ORDER BY position, locale").query().fetch_all(pool).await? {
        let position = usize::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0);
        let criterion =
            find(&mut calls, row.try_get(0)?).and_then(|i| calls[i].criteria.get_mut(position.wrapping_sub(1)));
        if let Some(criterion) = criterion {
            criterion.translations.push(CriterionText {
                locale: row.try_get(2)?,
                name: row.try_get(3)?,
                guidance: row.try_get(4)?,
            });
        }
    }
    Ok(calls)
}

/// Every published call (the public list splits them into open, upcoming and closed).
pub async fn published(pool: &Pool) -> Result<Vec<Call>, sqlx::Error> {
    load(pool, "published_at IS NOT NULL", None).await
}

/// Every call, published or not (staff).
pub async fn all(pool: &Pool) -> Result<Vec<Call>, sqlx::Error> {
    load(pool, "1 = 1", None).await
}

/// A published call by its address.
pub async fn published_by_slug(pool: &Pool, slug: &str) -> Result<Option<Call>, sqlx::Error> {
    Ok(load(pool, "published_at IS NOT NULL AND slug = ", Some(Value::Text(slug.to_owned()))).await?.pop())
}

/// Any call by id, published or not.
pub async fn find(pool: &Pool, id: i64) -> Result<Option<Call>, sqlx::Error> {
    Ok(load(pool, "id = ", Some(Value::Int(id))).await?.pop())
}

/// The call form as staff typed it, for editing.
pub async fn typed_form(pool: &Pool, id: i64) -> Result<Option<RawForm>, sqlx::Error> {
    let row = sqlx::query("SELECT form_json FROM grant_calls WHERE id = $1").bind(id).fetch_optional(pool).await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(0)?;
    Ok(Some(serde_json::from_str(&json).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::slug_base;

    #[test]
    fn slugs_come_from_the_english_title() {
        assert_eq!(slug_base("Safe remittances: West Africa 2027"), "safe-remittances-west-africa-2027");
        assert_eq!(slug_base("Côte d'Ivoire — diaspora"), "cote-d-ivoire-diaspora");
        assert_eq!(slug_base("!!!"), "call");
        assert_eq!(
            slug_base("Safe and affordable remittances: regional projects in West Africa (demo)"),
            "safe-and-affordable-remittances-regional-projects-in-west"
        );
    }
}

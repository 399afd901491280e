//! Everything stored about an expert, for their download; `PERSONAL_TABLES` is also what
//! tests check erasure and the schema against.

use super::record_id;
use super::space::load;
use crate::db::Pool;
use sqlx::Row;

/// Every table holding something about an expert, with the column naming them. The export
/// reads them all, erasure deletes through them (cascades), and a test checks the schema
/// has no other.
pub const PERSONAL_TABLES: [(&str, &str); 15] = [
    ("experts", "id"),
    ("expert_topics", "expert_id"),
    ("expert_typologies", "expert_id"),
    ("expert_regions", "expert_id"),
    ("expert_countries", "expert_id"),
    ("expert_languages", "expert_id"),
    ("expert_unavailability", "expert_id"),
    ("expert_cvs", "expert_id"),
    ("expert_consents", "expert_id"),
    ("expert_links", "expert_id"),
    ("expert_sessions", "expert_id"),
    ("outbox", "expert_id"),
    ("expert_assignments", "expert_id"),
    ("assignment_periods", "expert_id"),
    ("ta_activity_experts", "expert_id"),
];

/// Columns an export leaves out: digests of secrets and internal file names say nothing
/// about the person and would only help an attacker.
fn exported_column(name: &str) -> bool {
    !name.ends_with("_hash") && name != "stored_name" && name != "search_text" && name != "form_json"
}

/// A database value as JSON, whatever its type (the `Any` driver decodes by asking).
fn json_value(row: &sqlx::any::AnyRow, index: usize) -> serde_json::Value {
    use serde_json::Value;
    if let Ok(value) = row.try_get::<Option<String>, _>(index) {
        return value.map_or(Value::Null, Value::String);
    }
    if let Ok(value) = row.try_get::<Option<i64>, _>(index) {
        return value.map_or(Value::Null, Value::from);
    }
    if let Ok(value) = row.try_get::<Option<f64>, _>(index) {
        return value.map_or(Value::Null, Value::from);
    }
    Value::Null
}

/// Everything stored about expert `id`, table by table, plus their answers as typed; the
/// audit records about their profile too. `None` when there is no such expert.
pub async fn export(pool: &Pool, id: i64) -> Result<Option<serde_json::Value>, sqlx::Error> {
    use sqlx::Column;
    let Some(record) = load(pool, id).await? else { return Ok(None) };
    let mut tables = serde_json::Map::new();
    for (table, column) in PERSONAL_TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table} WHERE {column} = $1")).bind(id).fetch_all(pool).await?;
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                let fields = row
                    .columns()
                    .iter()
                    .filter(|c| exported_column(c.name()))
                    .map(|c| (c.name().to_owned(), json_value(row, c.ordinal())))
                    .collect::<serde_json::Map<_, _>>();
                serde_json::Value::Object(fields)
            })
            .collect();
        tables.insert(table.to_owned(), serde_json::Value::Array(rows));
    }
    let audit = sqlx::query(
        "SELECT at, action, from_state, to_state FROM audit_log WHERE record_type = 'expert' AND record_id = $1 ORDER BY id",
    )
    .bind(record_id(id))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        serde_json::json!({
            "at": json_value(r, 0), "action": json_value(r, 1), "from": json_value(r, 2), "to": json_value(r, 3)
        })
    })
    .collect::<Vec<_>>();
    let answers: serde_json::Map<String, serde_json::Value> =
        record.form.pairs().map(|(name, values)| (name.to_owned(), serde_json::json!(values))).collect();
    Ok(Some(serde_json::json!({
        "about": "Everything the ACP Migration TA Portal stores about you, as of the download.",
        "answers": answers,
        "tables": tables,
        "history": audit,
    })))
}

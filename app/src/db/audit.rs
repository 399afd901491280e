//! The append-only audit log: who did what to which record, when, from which state to
//! which. The database refuses updates and deletions of its rows. Each record is also a
//! security event in the log stream (target `security`) once its transaction commits.

/// An audit record as the log shows it. Actors and records are named by role and number
/// (`staff:3`, `expert:12`, `TA-2026-0042`), never by e-mail address.
pub(crate) struct Audited {
    actor: String,
    action: String,
    record: String,
}

impl Audited {
    pub(crate) fn log(&self) {
        tracing::info!(target: "security", event = "audit", actor = %self.actor, action = %self.action, record = %self.record);
    }
}

/// Appends to the audit log (which refuses changes and deletions).
#[allow(clippy::too_many_arguments)]
pub async fn audit(
    tx: &mut crate::db::WriteTx,
    at: &str,
    actor: &str,
    action: &str,
    record_type: &str,
    record_id: &str,
    from_state: Option<&str>,
    to_state: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, record_type, record_id, from_state, to_state) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(record_type)
    .bind(record_id)
    .bind(from_state)
    .bind(to_state)
    .execute(&mut **tx)
    .await?;
    tx.audited.push(Audited {
        actor: actor.to_owned(),
        action: action.to_owned(),
        record: format!("{record_type}:{record_id}"),
    });
    Ok(())
}

/// Records that a member of staff read personal data in bulk or a file: an export, a CV
/// (`action`), about one record or a whole list (`record_id` "roster", a call's number).
pub async fn record_read(
    pool: &crate::db::Pool,
    actor: &str,
    action: &str,
    record_type: &str,
    record_id: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    audit(&mut tx, now, actor, action, record_type, record_id, None, None).await?;
    tx.commit().await
}

/// One page of the changes to a record, newest first, with the number of them all.
pub async fn trail(
    pool: &crate::db::Pool,
    record_type: &str,
    record_id: &str,
    page: i64,
    per_page: i64,
) -> Result<(Vec<crate::domain::staff::AuditEntry>, i64), sqlx::Error> {
    use crate::domain::staff::{Actor, AuditEntry};
    use sqlx::Row;

    let rows = sqlx::query(
        "SELECT a.at, a.actor, u.name, a.action, a.from_state, a.to_state FROM audit_log a
         LEFT JOIN staff_users u ON a.actor = 'staff:' || CAST(u.id AS TEXT)
         WHERE a.record_type = $1 AND a.record_id = $2 ORDER BY a.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(record_type)
    .bind(record_id)
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AuditEntry {
            at: r.try_get(0)?,
            actor: Actor::read(&r.try_get::<String, _>(1)?, r.try_get(2)?),
            action: r.try_get(3)?,
            before: r.try_get(4)?,
            after: r.try_get(5)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let total = sqlx::query("SELECT COUNT(*) FROM audit_log WHERE record_type = $1 AND record_id = $2")
        .bind(record_type)
        .bind(record_id)
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok((rows, total))
}

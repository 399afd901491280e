//! The append-only audit log: who did what to which record, when, from which state to
//! which. The database refuses updates and deletions of its rows.

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
    Ok(())
}

//! What the daily upkeep reads and changes: reminders, deactivation, expiry.

use super::record_id;
use crate::db::audit::audit;
use crate::db::outbox::queue_expert_mail;
use crate::db::Pool;
use crate::domain::roster::ExpertStatus;
use crate::mail::OutgoingMail;
use sqlx::Row;

/// Active profiles not updated since `stale_before` and not yet reminded: (id, address,
/// language).
pub async fn due_reminders(pool: &Pool, stale_before: &str) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query("SELECT id, email, locale FROM experts WHERE status = $1 AND updated_at < $2 AND reminded_at IS NULL")
        .bind(ExpertStatus::Active.as_str())
        .bind(stale_before)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get::<Option<String>, _>(1)?.unwrap_or_default(), r.try_get(2)?)))
        .collect()
}

/// Records the reminder sent to expert `id`, with its e-mail.
pub async fn remind(pool: &Pool, id: i64, mail: &OutgoingMail, now: &str) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("UPDATE experts SET reminded_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
    queue_expert_mail(&mut tx, mail, id, now).await?;
    audit(&mut tx, now, "system", "remind", "expert", &record_id(id), None, None).await?;
    tx.commit().await
}

/// Deactivates the active profiles reminded before `reminded_before` and not updated since.
pub async fn deactivate_unanswered(pool: &Pool, reminded_before: &str, now: &str) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let ids: Vec<i64> = sqlx::query(
        "UPDATE experts SET status = $1 WHERE status = $2 AND reminded_at IS NOT NULL AND reminded_at < $3 RETURNING id",
    )
    .bind(ExpertStatus::Inactive.as_str())
    .bind(ExpertStatus::Active.as_str())
    .bind(reminded_before)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let (from, to) = (Some(ExpertStatus::Active.as_str()), Some(ExpertStatus::Inactive.as_str()));
    for id in &ids {
        audit(&mut tx, now, "system", "deactivate", "expert", &record_id(*id), from, to).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// Profiles whose time is up: inactive ones reminded before `reminded_before` (they were
/// set aside a grace period after the reminder, and no update brought them back),
/// unconfirmed since before `unconfirmed_before` (their link expired), or drafts left since
/// `drafts_before`.
pub async fn expired(
    pool: &Pool,
    reminded_before: &str,
    unconfirmed_before: &str,
    drafts_before: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT id FROM experts WHERE (status = $1 AND reminded_at < $2) OR (status = $3 AND submitted_at < $4)
         OR (status = $5 AND updated_at < $6)",
    )
    .bind(ExpertStatus::Inactive.as_str())
    .bind(reminded_before)
    .bind(ExpertStatus::Unverified.as_str())
    .bind(unconfirmed_before)
    .bind(ExpertStatus::Draft.as_str())
    .bind(drafts_before)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

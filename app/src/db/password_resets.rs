//! Staff who forgot their password ask for a link that sets a new one (ASVS 6.4.3). It
//! works once, for 10 minutes; it replaces the password only, so an account with a second
//! factor still needs its code, and using it ends every session of the account.

use sqlx::Row;

use super::Pool;
use crate::mail::OutgoingMail;

/// Stores a reset link (by the SHA-256 of its secret) for account `user_id` and queues the
/// e-mail carrying it, in one transaction.
pub async fn create(
    pool: &Pool,
    user_id: i64,
    token_hash: &str,
    expires_at: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    sqlx::query(
        "INSERT INTO staff_password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    super::outbox::queue_mail(&mut tx, mail, now).await?;
    tx.commit().await
}

/// The address of the active account whose reset link this is, if the link still works.
pub async fn account_of(pool: &Pool, token_hash: &str, now: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query(
        "SELECT u.email FROM staff_password_resets r JOIN staff_users u ON u.id = r.user_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?
    .map(|row| row.try_get(0))
    .transpose()
}

/// Uses the link once: the account gets `password_hash`, its sessions and its other reset
/// links end, and the audit log records it. `false`: the link stopped working meanwhile.
pub async fn reset(pool: &Pool, token_hash: &str, password_hash: &str, now: &str) -> Result<bool, sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let used = sqlx::query(
        "UPDATE staff_password_resets SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = used else { return Ok(false) };
    let user_id: i64 = row.try_get(0)?;
    // Setting the password also ends the account's other reset links.
    super::staff::set_password(&mut tx, user_id, password_hash, now).await?;
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    let actor = format!("staff:{user_id}");
    super::audit::audit(&mut tx, now, &actor, "password_reset", "staff_user", &user_id.to_string(), None, None).await?;
    tx.commit().await?;
    Ok(true)
}

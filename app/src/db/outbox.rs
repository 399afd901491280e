//! The e-mail outbox: every message is written here in the transaction of what it reports,
//! so nothing is sent for a change that did not happen and nothing is silently dropped.
//! The mailer (server) claims and sends; the management unit can read it.

use sqlx::Row;

use super::{Pool, Sql, Value};
use crate::domain::staff::OutboxRow;
use crate::mail::OutgoingMail;

pub async fn queue_mail(tx: &mut crate::db::WriteTx, mail: &OutgoingMail, now: &str) -> Result<(), sqlx::Error> {
    queue_mails(tx, std::slice::from_ref(mail), now).await
}

/// Queues several messages in one statement.
pub async fn queue_mails(tx: &mut crate::db::WriteTx, mails: &[OutgoingMail], now: &str) -> Result<(), sqlx::Error> {
    if mails.is_empty() {
        return Ok(());
    }
    let mut insert = Sql::new("INSERT INTO outbox (to_address, subject, body, about, created_at) VALUES ");
    insert.bind_rows(mails.iter().map(|mail| {
        [
            Value::Text(mail.to.clone()),
            Value::Text(mail.subject.clone()),
            Value::Text(mail.body.clone()),
            mail.about.clone().map_or(Value::Null, Value::Text),
            Value::Text(now.to_owned()),
        ]
    }));
    insert.query().execute(&mut **tx).await?;
    Ok(())
}

/// Queues a message about an expert, linked to their profile so erasing the profile
/// erases the message (it holds their address and name).
pub async fn queue_expert_mail(
    tx: &mut crate::db::WriteTx,
    mail: &OutgoingMail,
    expert_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, about, created_at, expert_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.about)
    .bind(now)
    .bind(expert_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A page of the outbox, newest first, for the management unit, and how many e-mails it
/// holds in all. A message tried `max_attempts` times is given up.
pub async fn page(
    pool: &Pool,
    page: i64,
    per_page: i64,
    max_attempts: i64,
) -> Result<(Vec<OutboxRow>, i64), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT to_address, subject, created_at, sent_at, last_error, attempts FROM outbox
         ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(OutboxRow {
            to: r.try_get(0)?,
            subject: r.try_get(1)?,
            created_at: r.try_get(2)?,
            sent_at: r.try_get(3)?,
            problem: r.try_get(4)?,
            given_up: r.try_get::<i64, _>(5)? >= max_attempts,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let total = sqlx::query("SELECT COUNT(*) FROM outbox").fetch_one(pool).await?.try_get(0)?;
    Ok((rows, total))
}

/// An outbox message claimed for sending.
pub struct ClaimedMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Claims up to `limit` unsent messages (fewer than `max_attempts` tries, not claimed by
/// another instance) until `claim_until`.
pub async fn claim_unsent(
    pool: &Pool,
    now: &str,
    claim_until: &str,
    max_attempts: i64,
    limit: i64,
) -> Result<Vec<ClaimedMail>, sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < $2
                      AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4)
         RETURNING id, to_address, subject, body",
    )
    .bind(claim_until)
    .bind(max_attempts)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(ClaimedMail { id: r.try_get(0)?, to: r.try_get(1)?, subject: r.try_get(2)?, body: r.try_get(3)? }))
    .collect()
}

/// Records how sending a claimed message went: sent, or the error to retry after.
pub async fn record_delivery(pool: &Pool, id: i64, outcome: Result<&str, &str>) -> Result<(), sqlx::Error> {
    let query = match outcome {
        Ok(sent_at) => {
            sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL, claimed_until = NULL WHERE id = $2")
                .bind(sent_at)
        }
        Err(error) => sqlx::query("UPDATE outbox SET last_error = $1, claimed_until = NULL WHERE id = $2").bind(error),
    };
    query.bind(id).execute(pool).await?;
    Ok(())
}

/// Records an error no retry can mend: the message counts `max_attempts` tries, so it is never
/// claimed again, and keeps the error for the outbox page.
pub async fn give_up(pool: &Pool, id: i64, error: &str, max_attempts: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET last_error = $1, claimed_until = NULL, attempts = $2 WHERE id = $3")
        .bind(error)
        .bind(max_attempts)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

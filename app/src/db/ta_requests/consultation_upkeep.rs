//! The consultation rounds' hourly upkeep: reminders two working days before the deadline
//! to those who have not answered, and rounds past their deadline recorded closed, the silent
//! counted as agreeing. Every instance runs it; each reminder and each closing is claimed by a
//! conditional update, so none happens twice.

use std::collections::HashMap;

use sqlx::Row;

use super::consultation::{close_round, consultation_of};
use crate::db::outbox::queue_mails;
use crate::db::Pool;
use crate::domain::consultation::{Consultation, Round};
use crate::domain::stage::Stage;
use crate::mail::OutgoingMail;

/// A reminder due: the consultee, their language, and the request's reference and round.
#[derive(Clone, Debug)]
pub struct DueReminder {
    pub consultee_id: i64,
    pub email: String,
    pub locale: String,
    pub reference: String,
    pub round: Round,
}

/// Consultees of current rounds who have not answered, whose reminder is due at `now` and
/// not sent yet.
pub async fn due_reminders(pool: &Pool, now: &str) -> Result<Vec<DueReminder>, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let rows = sqlx::query(
        "SELECT c.id, c.email, c.locale, q.reference, r.request_id, r.id
         FROM ta_consultees c JOIN ta_consultations r ON r.id = c.consultation_id
         JOIN ta_requests q ON q.id = r.request_id
         WHERE c.answered_at IS NULL AND c.reminded_at IS NULL AND r.closed_at IS NULL
           AND r.remind_at <= $1 AND r.deadline_at > $1 AND q.stage = $2
         ORDER BY c.id",
    )
    .bind(now)
    .bind(Stage::TaFiche.as_str())
    .fetch_all(&mut *connection)
    .await?;
    // Each request's rounds are read once, however many of its consultees are due.
    let mut read: HashMap<i64, Consultation> = HashMap::new();
    let mut due = Vec::with_capacity(rows.len());
    for row in rows {
        let (request_id, round_id): (i64, i64) = (row.try_get(4)?, row.try_get(5)?);
        if !read.contains_key(&request_id) {
            read.insert(request_id, consultation_of(&mut connection, request_id).await?);
        }
        if let Some(round) = read[&request_id].rounds.iter().find(|r| r.id == round_id).cloned() {
            due.push(DueReminder {
                consultee_id: row.try_get(0)?,
                email: row.try_get(1)?,
                locale: row.try_get(2)?,
                reference: row.try_get(3)?,
                round,
            });
        }
    }
    Ok(due)
}

/// Sends one reminder, carrying the link whose SHA-256 is `token_hash`: marks it sent (once,
/// whichever instance gets there first) and queues it.
pub async fn send_reminder(
    pool: &Pool,
    consultee_id: i64,
    token_hash: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let marked = sqlx::query(
        "UPDATE ta_consultees SET reminded_at = $1, reminder_token_sha256 = $2
         WHERE id = $3 AND reminded_at IS NULL AND answered_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .bind(consultee_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked == 1 {
        queue_mails(&mut tx, std::slice::from_ref(mail), now).await?;
    }
    tx.commit().await?;
    Ok(marked == 1)
}

/// Records closed every round whose deadline passed at `now`, each request's in its own
/// transaction, the silent counted as agreeing; returns how many rounds.
pub async fn close_rounds_past_deadline(pool: &Pool, now: &str) -> Result<usize, sqlx::Error> {
    let due: Vec<(i64, String)> = sqlx::query(
        "SELECT r.request_id, q.reference FROM ta_consultations r JOIN ta_requests q ON q.id = r.request_id
         WHERE r.closed_at IS NULL AND r.deadline_at <= $1 ORDER BY r.id",
    )
    .bind(now)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let mut closed = 0;
    for (request_id, reference) in due {
        let mut tx = crate::db::begin(pool).await?;
        let consultation = consultation_of(&mut tx, request_id).await?;
        for round in consultation.rounds.iter().filter(|r| r.deadline_passed(now)) {
            closed += usize::from(close_round(&mut tx, round, &reference, now).await?);
        }
        tx.commit().await?;
    }
    Ok(closed)
}

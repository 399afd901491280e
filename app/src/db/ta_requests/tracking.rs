//! What the requester's tracking page reads and writes: the request behind a tracking link,
//! its progress, and replies e-mailed to whoever holds it.

use sqlx::Row;

use super::{history, REQUESTER};
use crate::db::Pool;
use crate::domain::stage::{RequestProgress, Stage};
use crate::domain::ta_request::StoredRequest;
use crate::mail::OutgoingMail;

/// The reference of the request behind a tracking token.
pub async fn reference_by_tracking(pool: &Pool, token_hash: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT reference FROM ta_requests WHERE tracking_token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
}

/// The addresses of the staff who hold a request of `region`: its coordinators, or the
/// management unit when it has none (or the request spans regions).
pub async fn holders(conn: &mut sqlx::AnyConnection, region: Option<&str>) -> Result<Vec<String>, sqlx::Error> {
    let coordinators: Vec<String> = match region {
        Some(region) => sqlx::query(
            "SELECT u.email FROM staff_users u JOIN staff_user_regions r ON r.user_id = u.id
             WHERE r.region_code = $1 AND u.active = 1 AND u.role = 'coordinator' ORDER BY u.email",
        )
        .bind(region)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if !coordinators.is_empty() {
        return Ok(coordinators);
    }
    sqlx::query("SELECT email FROM staff_users WHERE role = 'admin' AND active = 1 ORDER BY email")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// A reply from the requester: in the history, audited, and e-mailed to whoever holds it.
pub async fn add_reply(
    pool: &Pool,
    request: &StoredRequest,
    body: &str,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<(), sqlx::Error> {
    super::add_to_thread(pool, request, REQUESTER, "reply", body, mails, now).await
}

/// The tracking page's view of the request behind a tracking token.
pub async fn progress_by_tracking(pool: &Pool, token_hash: &str) -> Result<Option<RequestProgress>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, reference, stage, institution, region_code, submitted_at, decline_reason
         FROM ta_requests WHERE tracking_token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let stage: String = row.try_get(2)?;
    let history = history(pool, id).await?;
    Ok(Some(RequestProgress {
        reference: row.try_get(1)?,
        stage: Stage::parse(&stage).ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {stage}").into()))?,
        institution: row.try_get(3)?,
        region: row.try_get(4)?,
        submitted_at: row.try_get(5)?,
        decline_reason: row.try_get(6)?,
        history,
    }))
}

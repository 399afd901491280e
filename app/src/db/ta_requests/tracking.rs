//! What the requester's tracking page reads and writes: the request behind a tracking link,
//! and replies e-mailed to whoever holds it.

use sqlx::Row;

use super::REQUESTER;
use crate::db::Pool;
use crate::domain::ta_request::StoredRequest;
use crate::mail::OutgoingMail;

/// The request behind a tracking link, as its requester reads it back.
pub async fn find_by_tracking(pool: &Pool, token_hash: &str) -> Result<Option<StoredRequest>, sqlx::Error> {
    super::back_office::find_one(pool, "r.tracking_token_hash", token_hash).await
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

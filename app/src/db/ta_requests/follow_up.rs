//! Follow-up requests: a request names the completed request of the same country or
//! organisation it follows up, so staff and the requester see the two together.

use sqlx::Row;

use crate::db::audit::audit;
use crate::db::{Pool, WriteTx};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::FollowUps;
use crate::domain::ta_request::StoredRequest;

/// The completed requests of the same country (a government's request) or organisation
/// that `request` may follow up, but itself: `(id, reference, label)`, newest first.
async fn candidates(
    conn: &mut sqlx::AnyConnection,
    request: &StoredRequest,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let (column, value) = match (&request.institution.country, &request.institution.organisation) {
        (Some(country), _) if request.institution.is_government() => ("country_iso3", country),
        (_, Some(organisation)) => ("organisation_code", organisation),
        _ => return Ok(Vec::new()),
    };
    sqlx::query(&format!(
        "SELECT id, reference, institution, submitted_at FROM ta_requests
         WHERE {column} = $1 AND stage = $2 AND id <> $3 ORDER BY submitted_at DESC, id DESC"
    ))
    .bind(value)
    .bind(Stage::Completed.as_str())
    .bind(request.id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let reference: String = r.try_get(1)?;
        let submitted: String = r.try_get(3)?;
        let label =
            format!("{reference} · {} ({})", r.try_get::<String, _>(2)?, submitted.get(..4).unwrap_or_default());
        Ok((r.try_get(0)?, reference, label))
    })
    .collect()
}

/// The reference of the request `request_id` follows up, if any.
async fn followed(conn: &mut sqlx::AnyConnection, request_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT e.reference FROM ta_requests r JOIN ta_requests e ON e.id = r.follows_id WHERE r.id = $1")
        .bind(request_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// The reference of the request `request_id` follows up, as its tracking page names it.
pub async fn follows(pool: &Pool, request_id: i64) -> Result<Option<String>, sqlx::Error> {
    followed(&mut *pool.acquire().await?, request_id).await
}

/// What `request` is linked with, and what it could follow.
pub async fn follow_ups(pool: &Pool, request: &StoredRequest) -> Result<FollowUps, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let follows = followed(&mut conn, request.id).await?;
    let followed_by = sqlx::query("SELECT reference FROM ta_requests WHERE follows_id = $1 ORDER BY id")
        .bind(request.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let candidates =
        candidates(&mut conn, request).await?.into_iter().map(|(_, reference, label)| (reference, label)).collect();
    Ok(FollowUps { follows, followed_by, candidates })
}

/// Links `request` to the one it follows (`None`: unlinks it), audited with the reference
/// before and after. `false` when `follows` is no longer one it may follow.
pub async fn link_follow_up(
    pool: &Pool,
    request: &StoredRequest,
    follows: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx: WriteTx = crate::db::begin(pool).await?;
    let follows_id = match follows {
        Some(reference) => {
            let found = candidates(&mut tx, request).await?.into_iter().find(|(_, r, _)| r == reference);
            let Some((id, _, _)) = found else { return Ok(false) };
            Some(id)
        }
        None => None,
    };
    let before = followed(&mut tx, request.id).await?;
    sqlx::query("UPDATE ta_requests SET follows_id = $1, updated_at = $2 WHERE id = $3")
        .bind(follows_id)
        .bind(now)
        .bind(request.id)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, actor, "follow_up", "ta_request", &request.reference, before.as_deref(), follows).await?;
    tx.commit().await?;
    Ok(true)
}

//! Counters behind the rate limits, in the database so that every instance behind a load
//! balancer counts the same hits.

use sqlx::Row;

use super::Pool;

/// Counts one hit of `subject` in `bucket` for the window starting at `window_start` (Unix
/// seconds); returns the hits so far in that window, this one included.
pub async fn hit(pool: &Pool, bucket: &str, subject: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO rate_counters (bucket, subject, window_start, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (bucket, subject, window_start) DO UPDATE SET hits = rate_counters.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(subject)
    .bind(window_start)
    .fetch_one(pool)
    .await?
    .try_get(0)
}

/// The hits of `subject` in `bucket` in the window starting at `window_start`, 0 if none.
pub async fn hits(pool: &Pool, bucket: &str, subject: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_counters WHERE bucket = $1 AND subject = $2 AND window_start = $3")
            .bind(bucket)
            .bind(subject)
            .bind(window_start)
            .fetch_optional(pool)
            .await?;
    Ok(hits.unwrap_or(0))
}

/// Forgets windows that started before `before` (Unix seconds).
pub async fn forget_before(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM rate_counters WHERE window_start < $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected())
}

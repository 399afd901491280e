//! Reference numbers (`TA-2026-0042`): one counter row per kind and year, handed out so that
//! a number is never given twice.
//!
//! On PostgreSQL the counter row is what every submission of a kind writes. Bumped inside
//! the submission's transaction, its row lock would be held until that transaction's commit
//! reached the disk, and submissions would commit one after another (a 2-core machine made
//! 206 such transactions a second against 1,250 without the counter, `pgbench`). So the
//! number is taken on a connection of its own, in a transaction that commits without waiting
//! for the disk (`synchronous_commit = off`), which holds the lock for one statement. That is
//! still durable for any submission that uses the number: PostgreSQL's log is one sequence,
//! and the submission's commit, which does wait, flushes everything logged before it,
//! the counter's commit included. The price: a submission that fails after taking its
//! number leaves a gap in the sequence.
//!
//! SQLite has one writer at a time anyway (`group_commit`): there the counter is bumped in
//! the writer's own savepoint and a rolled-back submission gives its number back.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use sqlx::{Connection, Executor, Row};

const BUMP: &str = "INSERT INTO reference_counters (kind, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_number = reference_counters.last_number + 1
     RETURNING last_number";

/// Bumps the counter on `conn`, inside whatever transaction it is in.
pub(super) async fn in_transaction(conn: &mut sqlx::AnyConnection, kind: &str, year: i32) -> Result<i64, sqlx::Error> {
    sqlx::query(BUMP).bind(kind).bind(i64::from(year)).fetch_one(conn).await?.try_get(0)
}

/// Bumps the counter on this process's numbering connection to the PostgreSQL database at
/// `url`, opened on first use.
pub(super) async fn on_own_connection(url: &str, kind: &str, year: i32) -> Result<i64, sqlx::Error> {
    let numberer = numberer(url);
    let mut slot = numberer.lock().await;
    if let Some(conn) = slot.as_mut() {
        match in_transaction(conn, kind, year).await {
            Ok(number) => return Ok(number),
            // The connection may have died with the database (a restart): one more try on a
            // new one. Should the failed try have taken a number after all, that is a gap.
            Err(_) => *slot = None,
        }
    }
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    // Only this connection's own commits skip the wait; see the module's comment.
    conn.execute("SET synchronous_commit = off").await?;
    let number = in_transaction(&mut conn, kind, year).await?;
    *slot = Some(conn);
    Ok(number)
}

type Numberer = Arc<tokio::sync::Mutex<Option<sqlx::AnyConnection>>>;

fn numberer(url: &str) -> Numberer {
    static NUMBERERS: LazyLock<Mutex<HashMap<String, Numberer>>> = LazyLock::new(Default::default);
    let mut numberers = NUMBERERS.lock().unwrap_or_else(PoisonError::into_inner);
    numberers.entry(url.to_owned()).or_default().clone()
}

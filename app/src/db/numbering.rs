//! Reference numbers (`TA-2026-0042`): one counter row per kind and year, handed out so that
//! a number is never given twice.
//!
//! On PostgreSQL the counter row is what every submission of a kind writes. Bumped inside
//! the submission's transaction, its row lock would be held until that transaction's commit
//! reached the disk, and submissions would commit one after another (a 2-core machine made
//! 206 such transactions a second against 1,250 without the counter, `pgbench`). So the
//! number is taken before it (`db::begin_numbered`), by the database function
//! `next_reference_number` on a pooled connection: its transaction commits without waiting for the disk
//! (`synchronous_commit` off for that transaction only), which holds the lock for one
//! statement. That is still durable for any submission that uses the number: PostgreSQL's
//! log is one sequence, and the submission's commit, which does wait, flushes everything
//! logged before it, the counter's commit included. The price: a submission that fails
//! after taking its number leaves a gap in the sequence.
//!
//! SQLite has one writer at a time anyway (`group_commit`): there the counter is bumped in
//! the writer's own savepoint and a rolled-back submission gives its number back. A writer
//! that may not need a number (a grant application's resubmission) takes it inside its
//! transaction on both (`WriteTx::next_number`).

use sqlx::Row;

const BUMP: &str = "INSERT INTO reference_counters (kind, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_number = reference_counters.last_number + 1
     RETURNING last_number";

/// Bumps the counter inside the writer's transaction.
pub(super) async fn in_transaction(tx: &mut super::WriteTx, kind: &str, year: i32) -> Result<i64, sqlx::Error> {
    sqlx::query(BUMP).bind(kind).bind(i64::from(year)).fetch_one(&mut **tx).await?.try_get(0)
}

/// Takes the number in a short transaction of its own on the PostgreSQL `pool`.
pub(super) async fn outside_transaction(pool: &super::Pool, kind: &str, year: i32) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT next_reference_number($1, $2)")
        .bind(kind)
        .bind(i64::from(year))
        .fetch_one(pool)
        .await?
        .try_get(0)
}

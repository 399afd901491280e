//! Reference numbers (`app::db::begin_numbered`): concurrent writers never get the same
//! number, even with more writers than pooled connections; SQLite gives back the number of
//! a writer that rolled back, PostgreSQL leaves a gap; numbering goes on after the database
//! drops its connections.

use std::collections::BTreeSet;

use sqlx::Row;

use crate::helpers::Backend;
use crate::on_both_databases;

const KIND: &str = "TEST";

/// Starts `writers` writers side by side; every third rolls back after taking its number.
/// Returns the numbers of those that committed.
async fn take_numbers(pool: &app::db::Pool, writers: usize) -> Vec<i64> {
    let tasks: Vec<_> = (0..writers)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let (tx, number) = app::db::begin_numbered(&pool, KIND, 2026).await.unwrap();
                if i % 3 == 0 {
                    tx.rollback().await.unwrap();
                    None
                } else {
                    tx.commit().await.unwrap();
                    Some(number)
                }
            })
        })
        .collect();
    let mut committed = Vec::new();
    for task in tasks {
        committed.extend(task.await.unwrap());
    }
    committed
}

async fn counter(pool: &app::db::Pool) -> i64 {
    sqlx::query("SELECT last_number FROM reference_counters WHERE kind = $1 AND year = 2026")
        .bind(KIND)
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0)
}

on_both_databases!(concurrent_writers_never_share_a_number, |app| {
    let pool = app::db::connect(&app.settings.database_url, 8).await.unwrap();
    let writers = 150;
    let committed = take_numbers(&pool, writers).await;
    let distinct: BTreeSet<i64> = committed.iter().copied().collect();
    assert_eq!(distinct.len(), committed.len(), "a number was given twice: {committed:?}");
    assert_eq!(committed.len(), writers - writers.div_ceil(3));
    match app.backend() {
        // Rolled back with its savepoint, a number is given again: no gaps.
        Backend::Sqlite => {
            assert_eq!(distinct, (1..=committed.len() as i64).collect());
            assert_eq!(counter(&pool).await, committed.len() as i64);
        }
        // Taken outside the writer's transaction: the rolled-back writers' numbers are gaps.
        Backend::Postgres => {
            assert_eq!(counter(&pool).await, writers as i64);
            assert!(distinct.iter().all(|n| (1..=writers as i64).contains(n)));
        }
    }
});

on_both_databases!(numbering_goes_on_after_the_database_drops_its_connections, |app| {
    let pool = app::db::connect(&app.settings.database_url, 2).await.unwrap();
    let before = take_numbers(&pool, 3).await;
    if matches!(app.backend(), Backend::Postgres) {
        // As a database restart would: every other connection to this database ends.
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(&pool)
        .await
        .unwrap();
        // A restart takes longer than the second after which pooled connections are checked.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    let (tx, number) = app::db::begin_numbered(&pool, KIND, 2026).await.expect("numbering goes on");
    tx.commit().await.unwrap();
    assert!(before.iter().all(|&earlier| earlier < number), "{before:?} then {number}");
});

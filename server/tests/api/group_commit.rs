//! SQLite's group commit (`app::db::group_commit`): concurrent writers share transactions,
//! yet each gets its own outcome, only after its work is committed; a writer that rolls back,
//! fails a statement, is dropped half-way or is cancelled undoes only its own work.

use std::time::Duration;

use sqlx::Row;

use crate::helpers::{fresh_database, Backend};

async fn fresh_table() -> (String, app::db::Pool) {
    let url = fresh_database(Backend::Sqlite).await.expect("SQLite is always there");
    let pool = app::db::connect(&url, 4).await.unwrap();
    sqlx::query("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)").execute(&pool).await.unwrap();
    (url, pool)
}

async fn insert(tx: &mut app::db::WriteTx, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO notes (text) VALUES ($1)").bind(text).execute(&mut **tx).await.map(|_| ())
}

async fn stored(pool: &app::db::Pool) -> Vec<String> {
    let rows = sqlx::query("SELECT text FROM notes ORDER BY text").fetch_all(pool).await.unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_share_commits_and_each_hears_its_own_outcome() {
    let (url, pool) = fresh_table().await;
    // Another connection, as another process would read the file.
    let reader = app::db::connect(&url, 1).await.unwrap();
    let writers = 400;
    let tasks: Vec<_> = (0..writers)
        .map(|i| {
            let (pool, reader) = (pool.clone(), reader.clone());
            tokio::spawn(async move {
                let text = format!("note {i:03}");
                let mut tx = app::db::begin(&pool).await.unwrap();
                insert(&mut tx, &text).await.unwrap();
                match i % 4 {
                    0 => {
                        tx.commit().await.unwrap();
                        let seen: i64 = sqlx::query("SELECT COUNT(*) FROM notes WHERE text = $1")
                            .bind(&text)
                            .fetch_one(&reader)
                            .await
                            .unwrap()
                            .get(0);
                        assert_eq!(seen, 1, "{text}: acknowledged, so committed");
                    }
                    1 => tx.rollback().await.unwrap(),
                    2 => drop(tx),
                    _ => {
                        // A failed statement undoes nothing else: the first insert stays.
                        assert!(insert(&mut tx, &text).await.is_err(), "the same note twice");
                        tx.commit().await.unwrap();
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let expected: Vec<String> =
        (0..writers).filter(|i| i % 4 == 0 || i % 4 == 3).map(|i| format!("note {i:03}")).collect();
    assert_eq!(stored(&reader).await, expected);
    let transactions = app::db::sqlite_writer(&url).commits();
    assert!(
        transactions < writers / 2,
        "{} committing writers took {transactions} transactions: they were not grouped",
        writers / 2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_writer_undoes_only_its_own_work_and_blocks_nobody() {
    let (_, pool) = fresh_table().await;
    let mut first = app::db::begin(&pool).await.unwrap();
    insert(&mut first, "kept").await.unwrap();

    // Cancelled while its turn is open: its request went away mid-work.
    let holder = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut tx = app::db::begin(&pool).await.unwrap();
            insert(&mut tx, "cancelled mid-work").await.unwrap();
            tokio::time::sleep(Duration::from_secs(3600)).await;
            tx.commit().await
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The first writer hands the batch on to the queued one and waits for the commit.
    let committed = tokio::spawn(first.commit());
    tokio::time::sleep(Duration::from_millis(200)).await;
    holder.abort();
    // Another one cancelled while queued for a turn.
    let _ = tokio::time::timeout(Duration::from_millis(1), app::db::begin(&pool)).await;

    tokio::time::timeout(Duration::from_secs(5), committed).await.expect("not left waiting").unwrap().unwrap();
    let mut last = tokio::time::timeout(Duration::from_secs(5), app::db::begin(&pool))
        .await
        .expect("the turn is free again")
        .unwrap();
    insert(&mut last, "after").await.unwrap();
    last.commit().await.unwrap();
    assert_eq!(stored(&pool).await, ["after", "kept"]);
}

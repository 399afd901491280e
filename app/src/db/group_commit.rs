//! Group commit for SQLite. SQLite has one writer at a time and, with `synchronous=FULL`,
//! waits for the disk at every commit. Here the writers of this process take turns on one
//! connection, each inside a savepoint of a transaction they share; the transaction commits,
//! with one wait for the disk, when no writer is queued for a turn or the batch is full. A
//! writer is told its work committed only after that commit: nothing is acknowledged before
//! it is on disk, and a failed commit fails every writer of the batch.
//!
//! A writer that rolls back undoes only its savepoint. A writer dropped half-way (an error
//! returned early, a cancelled request) leaves its savepoint open; whoever takes the next turn
//! rolls it back first, and a clean-up task does when nobody is queued.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Executor};
use tokio::sync::{watch, Mutex, OwnedMutexGuard};

use super::Pool;

/// Writers in one transaction at most: bounds how long the first of them waits.
const LARGEST_BATCH: usize = 32;
/// How long a writer that handed its batch on waits before finishing it itself: the writer it
/// handed on to may have been cancelled while queued.
const HAND_OVER_WAIT: Duration = Duration::from_millis(100);

/// This process's writer to one SQLite file.
#[derive(Default)]
pub struct Writer {
    turn: Arc<Mutex<Shared>>,
    /// Writers queued for a turn: while any are, a finished writer leaves the batch open.
    queued: AtomicUsize,
    /// Transactions committed (for tests: fewer than writers means batches formed).
    commits: AtomicUsize,
}

#[derive(Default)]
struct Shared {
    connection: Option<PoolConnection<Any>>,
    batch: Option<Arc<Batch>>,
    /// A writer left its savepoint open.
    abandoned: bool,
}

/// One shared transaction; its outcome is sent once it commits or fails.
struct Batch {
    writers: AtomicUsize,
    outcome: watch::Sender<Option<Result<(), String>>>,
}

impl Batch {
    fn new() -> Arc<Batch> {
        Arc::new(Batch { writers: AtomicUsize::new(0), outcome: watch::channel(None).0 })
    }
}

/// A writer's turn: the shared connection, inside its own savepoint.
pub struct Turn {
    guard: Option<OwnedMutexGuard<Shared>>,
    writer: Arc<Writer>,
}

/// Counts a writer as queued while it waits for its turn, even if it is cancelled.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Writer {
    /// Transactions this writer committed.
    pub fn commits(&self) -> usize {
        self.commits.load(Ordering::Acquire)
    }

    fn nobody_queued(&self) -> bool {
        self.queued.load(Ordering::Acquire) == 0
    }

    /// Waits for a turn and opens a savepoint, in the open batch or a new one.
    pub async fn begin(self: &Arc<Self>, pool: &Pool) -> Result<Turn, sqlx::Error> {
        let mut guard = {
            self.queued.fetch_add(1, Ordering::AcqRel);
            let _queued = Queued(&self.queued);
            self.turn.clone().lock_owned().await
        };
        self.undo_abandoned(&mut guard).await;
        if guard.connection.is_none() {
            guard.connection = Some(pool.acquire().await?);
        }
        let shared = &mut *guard;
        let connection = shared.connection.as_mut().expect("acquired above");
        if shared.batch.is_none() {
            // Marked open first: cancelled during BEGIN, the next writer must not begin again.
            shared.batch = Some(Batch::new());
            if let Err(error) = connection.execute("BEGIN IMMEDIATE").await {
                shared.batch = None;
                return Err(error);
            }
        }
        if let Err(error) = connection.execute("SAVEPOINT writer").await {
            // The batch's other writers hear the failure through its outcome.
            let _ = self.finish_batch(shared, Some(&error)).await;
            return Err(error);
        }
        shared.abandoned = true;
        Ok(Turn { guard: Some(guard), writer: self.clone() })
    }

    /// Rolls back a savepoint its writer left open. When that fails, the transaction is
    /// gone (SQLite rolls it all back on some errors): the batch fails.
    async fn undo_abandoned(&self, shared: &mut Shared) {
        if !shared.abandoned {
            return;
        }
        shared.abandoned = false;
        let Some(connection) = shared.connection.as_mut() else { return };
        if let Err(error) = connection.execute("ROLLBACK TO writer; RELEASE writer").await {
            let _ = self.finish_batch(shared, Some(&error)).await;
        }
    }

    /// Ends the open batch: commits it, or, after `failure`, rolls it back; tells its
    /// writers, and gives the connection back when nobody is queued.
    async fn finish_batch(&self, shared: &mut Shared, failure: Option<&sqlx::Error>) -> Result<(), String> {
        let Some(batch) = shared.batch.take() else { return Ok(()) };
        let told = Told(batch);
        let mut outcome = match failure {
            Some(error) => Err(error.to_string()),
            None => Ok(()),
        };
        match shared.connection.as_mut() {
            // Cannot happen (a batch opens on a connection), but never report it committed.
            None => outcome = Err("the connection was lost".into()),
            Some(connection) => {
                if outcome.is_ok() {
                    outcome = connection.execute("COMMIT").await.map(|_| ()).map_err(|e| e.to_string());
                }
                if outcome.is_err() {
                    // Whatever is left of the transaction must not stay open.
                    let _ = connection.execute("ROLLBACK").await;
                    shared.connection = None;
                } else {
                    self.commits.fetch_add(1, Ordering::AcqRel);
                }
            }
        }
        if self.nobody_queued() {
            shared.connection = None;
        }
        told.0.outcome.send_replace(Some(outcome.clone()));
        outcome
    }
}

/// Makes sure a batch's writers hear an outcome: one interrupted while finishing (its request
/// was cancelled) may or may not have committed, so its writers are told it failed.
struct Told(Arc<Batch>);

impl Drop for Told {
    fn drop(&mut self) {
        self.0.outcome.send_if_modified(|outcome| {
            let unset = outcome.is_none();
            if unset {
                *outcome = Some(Err("interrupted while committing".into()));
            }
            unset
        });
    }
}

impl std::ops::Deref for Turn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.guard.as_ref().and_then(|g| g.connection.as_deref()).expect("a turn holds the connection")
    }
}

impl std::ops::DerefMut for Turn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.guard.as_mut().and_then(|g| g.connection.as_deref_mut()).expect("a turn holds the connection")
    }
}

impl Turn {
    /// Releases the savepoint and returns once the batch holding it is committed.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let (mut guard, writer) = (self.guard.take().expect("a turn is ended once"), self.writer.clone());
        let shared = &mut *guard;
        let connection = shared.connection.as_mut().expect("a turn holds the connection");
        if let Err(error) = connection.execute("RELEASE writer").await {
            writer.undo_abandoned(shared).await;
            return Err(error);
        }
        shared.abandoned = false;
        let batch = shared.batch.clone().expect("a turn runs in a batch");
        let writers = batch.writers.fetch_add(1, Ordering::AcqRel) + 1;
        if writer.nobody_queued() || writers >= LARGEST_BATCH {
            return writer.finish_batch(shared, None).await.map_err(committed_nothing);
        }
        let mut outcome = batch.outcome.subscribe();
        drop(guard);
        loop {
            if let Ok(Ok(done)) =
                tokio::time::timeout(HAND_OVER_WAIT, outcome.wait_for(|outcome| outcome.is_some())).await
            {
                return done.clone().unwrap_or(Ok(())).map_err(committed_nothing);
            }
            // Nobody finished the batch in time (the writer it was handed to may have been
            // cancelled while queued): finish it here if it is still open.
            let mut guard = writer.turn.clone().lock_owned().await;
            if guard.batch.as_ref().is_some_and(|open| Arc::ptr_eq(open, &batch)) {
                writer.undo_abandoned(&mut guard).await;
                return writer.finish_batch(&mut guard, None).await.map_err(committed_nothing);
            }
        }
    }

    /// Undoes this writer's work only; the batch goes on for the others.
    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        let (mut guard, writer) = (self.guard.take().expect("a turn is ended once"), self.writer.clone());
        writer.undo_abandoned(&mut guard).await;
        if writer.nobody_queued() {
            writer.finish_batch(&mut guard, None).await.map_err(committed_nothing)?;
        }
        Ok(())
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        // Ended without commit or rollback: undo it now unless the next writer will.
        let Some(mut guard) = self.guard.take() else { return };
        let writer = self.writer.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                writer.undo_abandoned(&mut guard).await;
                if writer.nobody_queued() {
                    let _ = writer.finish_batch(&mut guard, None).await;
                }
            });
        }
    }
}

fn committed_nothing(error: String) -> sqlx::Error {
    sqlx::Error::Protocol(format!("the shared transaction did not commit: {error}"))
}

//! Database access (server only). One binary speaks SQLite and PostgreSQL through sqlx's
//! `Any` driver; the URL's scheme picks the backend and its migration folder.

pub mod addresses;
pub mod assignments;
pub mod audit;
pub mod drafts;
pub mod files;
pub mod grants;
pub mod group_commit;
pub mod housekeeping;
pub mod intervention_texts;
pub mod interventions;
pub mod my_work;
mod numbering;
pub mod outbox;
pub mod password_resets;
pub mod rate;
pub mod roster;
pub mod seed;
pub mod sessions;
pub mod staff;
pub mod staff_interventions;
pub mod ta_requests;
pub mod taxonomy;

use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::{Any, Arguments, Connection, Executor, Transaction};

pub type Pool = sqlx::AnyPool;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a pool was opened on.
    pub fn of_pool(pool: &Pool) -> Option<Backend> {
        Backend::of_url(pool.connect_options().database_url.as_str())
    }

    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Opens a pool. SQLite gets WAL and full fsync (an acknowledged write survives power loss)
/// and a busy timeout; foreign keys are on by sqlx's default.
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)
        .ok_or_else(|| sqlx::Error::Configuration("DATABASE_URL must start with sqlite: or postgres:".into()))?;
    let mut options = AnyPoolOptions::new().max_connections(max_connections);
    if backend == Backend::Postgres {
        refuse_unverified_remote_postgres(url)?;
        // sqlx checks a connection each time it goes back to the pool; checking it again
        // when it is taken costs another round trip per use. Only a connection that has sat
        // unused long enough for the database to have gone away meanwhile (a restart) is
        // checked before use.
        options = options.test_before_acquire(false).before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= RECHECK_IDLE_CONNECTIONS_AFTER {
                    conn.ping().await?;
                }
                Ok(true)
            })
        });
    }
    if backend == Backend::Sqlite {
        // A SQLite connection is a file in this process and cannot drop like a network
        // connection; checking it before each use costs a round trip to its worker thread.
        options = options.test_before_acquire(false).after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;")
                    .await?;
                Ok(())
            })
        });
    }
    options.connect(url).await
}

/// After an erasure, removes what the deleted rows left in the database's files as far as the
/// backend allows. SQLite overwrites deleted content with zeros (`secure_delete`, set on every
/// connection), but the WAL still holds the pages as they were before: it is copied into the
/// database and truncated. PostgreSQL keeps dead rows until a vacuum: `tables` are vacuumed
/// (what stays where, and for how long, is in `docs/SECURITY.md`).
pub async fn scrub_deleted(pool: &Pool, tables: &[&str]) -> Result<(), sqlx::Error> {
    match Backend::of_pool(pool) {
        Some(Backend::Sqlite) => {
            let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(pool).await?;
            let busy: i64 = sqlx::Row::try_get(&row, 0)?;
            if busy != 0 {
                tracing::warn!("the WAL could not be truncated after an erasure (readers busy); the next one will");
            }
        }
        Some(Backend::Postgres) => {
            for table in tables {
                sqlx::query(&format!("VACUUM {table}")).execute(pool).await?;
            }
        }
        None => {}
    }
    Ok(())
}

/// A PostgreSQL server on another host is reached only over TLS with its certificate checked
/// (`sslmode=verify-full` or `verify-ca`): sqlx's default, `prefer`, would fall back to plain
/// text, and `require` would not notice an impostor. A Unix socket or the loopback
/// interface never leaves the machine, so they may go without.
fn refuse_unverified_remote_postgres(url: &str) -> Result<(), sqlx::Error> {
    use sqlx::postgres::{PgConnectOptions, PgSslMode};
    let options: PgConnectOptions = url.parse()?;
    let local = options.get_socket().is_some()
        || ["localhost", "127.0.0.1", "::1", "[::1]"].contains(&options.get_host())
        || options.get_host().starts_with('/');
    if local || matches!(options.get_ssl_mode(), PgSslMode::VerifyFull | PgSslMode::VerifyCa) {
        return Ok(());
    }
    Err(sqlx::Error::Configuration(
        format!(
            "DATABASE_URL names PostgreSQL on {}, another host: add sslmode=verify-full to it (and \
             sslrootcert=FILE if its certificate is from a private authority), so that the connection \
             is encrypted and the server's certificate is checked",
            options.get_host()
        )
        .into(),
    ))
}

/// How long a pooled PostgreSQL connection may sit unused and still be taken unchecked.
const RECHECK_IDLE_CONNECTIONS_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

static COMMITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many write transactions this process has committed. Whatever staff and the public
/// change goes through one, so a page rendered before the count moved may be stale.
pub fn commits() -> u64 {
    COMMITS.load(std::sync::atomic::Ordering::Acquire)
}

/// A transaction that writes. Use it as the connection (`&mut *tx`) and `commit` it; dropped
/// uncommitted, it rolls back.
pub struct WriteTx {
    work: Work,
    /// Audit records written in this transaction, logged once it commits.
    audited: Vec<audit::Audited>,
}

enum Work {
    /// PostgreSQL: a transaction of its own.
    Own(Transaction<'static, Any>),
    /// SQLite: a savepoint in the transaction this process's writers share (`group_commit`).
    Shared(group_commit::Turn),
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        match &self.work {
            Work::Own(tx) => tx,
            Work::Shared(turn) => turn,
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        match &mut self.work {
            Work::Own(tx) => tx,
            Work::Shared(turn) => turn,
        }
    }
}

impl WriteTx {
    /// Commits, then logs the audit records it wrote as security events (never before:
    /// a record rolled back did not happen). Returns once the work is on disk.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.work {
            Work::Own(tx) => tx.commit().await?,
            Work::Shared(turn) => turn.commit().await?,
        }
        COMMITS.fetch_add(1, std::sync::atomic::Ordering::Release);
        for record in &self.audited {
            record.log();
        }
        Ok(())
    }

    /// Hands out the next number of `kind` for `year` in this transaction: rolled back, it
    /// is given again. Where many writers number at once, `begin_numbered` waits less.
    pub async fn next_number(&mut self, kind: &str, year: i32) -> Result<i64, sqlx::Error> {
        numbering::in_transaction(self, kind, year).await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.work {
            Work::Own(tx) => tx.rollback().await,
            Work::Shared(turn) => turn.rollback().await,
        }
    }
}

/// Starts a transaction that will write.
///
/// On SQLite, which has one writer at a time, the writers of this process take turns on one
/// connection and share a transaction, each in a savepoint, that commits once for all of
/// them (`group_commit`). PostgreSQL runs writers side by side, each in its own transaction.
pub async fn begin(pool: &Pool) -> Result<WriteTx, sqlx::Error> {
    let work = match Backend::of_pool(pool) {
        Some(Backend::Sqlite) => {
            Work::Shared(sqlite_writer(pool.connect_options().database_url.as_str()).begin(pool).await?)
        }
        _ => Work::Own(pool.begin().await?),
    };
    Ok(WriteTx { work, audited: Vec::new() })
}

/// Starts a transaction that will write and the next number of `kind` for `year` for it
/// (`numbering`: on PostgreSQL the number is taken first, outside the transaction, and a
/// transaction that does not commit leaves a gap).
pub async fn begin_numbered(pool: &Pool, kind: &str, year: i32) -> Result<(WriteTx, i64), sqlx::Error> {
    if Backend::of_pool(pool) == Some(Backend::Postgres) {
        let number = numbering::outside_transaction(pool, kind, year).await?;
        return Ok((begin(pool).await?, number));
    }
    let mut tx = begin(pool).await?;
    let number = tx.next_number(kind, year).await?;
    Ok((tx, number))
}

/// This process's writer to the SQLite database at `url`.
pub fn sqlite_writer(url: &str) -> std::sync::Arc<group_commit::Writer> {
    static WRITERS: std::sync::LazyLock<
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<group_commit::Writer>>>,
    > = std::sync::LazyLock::new(Default::default);
    let mut writers = WRITERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    writers.entry(url.to_owned()).or_default().clone()
}

/// Applies pending migrations for the pool's backend.
pub async fn migrate(pool: &Pool, url: &str) -> Result<(), sqlx::migrate::MigrateError> {
    match Backend::of_url(url) {
        Some(Backend::Postgres) => POSTGRES_MIGRATIONS.run(pool).await,
        _ => SQLITE_MIGRATIONS.run(pool).await,
    }
}

/// A value bound to a `$n` placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    /// A NULL in a text column.
    Null,
    /// A NULL in an integer column: PostgreSQL types a NULL by what is bound, and refuses a
    /// text NULL in a BIGINT column of a multi-row `VALUES`.
    NullInt,
}

/// Inserts `rows` in one statement (`head` ends in `VALUES `); nothing when there are none.
/// Rows whose number depends on the answers (a request's topics, an application's countries,
/// topics and budget lines) are all written this way: one round trip, whatever their count,
/// while the transaction holds the writer.
pub async fn insert_rows<R: IntoIterator<Item = Value>>(
    tx: &mut WriteTx,
    head: &str,
    rows: Vec<R>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(head);
    sql.bind_rows(rows);
    sql.query().execute(&mut **tx).await?;
    Ok(())
}

/// Builds SQL with numbered `$n` placeholders, which both backends accept (sqlx's
/// `QueryBuilder` writes `?` for `Any`, which PostgreSQL rejects).
#[derive(Clone, Debug, Default)]
pub struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(start: &str) -> Sql {
        Sql { text: start.to_owned(), values: Vec::new() }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Value) -> &mut Self {
        self.values.push(value);
        self.text.push('$');
        self.text.push_str(&self.values.len().to_string());
        self
    }

    pub fn bind_text(&mut self, value: &str) -> &mut Self {
        self.bind(Value::Text(value.to_owned()))
    }

    /// Appends `(p1, p2, ...)` for an `IN` list.
    pub fn bind_list<I: IntoIterator<Item = Value>>(&mut self, values: I) -> &mut Self {
        self.text.push('(');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self.text.push(')');
        self
    }

    /// Appends `(p1, p2), (p3, p4), ...`: the rows of a multi-row `VALUES`.
    pub fn bind_rows<R: IntoIterator<Item = Value>>(&mut self, rows: impl IntoIterator<Item = R>) -> &mut Self {
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind_list(row);
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.text
    }

    pub fn arguments<'q>(&self) -> AnyArguments<'q> {
        let mut args = AnyArguments::default();
        for value in &self.values {
            let added = match value {
                Value::Text(s) => args.add(s.clone()),
                Value::Int(i) => args.add(*i),
                Value::Null => args.add(None::<String>),
                Value::NullInt => args.add(None::<i64>),
            };
            // Adding a String, an i64 or a NULL to AnyArguments cannot fail: they encode infallibly.
            debug_assert!(added.is_ok());
        }
        args
    }

    pub fn query(&self) -> sqlx::query::Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.text, self.arguments())
    }

    pub fn query_as<T>(&self) -> sqlx::query::QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.text, self.arguments())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_binding_order() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind_text("x").push(" AND b IN ").bind_list([Value::Int(1), Value::Int(2)]);
        assert_eq!(sql.sql(), "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
        let mut rows = Sql::new("INSERT INTO t (a, b) VALUES ");
        rows.bind_rows([[Value::Int(1), Value::Null], [Value::Int(2), Value::Null]]);
        assert_eq!(rows.sql(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }

    #[test]
    fn the_url_scheme_picks_the_backend() {
        assert_eq!(Backend::of_url("sqlite://data/portal.db?mode=rwc"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://localhost/test"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://x"), None);
    }

    #[test]
    fn postgres_on_another_host_needs_a_checked_certificate() {
        for local in [
            "postgres://portal@localhost/portal",
            "postgres://portal@127.0.0.1:5432/portal",
            "postgres://portal@[::1]/portal",
            "postgres:///portal?host=/var/run/postgresql",
            "postgres://db.internal/portal?sslmode=verify-full",
            "postgres://10.0.0.5/portal?sslmode=verify-ca&sslrootcert=/etc/portal/db-ca.pem",
        ] {
            assert!(refuse_unverified_remote_postgres(local).is_ok(), "{local}");
        }
        for unsafe_url in [
            "postgres://portal@db.internal/portal",
            "postgres://portal@10.0.0.5/portal?sslmode=prefer",
            "postgres://portal@db.internal/portal?sslmode=require",
            "postgres://portal@db.internal/portal?sslmode=disable",
        ] {
            let refusal = refuse_unverified_remote_postgres(unsafe_url).unwrap_err().to_string();
            assert!(refusal.contains("sslmode=verify-full"), "{unsafe_url}: {refusal}");
        }
    }
}

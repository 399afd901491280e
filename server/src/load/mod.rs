//! `portal seed-load`: a database filled with invented records at the size a programme
//! reaches after years of work, to measure the portal there (bench/scale). At scale 1:
//! 20,000 interventions, 100,000 experts, 50,000 TA requests at every stage, 200 calls with
//! 50,000 applications and their reviews, 1,000,000 audit rows. Added beside the demo data,
//! on a database nobody else writes to meanwhile. The same seed gives the same records.
//!
//! Rows go in many to a statement (`Rows`), with their ids given, so that a million rows
//! take seconds; what they hold is what the portal's own writes would store (the same search
//! text, references numbered per year with their counters moved on, drafts as typed).

mod audit;
mod grants;
mod interventions;
mod invent;
mod requests;
mod roster;

use std::path::Path;

use app::db::{Pool, Sql, Value};
use sqlx::Row;

pub use invent::Invent;

/// How many records of each kind to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub interventions: usize,
    pub experts: usize,
    pub requests: usize,
    pub calls: usize,
    pub applications: usize,
    pub audit_rows: usize,
}

impl Plan {
    /// `scale` times the sizes at scale 1 (at least one of each).
    pub fn at(scale: f64) -> Plan {
        let of = |base: f64| (base * scale).round().max(1.0) as usize;
        Plan {
            interventions: of(20_000.0),
            experts: of(100_000.0),
            requests: of(50_000.0),
            calls: of(200.0),
            applications: of(50_000.0),
            audit_rows: of(1_000_000.0),
        }
    }
}

/// Adds `plan`'s records to a database already holding the reference data and the demo.
pub async fn seed_load(
    pool: &Pool,
    files_dir: &Path,
    taxonomy: &app::domain::taxonomy::Taxonomy,
    plan: Plan,
    seed: u64,
    now: &str,
) -> anyhow::Result<()> {
    let today = time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339)?.date();
    // Drawn from in the order of their codes, which no database collation changes.
    let mut taxonomy = taxonomy.clone();
    taxonomy.countries.sort_by(|a, b| a.term.code.cmp(&b.term.code));
    for terms in
        [&mut taxonomy.all_countries, &mut taxonomy.organisations, &mut taxonomy.topics, &mut taxonomy.programmes]
    {
        terms.sort_by(|a, b| a.code.cmp(&b.code));
    }
    taxonomy.typologies.sort_by(|a, b| a.code.cmp(&b.code));
    taxonomy.ta_typologies.sort();
    let taxonomy = &taxonomy;
    let started = std::time::Instant::now();
    let step = |what: &str| tracing::info!(what, seconds = started.elapsed().as_secs_f32(), "loaded");
    interventions::load(pool, taxonomy, plan.interventions, seed, today).await?;
    step("interventions");
    roster::load(pool, files_dir, taxonomy, plan.experts, seed, today).await?;
    step("experts");
    requests::load(pool, taxonomy, plan.requests, seed, today).await?;
    step("requests");
    grants::load(pool, taxonomy, plan.calls, plan.applications, seed, now).await?;
    step("calls and applications");
    audit::load(pool, plan.audit_rows, seed, today).await?;
    step("audit rows");
    move_identities_on(pool).await?;
    if app::db::Backend::of_pool(pool) == Some(app::db::Backend::Postgres) {
        sqlx::query("ANALYZE").execute(pool).await?;
    } else {
        sqlx::query("PRAGMA optimize").execute(pool).await?;
    }
    Ok(())
}

/// Rows of one table, written many to a statement. Rows are kept until `flush`, which a
/// loader calls every `CHUNK` records for all its tables, parents first, so a child row
/// never reaches the database before the row it points at.
pub(crate) struct Rows {
    head: String,
    columns: usize,
    pending: Vec<Vec<Value>>,
}

/// Records a loader keeps before writing them.
pub(crate) const CHUNK: usize = 2_000;

/// Placeholders per statement (SQLite allows 32,766, PostgreSQL 65,535; the bigger the
/// statement, the longer binding its values takes).
const VALUES_PER_STATEMENT: usize = 3_000;

impl Rows {
    pub fn new(table: &str, columns: &[&str]) -> Rows {
        Rows {
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            columns: columns.len(),
            pending: Vec::new(),
        }
    }

    pub fn add(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns, "{}", self.head);
        self.pending.push(row);
    }

    async fn flush(&mut self, tx: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        let per_statement = (VALUES_PER_STATEMENT / self.columns).max(1);
        let mut pending = std::mem::take(&mut self.pending).into_iter().peekable();
        while pending.peek().is_some() {
            let mut sql = Sql::new(&self.head);
            sql.bind_rows(pending.by_ref().take(per_statement));
            sql.query().execute(&mut *tx).await?;
        }
        Ok(())
    }
}

/// Writes what `tables` hold, in their order (parents first).
pub(crate) async fn flush(tx: &mut sqlx::AnyConnection, tables: &mut [&mut Rows]) -> Result<(), sqlx::Error> {
    for rows in tables.iter_mut() {
        rows.flush(tx).await?;
    }
    Ok(())
}

/// True after the last record of each chunk, and after the very last.
pub(crate) fn chunk_ends(n: usize, count: usize) -> bool {
    (n + 1) % CHUNK == 0 || n + 1 == count
}

/// The id the next row of `table` takes when ids are given: one past the highest.
pub(crate) async fn next_id(pool: &Pool, table: &str) -> Result<i64, sqlx::Error> {
    let max: Option<i64> = sqlx::query(&format!("SELECT MAX(id) FROM {table}")).fetch_one(pool).await?.try_get(0)?;
    Ok(max.unwrap_or(0) + 1)
}

/// The tables whose ids were given; PostgreSQL's identity counters must move past them
/// (SQLite's `AUTOINCREMENT` follows the highest id on its own).
const GIVEN_IDS: [&str; 8] = [
    "interventions",
    "experts",
    "ta_requests",
    "ta_request_events",
    "ta_endorsements",
    "grant_applications",
    "grant_reviews",
    "audit_log",
];

async fn move_identities_on(pool: &Pool) -> Result<(), sqlx::Error> {
    if app::db::Backend::of_pool(pool) != Some(app::db::Backend::Postgres) {
        return Ok(());
    }
    for table in GIVEN_IDS {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        ))
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Moves the reference counter of `kind` for `year` on to `last`, the highest number given.
pub(crate) async fn count_references(
    tx: &mut sqlx::AnyConnection,
    kind: &str,
    year: i32,
    last: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reference_counters (kind, year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (kind, year) DO UPDATE SET last_number = excluded.last_number",
    )
    .bind(kind)
    .bind(year)
    .bind(last)
    .execute(tx)
    .await?;
    Ok(())
}

/// The last reference number handed out for `kind` in each year.
pub(crate) async fn reference_counters(pool: &Pool, kind: &str) -> Result<Vec<(i32, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT year, last_number FROM reference_counters WHERE kind = $1")
        .bind(kind)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)? as i32, r.try_get(1)?))).collect()
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn optional(value: Option<impl Into<String>>) -> Value {
    value.map_or(Value::Null, |v| Value::Text(v.into()))
}

/// An instant as the portal stores it: RFC 3339 in UTC, to the second.
fn instant(day: time::Date, seconds_into_day: i64) -> String {
    crate::auth::rfc3339(day.midnight().assume_utc() + time::Duration::seconds(seconds_into_day.clamp(0, 86_399)))
}

//! Applications to calls for proposals: the working copy behind the secret link, and the
//! submitted version. Submitting is one transaction that checks the deadline, hands out the
//! reference the first time, writes the submitted version with its budget lines, the audit
//! record and the receipt; resubmitting before the deadline replaces the submitted version.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::super::audit::audit;
use super::super::drafts::{self, form_json, form_of, DraftTable};
use super::super::files::FileSlot;
use super::super::outbox::queue_mail;
use super::super::{insert_rows, Pool, Sql, Value};
use crate::domain::form::RawForm;
use crate::domain::grant::{
    call, scoring, ApplicationRow, ApplicationStatus, Call, GrantForm, ReviewState, TrackedApplication,
    APPLICATIONS_PER_PAGE, REFERENCE_PREFIX,
};
use crate::mail::OutgoingMail;

/// An application as its secret link finds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Application {
    pub id: i64,
    pub call_id: i64,
    pub status: ApplicationStatus,
    /// The working copy, as typed.
    pub form: RawForm,
    pub locale: String,
    pub reference: Option<String>,
    /// When the submitted version was last replaced.
    pub submitted_at: Option<String>,
}

/// Applications: the working copy is saved until the call closes or a decision is made
/// (`Found::accepts_changes` in the routes); the submitted version is written apart.
pub const DRAFTS: DraftTable =
    DraftTable { table: "grant_applications", token_column: "draft_token_hash", open: "1 = 1" };

pub async fn create_draft(
    pool: &Pool,
    call_id: i64,
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let columns =
        [("call_id", Value::Int(call_id)), ("status", Value::Text(ApplicationStatus::Draft.as_str().to_owned()))];
    drafts::create(pool, DRAFTS, &columns, token_hash, form, locale, now).await
}

pub async fn find_by_token(pool: &Pool, token_hash: &str) -> Result<Option<Application>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, call_id, status, form_json, locale, reference, submitted_at
         FROM grant_applications WHERE draft_token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Application {
        id: row.try_get(0)?,
        call_id: row.try_get(1)?,
        status: ApplicationStatus::parse(&row.try_get::<String, _>(2)?).unwrap_or(ApplicationStatus::Draft),
        form: form_of(&row.try_get::<String, _>(3)?),
        locale: row.try_get(4)?,
        reference: row.try_get(5)?,
        submitted_at: row.try_get(6)?,
    }))
}

/// What `submit` needs besides the checked form.
pub struct Submission<'a> {
    pub application: &'a Application,
    pub call: &'a Call,
    pub form: &'a GrantForm,
    /// The ACP region the project works in.
    pub region: Option<&'a str>,
    /// Used only at the first submission, which creates the tracking link.
    pub tracking_token_hash: &'a str,
    pub now: &'a str,
    pub year: i32,
}

/// How a submission went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submitted {
    First {
        reference: String,
    },
    /// The submitted version was replaced (same reference).
    Again {
        reference: String,
    },
    /// The deadline passed: nothing was changed but the working copy, already saved.
    TooLate,
}

/// Submits a checked application; `receipt` writes the e-mail once the reference is known
/// (`true`: the first submission).
pub async fn submit(
    pool: &Pool,
    submission: Submission<'_>,
    receipt: impl FnOnce(&str, bool) -> OutgoingMail,
) -> Result<Submitted, sqlx::Error> {
    let Submission { application, call, form, region, tracking_token_hash, now, year } = submission;
    let mut tx = crate::db::begin(pool).await?;
    // Writing first makes a concurrent submission of the same application wait for this one.
    sqlx::query("UPDATE grant_applications SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(application.id)
        .execute(&mut *tx)
        .await?;
    // The deadline, read inside the transaction: the call's row is the authority.
    let closes_at: String = sqlx::query("SELECT closes_at FROM grant_calls WHERE id = $1")
        .bind(call.id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    let in_time = match (call::parse_instant(now), call::parse_instant(&closes_at)) {
        (Some(now), Some(closes)) => now <= closes,
        _ => false,
    };
    if !in_time {
        tx.rollback().await?;
        return Ok(Submitted::TooLate);
    }
    let existing: Option<String> = sqlx::query("SELECT reference FROM grant_applications WHERE id = $1")
        .bind(application.id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    let first = existing.is_none();
    let reference = match existing {
        Some(reference) => reference,
        None => {
            let number = tx.next_number(REFERENCE_PREFIX, year).await?;
            let reference = format!("{REFERENCE_PREFIX}-{year}-{number:04}");
            sqlx::query(
                "UPDATE grant_applications SET reference = $1, tracking_token_hash = $2, first_submitted_at = $3
                 WHERE id = $4",
            )
            .bind(&reference)
            .bind(tracking_token_hash)
            .bind(now)
            .bind(application.id)
            .execute(&mut *tx)
            .await?;
            reference
        }
    };
    write_submitted_version(&mut tx, application, form, region, now).await?;
    let action = if first { "grant_application.submit" } else { "grant_application.resubmit" };
    let from = if first { ApplicationStatus::Draft } else { ApplicationStatus::Submitted };
    audit(&mut tx, now, "applicant", action, "grant_application", &reference, Some(from.as_str()), Some("submitted"))
        .await?;
    queue_mail(&mut tx, &receipt(&reference, first), now).await?;
    tx.commit().await?;
    Ok(if first { Submitted::First { reference } } else { Submitted::Again { reference } })
}

async fn write_submitted_version(
    tx: &mut crate::db::WriteTx,
    application: &Application,
    form: &GrantForm,
    region: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    let (organisation, project, budget) = (&form.organisation, &form.project, &form.budget);
    let figures = budget.running_figures();
    let number = |text: &Option<String>| text.as_deref().and_then(|t| t.trim().parse::<i64>().ok());
    sqlx::query(
        "UPDATE grant_applications SET status = $1, submitted_json = $2, legal_name = $3, org_type = $4,
             registration_country = $5, contact_email = $6, project_title = $7, typology_code = $8, region_code = $9,
             total_cents = $10, cofunding_cents = $11, requested_cents = $12, people_reached = $13,
             duration_months = $14, submitted_at = $15
         WHERE id = $16",
    )
    .bind(ApplicationStatus::Submitted.as_str())
    .bind(form_json(&application.form))
    .bind(organisation.legal_name.clone())
    .bind(organisation.org_type.clone())
    .bind(organisation.registration_country.clone())
    .bind(organisation.contact_email.clone())
    .bind(project.project_title.clone())
    .bind(project.typology.clone())
    .bind(region)
    .bind(figures.total_cents)
    .bind(figures.cofunding_cents)
    .bind(figures.requested_cents)
    .bind(number(&project.people_reached))
    .bind(number(&project.duration_months))
    .bind(now)
    .bind(application.id)
    .execute(&mut **tx)
    .await?;
    for table in ["grant_application_countries", "grant_application_topics", "grant_budget_lines"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE application_id = $1"))
            .bind(application.id)
            .execute(&mut **tx)
            .await?;
    }
    // The certificate goes with the version (a file it replaces is swept once unreferenced).
    sqlx::query("DELETE FROM grant_submitted_certificates WHERE application_id = $1")
        .bind(application.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO grant_submitted_certificates (application_id, original_name, stored_name, size_bytes, sha256, uploaded_at)
         SELECT application_id, original_name, stored_name, size_bytes, sha256, uploaded_at
         FROM grant_certificates WHERE application_id = $1",
    )
    .bind(application.id)
    .execute(&mut **tx)
    .await?;
    let id = Value::Int(application.id);
    let countries = project.countries.iter().map(|iso3| [id.clone(), Value::Text(iso3.clone())]).collect();
    insert_rows(tx, "INSERT INTO grant_application_countries (application_id, iso3) VALUES ", countries).await?;
    let topics = project.topics.iter().map(|topic| [id.clone(), Value::Text(topic.clone())]).collect();
    insert_rows(tx, "INSERT INTO grant_application_topics (application_id, topic_code) VALUES ", topics).await?;
    let lines = budget
        .lines()
        .into_iter()
        .enumerate()
        .map(|(position, line)| {
            [
                id.clone(),
                Value::Int(position as i64 + 1),
                Value::Text(line.category),
                Value::Text(line.description),
                Value::Int(line.amount_cents),
            ]
        })
        .collect();
    let head = "INSERT INTO grant_budget_lines (application_id, position, category, description, amount_cents) VALUES ";
    insert_rows(tx, head, lines).await
}

/// The application behind a tracking link, with its call.
pub async fn tracked(pool: &Pool, tracking_token_hash: &str) -> Result<Option<TrackedApplication>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT reference, status, call_id, legal_name, project_title, requested_cents, first_submitted_at, submitted_at
         FROM grant_applications WHERE tracking_token_hash = $1",
    )
    .bind(tracking_token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let Some(call) = super::calls::find(pool, row.try_get(2)?).await? else { return Ok(None) };
    Ok(Some(TrackedApplication {
        reference: row.try_get(0)?,
        status: ApplicationStatus::parse(&row.try_get::<String, _>(1)?).unwrap_or(ApplicationStatus::Submitted),
        call,
        legal_name: row.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
        project_title: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
        requested_cents: row.try_get::<Option<i64>, _>(5)?.unwrap_or(0),
        first_submitted_at: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
        submitted_at: row.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
    }))
}

fn row_of(row: &AnyRow) -> Result<ApplicationRow, sqlx::Error> {
    Ok(ApplicationRow {
        reference: row.try_get(0)?,
        status: ApplicationStatus::parse(&row.try_get::<String, _>(1)?).unwrap_or(ApplicationStatus::Submitted),
        legal_name: row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
        project_title: row.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
        requested_cents: row.try_get::<Option<i64>, _>(4)?.unwrap_or(0),
        total_cents: row.try_get::<Option<i64>, _>(5)?.unwrap_or(0),
        submitted_at: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
        countries: Vec::new(),
        average_tenths: None,
        spread_tenths: 0,
        reviews: 0,
        missing: 0,
        declare_first: false,
    })
}

/// A call's submitted applications (drafts are the applicants' own) that `reader` may see,
/// with the reader's own review state: the management unit's ranking (best average first,
/// unscored last, then oldest) for an administrator, oldest first for a reviewer. One page
/// (`Some(n)`, 1-based) or every row, and how many there are in all.
///
/// Who sees what is `pages::grants::review::Access`: a reviewer's own declaration decides
/// (a conflict hides it), and without one only the management unit sees it. The condition
/// below says the same in SQL, so the page and its count agree.
pub async fn submitted_to(
    pool: &Pool,
    call_id: i64,
    reader: &crate::domain::staff::StaffUser,
    page: Option<i64>,
) -> Result<(Vec<(ApplicationRow, Option<ReviewState>)>, i64), sqlx::Error> {
    let admin = reader.role == crate::domain::staff::Role::Admin;
    // The management unit's ranking joins each application's mean of scored reviews.
    let selected = |select: &str, ranked: bool| {
        let mut sql = Sql::new(&format!("SELECT {select} FROM grant_applications a"));
        if ranked {
            sql.push(" LEFT JOIN (SELECT application_id, AVG(total_tenths) AS mean FROM grant_reviews WHERE state = ")
                .bind_text(ReviewState::Scored.as_str())
                .push(" GROUP BY application_id) scored ON scored.application_id = a.id");
        }
        sql.push(" LEFT JOIN grant_reviews own ON own.application_id = a.id AND own.reviewer_id = ")
            .bind(Value::Int(reader.id))
            .push(" WHERE a.call_id = ")
            .bind(Value::Int(call_id));
        sql.push(" AND a.reference IS NOT NULL AND (own.state IN ")
            .bind_list(
                [ReviewState::Assigned, ReviewState::Clear, ReviewState::Scored]
                    .map(|state| Value::Text(state.as_str().to_owned())),
            )
            .push(&format!(" OR (own.id IS NULL AND {}))", if admin { "1 = 1" } else { "1 = 0" }));
        sql
    };
    let total: i64 = selected("COUNT(*)", false).query().fetch_one(pool).await?.try_get(0)?;
    let mut sql = selected(
        "a.reference, a.status, a.legal_name, a.project_title, a.requested_cents, a.total_cents,
         a.first_submitted_at, a.id, own.state",
        admin,
    );
    if admin {
        sql.push(
            " ORDER BY CASE WHEN scored.mean IS NULL THEN 1 ELSE 0 END, scored.mean DESC, a.first_submitted_at, a.id",
        );
    } else {
        sql.push(" ORDER BY a.first_submitted_at, a.id");
    }
    if let Some(page) = page {
        sql.push(" LIMIT ")
            .bind(Value::Int(APPLICATIONS_PER_PAGE))
            .push(" OFFSET ")
            .bind(Value::Int((page.max(1) - 1) * APPLICATIONS_PER_PAGE));
    }
    let rows = sql.query().fetch_all(pool).await?;
    let mut applications = Vec::with_capacity(rows.len());
    let mut by_id = HashMap::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let own = row.try_get::<Option<String>, _>(8)?.and_then(|state| ReviewState::parse(&state));
        applications.push((row_of(row)?, own));
        by_id.insert(row.try_get::<i64, _>(7)?, index);
    }
    if by_id.is_empty() {
        return Ok((applications, total));
    }
    let ids = || by_id.keys().map(|id| Value::Int(*id));
    let mut sql = Sql::new("SELECT application_id, iso3 FROM grant_application_countries WHERE application_id IN ");
    sql.bind_list(ids()).push(" ORDER BY iso3");
    for row in sql.query().fetch_all(pool).await? {
        if let Some(index) = by_id.get(&row.try_get::<i64, _>(0)?) {
            applications[*index].0.countries.push(row.try_get(1)?);
        }
    }
    // Where each stands: the totals of scored reviews, and the reviews still expected.
    let mut totals: Vec<(Vec<u32>, usize)> = vec![(Vec::new(), 0); applications.len()];
    let mut sql = Sql::new("SELECT application_id, state, total_tenths FROM grant_reviews WHERE application_id IN ");
    sql.bind_list(ids());
    for row in sql.query().fetch_all(pool).await? {
        let Some(index) = by_id.get(&row.try_get::<i64, _>(0)?) else { continue };
        match ReviewState::parse(&row.try_get::<String, _>(1)?) {
            Some(ReviewState::Scored) => {
                totals[*index].0.push(u32::try_from(row.try_get::<Option<i64>, _>(2)?.unwrap_or(0)).unwrap_or(0))
            }
            Some(ReviewState::Assigned | ReviewState::Clear) => totals[*index].1 += 1,
            _ => {}
        }
    }
    for ((application, _), (scored, missing)) in applications.iter_mut().zip(totals) {
        let standing = scoring::standing(&scored, missing);
        application.average_tenths = standing.average_tenths;
        application.spread_tenths = standing.spread_tenths;
        application.reviews = standing.reviews;
        application.missing = standing.missing;
    }
    Ok((applications, total))
}

/// Submitted applications and unfinished drafts per call: `(call_id, submitted, drafts)`.
pub async fn counts_by_call(pool: &Pool) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT call_id, SUM(CASE WHEN reference IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN reference IS NULL THEN 1 ELSE 0 END)
         FROM grant_applications GROUP BY call_id",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
    .collect()
}

/// Which of an application's certificates: the applicant's working copy, or the one that
/// went with the last submission (what staff read and download).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateOf {
    Working,
    Submitted,
}

impl CertificateOf {
    pub const fn slot(self) -> FileSlot {
        match self {
            // The working copy's file may be the one the last submission carries: it stays.
            CertificateOf::Working => FileSlot {
                table: "grant_certificates",
                owner: "application_id",
                received_at: "uploaded_at",
                replaces: "1 = 1",
                shared_with: Some("grant_submitted_certificates"),
            },
            CertificateOf::Submitted => FileSlot {
                table: "grant_submitted_certificates",
                owner: "application_id",
                received_at: "uploaded_at",
                replaces: "1 = 1",
                shared_with: None,
            },
        }
    }
}

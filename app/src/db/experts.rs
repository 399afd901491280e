//! The expert roster: applications (a profile in the `draft` status), submission, address
//! confirmation and the CV. Submission is one transaction: the searchable columns and
//! tables, the consent record, the confirmation link and its e-mail, and the audit record.

use sqlx::{Any, Row, Transaction};

use super::audit::audit;
use super::interventions::{code_counts, escape_like};
use super::outbox::queue_expert_mail;
use super::ta_requests::NewAttachment;
use super::{Pool, Sql, Value};
use crate::domain::expert::{level_rank, ExpertForm, ExpertRecord, ExpertStatus, LinkPurpose, PRIVACY_VERSION};
use crate::domain::form::RawForm;
use crate::domain::roster::{RosterFigures, RosterFilter, RosterRow};
use crate::domain::ta_request::Attachment;
use crate::domain::taxonomy::fold;
use crate::mail::OutgoingMail;

/// How an expert appears in the audit log (never by name: the log outlives erasure).
pub const EXPERT: &str = "expert";

fn to_json(form: &RawForm) -> String {
    // A list of strings and lists of strings always serialises.
    serde_json::to_string(form).unwrap_or_else(|_| "[]".into())
}

fn record_id(id: i64) -> String {
    id.to_string()
}

/// Starts an application with the answers of its first step.
pub async fn create_draft(
    pool: &Pool,
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO experts (status, draft_token_hash, form_json, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(ExpertStatus::Draft.as_str())
    .bind(token_hash)
    .bind(to_json(form))
    .bind(locale)
    .bind(now)
    .fetch_one(pool)
    .await?
    .try_get(0)
}

/// The application behind a draft link (also once submitted, so a late click can be told).
pub async fn find_by_draft_token(pool: &Pool, token_hash: &str) -> Result<Option<ExpertRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT id, status, form_json, locale FROM experts WHERE draft_token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let status: String = row.try_get(1)?;
    let json: String = row.try_get(2)?;
    Ok(Some(ExpertRecord {
        id,
        status: ExpertStatus::parse(&status).unwrap_or(ExpertStatus::Draft),
        // Only this module writes form_json; an unreadable one is treated as empty.
        form: serde_json::from_str(&json).unwrap_or_default(),
        locale: row.try_get(3)?,
        cv: cv(pool, id).await?,
    }))
}

/// Stores the answers of an application still being filled in.
pub async fn save_draft(pool: &Pool, id: i64, form: &RawForm, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE experts SET form_json = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to_json(form))
        .bind(now)
        .bind(id)
        .bind(ExpertStatus::Draft.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

/// Queues an e-mail about expert `id` on its own (the resume link).
pub async fn send_mail(pool: &Pool, id: i64, mail: &OutgoingMail, now: &str) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    queue_expert_mail(&mut tx, mail, id, now).await?;
    tx.commit().await
}

pub async fn cv(pool: &Pool, id: i64) -> Result<Option<Attachment>, sqlx::Error> {
    sqlx::query("SELECT expert_id, original_name, size_bytes FROM expert_cvs WHERE expert_id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok(Attachment { id: r.try_get(0)?, name: r.try_get(1)?, size_bytes: r.try_get(2)? }))
        .transpose()
}

/// The CV's original and stored file names.
pub async fn cv_file(pool: &Pool, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT original_name, stored_name FROM expert_cvs WHERE expert_id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

/// Puts `new` in place of the expert's CV; returns the stored name of the file it replaced,
/// for the caller to delete once this has committed.
pub async fn replace_cv(
    pool: &Pool,
    id: i64,
    new: &NewAttachment<'_>,
    now: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let old: Option<String> = sqlx::query("SELECT stored_name FROM expert_cvs WHERE expert_id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    sqlx::query("DELETE FROM expert_cvs WHERE expert_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO expert_cvs (expert_id, original_name, stored_name, size_bytes, sha256, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(new.original_name)
    .bind(new.stored_name)
    .bind(new.size_bytes)
    .bind(new.sha256)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE experts SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(old)
}

/// What submitting an application did.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// On its way: the confirmation e-mail is queued.
    AwaitingConfirmation,
    /// Another profile has this address. The application was dropped and its owner told
    /// by e-mail (so the form reveals nothing about who is on the roster); the stored name
    /// of its CV is returned for deletion.
    AddressTaken { cv_file: Option<String> },
    /// Submitted before (a second click).
    AlreadySubmitted,
}

/// What submitting writes besides the answers.
pub struct Submission<'a> {
    pub id: i64,
    pub form: &'a ExpertForm,
    pub confirm_token_hash: &'a str,
    pub confirm_expires_at: &'a str,
    pub now: &'a str,
}

/// Submits application `id`. `mails` writes the e-mail to send: the confirmation link, or
/// (with `true`) the note that the address is on the roster already.
pub async fn submit(
    pool: &Pool,
    submission: Submission<'_>,
    mails: impl FnOnce(bool) -> OutgoingMail,
) -> Result<Submitted, sqlx::Error> {
    let Submission { id, form, now, .. } = submission;
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query("UPDATE experts SET updated_at = $1 WHERE id = $2 AND status = $3")
        .bind(now)
        .bind(id)
        .bind(ExpertStatus::Draft.as_str())
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(Submitted::AlreadySubmitted);
    }
    let email = form.identity.email.clone().unwrap_or_default();
    let email_key = email.to_lowercase();
    let holder: Option<i64> = sqlx::query("SELECT id FROM experts WHERE email_key = $1")
        .bind(&email_key)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    if let Some(holder) = holder {
        let cv_file: Option<String> = sqlx::query("SELECT stored_name FROM expert_cvs WHERE expert_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        sqlx::query("DELETE FROM experts WHERE id = $1").bind(id).execute(&mut *tx).await?;
        queue_expert_mail(&mut tx, &mails(true), holder, now).await?;
        tx.commit().await?;
        return Ok(Submitted::AddressTaken { cv_file });
    }
    store_profile(&mut tx, id, form, now).await?;
    sqlx::query("UPDATE experts SET status = $1, email_key = $2, submitted_at = $3 WHERE id = $4")
        .bind(ExpertStatus::Unverified.as_str())
        .bind(&email_key)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO expert_consents (expert_id, policy_version, given_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(PRIVACY_VERSION)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO expert_links (token_hash, expert_id, purpose, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(submission.confirm_token_hash)
    .bind(id)
    .bind(LinkPurpose::ConfirmAddress.as_str())
    .bind(submission.confirm_expires_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    queue_expert_mail(&mut tx, &mails(false), id, now).await?;
    let from = Some(ExpertStatus::Draft.as_str());
    audit(&mut tx, now, EXPERT, "submit", "expert", &record_id(id), from, Some(ExpertStatus::Unverified.as_str()))
        .await?;
    tx.commit().await?;
    Ok(Submitted::AwaitingConfirmation)
}

/// Writes the searchable columns and tables of a checked profile (replacing earlier ones).
async fn store_profile(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    form: &ExpertForm,
    now: &str,
) -> Result<(), sqlx::Error> {
    let ExpertForm { identity, profile, expertise, availability, consent } = form;
    let lengths = &availability.assignment_lengths;
    let search_text = [&identity.full_name, &profile.position, &profile.employer, &expertise.expertise_summary]
        .into_iter()
        .flatten()
        .map(|text| fold(text))
        .collect::<Vec<_>>()
        .join(" ");
    sqlx::query(
        "UPDATE experts SET full_name = $1, email = $2, nationality = $3, residence = $4, gender = $5, sector = $6,
         position = $7, employer = $8, years_experience = $9, short_term = $10, mid_term = $11, search_text = $12,
         coi = $13, coi_details = $14, updated_at = $15 WHERE id = $16",
    )
    .bind(&identity.full_name)
    .bind(&identity.email)
    .bind(&identity.nationality)
    .bind(&identity.residence)
    .bind(identity.gender.as_deref().unwrap_or("undisclosed"))
    .bind(&profile.sector)
    .bind(&profile.position)
    .bind(&profile.employer)
    .bind(profile.years_experience.as_deref().and_then(|y| y.parse::<i64>().ok()))
    .bind(i64::from(lengths.iter().any(|l| l == "short_term")))
    .bind(i64::from(lengths.iter().any(|l| l == "mid_term")))
    .bind(search_text)
    .bind(&consent.coi)
    .bind(&consent.coi_details)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let lists: [(&str, &str, &Vec<String>); 4] = [
        ("expert_topics", "topic_code", &expertise.topics),
        ("expert_typologies", "typology_code", &expertise.typologies),
        ("expert_regions", "region_code", &expertise.regions),
        ("expert_countries", "country_iso3", &expertise.countries),
    ];
    for (table, column, codes) in lists {
        sqlx::query(&format!("DELETE FROM {table} WHERE expert_id = $1")).bind(id).execute(&mut **tx).await?;
        for code in codes {
            sqlx::query(&format!("INSERT INTO {table} (expert_id, {column}) VALUES ($1, $2)"))
                .bind(id)
                .bind(code)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query("DELETE FROM expert_languages WHERE expert_id = $1").bind(id).execute(&mut **tx).await?;
    for (language, level) in profile.languages() {
        sqlx::query("INSERT INTO expert_languages (expert_id, language, level, level_rank) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(language)
            .bind(level)
            .bind(level_rank(level).unwrap_or(0))
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("DELETE FROM expert_unavailability WHERE expert_id = $1").bind(id).execute(&mut **tx).await?;
    for period in availability.unavailable() {
        sqlx::query("INSERT INTO expert_unavailability (expert_id, from_day, until_day) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&period.from)
            .bind(&period.until)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// What following a confirmation link did.
#[derive(Debug, PartialEq, Eq)]
pub enum Confirmation {
    Confirmed,
    /// Unknown, used already or expired.
    Invalid,
}

/// Whether `token_hash` is a confirmation link that still works (the page shows its button).
pub async fn link_works(pool: &Pool, token_hash: &str, purpose: LinkPurpose, now: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT 1 FROM expert_links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// Uses a confirmation link once: the profile joins the roster.
pub async fn confirm_address(pool: &Pool, token_hash: &str, now: &str) -> Result<Confirmation, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let used = sqlx::query(
        "UPDATE expert_links SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING expert_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(LinkPurpose::ConfirmAddress.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = used else { return Ok(Confirmation::Invalid) };
    let id: i64 = row.try_get(0)?;
    let changed = sqlx::query(
        "UPDATE experts SET status = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(ExpertStatus::Active.as_str())
    .bind(now)
    .bind(id)
    .bind(ExpertStatus::Unverified.as_str())
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 1 {
        let (from, to) = (ExpertStatus::Unverified.as_str(), ExpertStatus::Active.as_str());
        audit(&mut tx, now, EXPERT, "confirm_address", "expert", &record_id(id), Some(from), Some(to)).await?;
    }
    tx.commit().await?;
    Ok(Confirmation::Confirmed)
}

/// A profile on the roster (any status but draft) by its address, for sign-in.
pub async fn find_by_address(pool: &Pool, address: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, locale FROM experts WHERE email_key = $1 AND status <> $2")
        .bind(address.trim().to_lowercase())
        .bind(ExpertStatus::Draft.as_str())
        .fetch_optional(pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

/// A single-use link to store: what it is for, until when, and for a change of address the
/// new address.
pub struct NewLink<'a> {
    pub token_hash: &'a str,
    pub purpose: LinkPurpose,
    pub expires_at: &'a str,
    pub new_email: Option<&'a str>,
}

/// Stores a single-use link for expert `id` and queues the e-mail that carries it.
pub async fn send_link(
    pool: &Pool,
    id: i64,
    link: NewLink<'_>,
    mail: &OutgoingMail,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO expert_links (token_hash, expert_id, purpose, new_email, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(link.token_hash)
    .bind(id)
    .bind(link.purpose.as_str())
    .bind(link.new_email)
    .bind(link.expires_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    queue_expert_mail(&mut tx, mail, id, now).await?;
    tx.commit().await
}

/// Uses a sign-in link once and opens a session (`session_hash`) for its expert. Following
/// it proves the address too, so a profile still awaiting confirmation joins the roster.
pub async fn sign_in(pool: &Pool, link_hash: &str, session_hash: &str, now: &str) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let used = sqlx::query(
        "UPDATE expert_links SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING expert_id",
    )
    .bind(now)
    .bind(link_hash)
    .bind(LinkPurpose::SignIn.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = used else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let confirmed = sqlx::query(
        "UPDATE experts SET status = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(ExpertStatus::Active.as_str())
    .bind(now)
    .bind(id)
    .bind(ExpertStatus::Unverified.as_str())
    .execute(&mut *tx)
    .await?;
    if confirmed.rows_affected() == 1 {
        let (from, to) = (ExpertStatus::Unverified.as_str(), ExpertStatus::Active.as_str());
        audit(&mut tx, now, EXPERT, "confirm_address", "expert", &record_id(id), Some(from), Some(to)).await?;
    }
    sqlx::query(
        "INSERT INTO expert_sessions (token_hash, expert_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(session_hash)
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The expert of a live session (used since `idle_since`, opened since `opened_since`),
/// marking it used now.
pub async fn session_expert(
    pool: &Pool,
    session_hash: &str,
    now: &str,
    idle_since: &str,
    opened_since: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "UPDATE expert_sessions SET last_seen_at = $1
         WHERE token_hash = $2 AND last_seen_at > $3 AND created_at > $4 RETURNING expert_id",
    )
    .bind(now)
    .bind(session_hash)
    .bind(idle_since)
    .bind(opened_since)
    .fetch_optional(pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

pub async fn sign_out(pool: &Pool, session_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM expert_sessions WHERE token_hash = $1").bind(session_hash).execute(pool).await?;
    Ok(())
}

/// A profile as its owner sees and edits it.
pub async fn load(pool: &Pool, id: i64) -> Result<Option<ExpertRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT status, form_json, locale FROM experts WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get(0)?;
    let json: String = row.try_get(1)?;
    Ok(Some(ExpertRecord {
        id,
        status: ExpertStatus::parse(&status).unwrap_or(ExpertStatus::Draft),
        form: serde_json::from_str(&json).unwrap_or_default(),
        locale: row.try_get(2)?,
        cv: cv(pool, id).await?,
    }))
}

/// Saves an owner's edit: the answers as typed and, when the whole profile passes, the
/// searchable columns and tables. An inactive profile that is updated is active again.
pub async fn update_profile(
    pool: &Pool,
    id: i64,
    form: &RawForm,
    checked: Option<&ExpertForm>,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE experts SET form_json = $1, updated_at = $2, reminded_at = NULL WHERE id = $3")
        .bind(to_json(form))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(checked) = checked {
        store_profile(&mut tx, id, checked, now).await?;
    }
    let reactivated = sqlx::query("UPDATE experts SET status = $1 WHERE id = $2 AND status = $3")
        .bind(ExpertStatus::Active.as_str())
        .bind(id)
        .bind(ExpertStatus::Inactive.as_str())
        .execute(&mut *tx)
        .await?;
    let (from, to) = match reactivated.rows_affected() {
        1 => (Some(ExpertStatus::Inactive.as_str()), Some(ExpertStatus::Active.as_str())),
        _ => (None, None),
    };
    audit(&mut tx, now, EXPERT, "update_profile", "expert", &record_id(id), from, to).await?;
    tx.commit().await
}

/// Erases expert `id`: the profile and everything that names them (cascades), counted
/// anonymously. Returns the stored name of the CV file, for the caller to delete.
pub async fn erase(pool: &Pool, id: i64, now: &str) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let cv_file: Option<String> = sqlx::query("SELECT stored_name FROM expert_cvs WHERE expert_id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    let deleted = sqlx::query("DELETE FROM experts WHERE id = $1").bind(id).execute(&mut *tx).await?;
    if deleted.rows_affected() == 1 {
        sqlx::query(
            "INSERT INTO expert_erasures (day, erased) VALUES ($1, 1)
             ON CONFLICT (day) DO UPDATE SET erased = expert_erasures.erased + 1",
        )
        .bind(&now[..10.min(now.len())])
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, now, EXPERT, "erase", "expert", &record_id(id), None, None).await?;
    }
    tx.commit().await?;
    Ok(cv_file)
}

/// Every table holding something about an expert, with the column naming them. The export
/// reads them all, erasure deletes through them (cascades), and a test checks the schema
/// has no other.
pub const PERSONAL_TABLES: [(&str, &str); 14] = [
    ("experts", "id"),
    ("expert_topics", "expert_id"),
    ("expert_typologies", "expert_id"),
    ("expert_regions", "expert_id"),
    ("expert_countries", "expert_id"),
    ("expert_languages", "expert_id"),
    ("expert_unavailability", "expert_id"),
    ("expert_cvs", "expert_id"),
    ("expert_consents", "expert_id"),
    ("expert_links", "expert_id"),
    ("expert_sessions", "expert_id"),
    ("outbox", "expert_id"),
    ("expert_assignments", "expert_id"),
    ("assignment_periods", "expert_id"),
];

/// Columns an export leaves out: digests of secrets and internal file names say nothing
/// about the person and would only help an attacker.
fn exported_column(name: &str) -> bool {
    !name.ends_with("_hash") && name != "stored_name" && name != "search_text" && name != "form_json"
}

/// A database value as JSON, whatever its type (the `Any` driver decodes by asking).
fn json_value(row: &sqlx::any::AnyRow, index: usize) -> serde_json::Value {
    use serde_json::Value;
    if let Ok(value) = row.try_get::<Option<String>, _>(index) {
        return value.map_or(Value::Null, Value::String);
    }
    if let Ok(value) = row.try_get::<Option<i64>, _>(index) {
        return value.map_or(Value::Null, Value::from);
    }
    if let Ok(value) = row.try_get::<Option<f64>, _>(index) {
        return value.map_or(Value::Null, Value::from);
    }
    Value::Null
}

/// Everything stored about expert `id`, table by table, plus their answers as typed; the
/// audit records about their profile too. `None` when there is no such expert.
pub async fn export(pool: &Pool, id: i64) -> Result<Option<serde_json::Value>, sqlx::Error> {
    use sqlx::Column;
    let Some(record) = load(pool, id).await? else { return Ok(None) };
    let mut tables = serde_json::Map::new();
    for (table, column) in PERSONAL_TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table} WHERE {column} = $1")).bind(id).fetch_all(pool).await?;
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                let fields = row
                    .columns()
                    .iter()
                    .filter(|c| exported_column(c.name()))
                    .map(|c| (c.name().to_owned(), json_value(row, c.ordinal())))
                    .collect::<serde_json::Map<_, _>>();
                serde_json::Value::Object(fields)
            })
            .collect();
        tables.insert(table.to_owned(), serde_json::Value::Array(rows));
    }
    let audit = sqlx::query(
        "SELECT at, action, from_state, to_state FROM audit_log WHERE record_type = 'expert' AND record_id = $1 ORDER BY id",
    )
    .bind(record_id(id))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        serde_json::json!({
            "at": json_value(r, 0), "action": json_value(r, 1), "from": json_value(r, 2), "to": json_value(r, 3)
        })
    })
    .collect::<Vec<_>>();
    let answers: serde_json::Map<String, serde_json::Value> =
        record.form.pairs().map(|(name, values)| (name.to_owned(), serde_json::json!(values))).collect();
    Ok(Some(serde_json::json!({
        "about": "Everything the ACP Migration TA Portal stores about you, as of the download.",
        "answers": answers,
        "tables": tables,
        "history": audit,
    })))
}

/// Adds the roster filter's conditions on `experts e` (every value bound, never spliced).
fn push_roster_conditions(sql: &mut Sql, filter: &RosterFilter) {
    sql.push(" WHERE e.status = ").bind_text(filter.status.as_str());
    for word in filter.words() {
        sql.push(" AND e.search_text LIKE ").bind_text(&format!("%{}%", escape_like(&word))).push(" ESCAPE '\\'");
    }
    let columns = [("e.sector", &filter.sector), ("e.nationality", &filter.nationality), ("e.gender", &filter.gender)];
    for (column, value) in columns {
        if let Some(value) = value {
            sql.push(&format!(" AND {column} = ")).bind_text(value);
        }
    }
    match filter.availability.as_deref() {
        Some("short_term") => {
            sql.push(" AND e.short_term = 1");
        }
        Some("mid_term") => {
            sql.push(" AND e.mid_term = 1");
        }
        _ => {}
    }
    let lists = [
        ("expert_topics", "topic_code", &filter.topic),
        ("expert_regions", "region_code", &filter.region),
        ("expert_countries", "country_iso3", &filter.country),
    ];
    for (table, column, value) in lists {
        if let Some(value) = value {
            sql.push(&format!(" AND EXISTS (SELECT 1 FROM {table} x WHERE x.expert_id = e.id AND x.{column} = "))
                .bind_text(value)
                .push(")");
        }
    }
    if let Some((from, until)) = filter.free_days() {
        for (table, start, end) in
            [("expert_unavailability", "from_day", "until_day"), ("assignment_periods", "start_day", "end_day")]
        {
            sql.push(&format!(" AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.expert_id = e.id AND x.{start} <= "))
                .bind_text(until)
                .push(&format!(" AND x.{end} >= "))
                .bind_text(from)
                .push(")");
        }
    }
    if let Some(language) = &filter.language {
        sql.push(" AND EXISTS (SELECT 1 FROM expert_languages l WHERE l.expert_id = e.id AND l.language = ")
            .bind_text(language)
            .push(" AND l.level_rank >= ")
            .bind(Value::Int(filter.min_rank()))
            .push(")");
    }
}

const ROSTER_COLUMNS: &str =
    "e.id, e.full_name, e.email, e.nationality, e.residence, e.sector, e.position, e.employer, \
     e.years_experience, e.status, e.updated_at";

/// Pairs `(expert, value)` of a child table for the given experts.
pub(super) async fn values_of(
    pool: &Pool,
    sql_start: &str,
    ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(sql_start);
    sql.bind_list(ids.iter().map(|id| Value::Int(*id))).push(" ORDER BY 1, 2");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<Option<String>, _>(2)?.unwrap_or_default())))
        .collect()
}

async fn roster_rows(pool: &Pool, sql: &Sql) -> Result<Vec<RosterRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for r in sql.query().fetch_all(pool).await? {
        let status: String = r.try_get(9)?;
        let text = |i: usize| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default);
        rows.push(RosterRow {
            id: r.try_get(0)?,
            name: text(1)?,
            email: text(2)?,
            nationality: text(3)?,
            residence: text(4)?,
            sector: text(5)?,
            position: text(6)?,
            employer: text(7)?,
            years_experience: r.try_get(8)?,
            status: ExpertStatus::parse(&status).unwrap_or(ExpertStatus::Active),
            updated_at: r.try_get(10)?,
            languages: Vec::new(),
            topics: Vec::new(),
        });
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let languages =
        values_of(pool, "SELECT expert_id, language, level FROM expert_languages WHERE expert_id IN ", &ids).await?;
    let topics =
        values_of(pool, "SELECT expert_id, topic_code, '' FROM expert_topics WHERE expert_id IN ", &ids).await?;
    for row in &mut rows {
        row.languages =
            languages.iter().filter(|(id, ..)| *id == row.id).map(|(_, l, v)| (l.clone(), v.clone())).collect();
        row.topics = topics.iter().filter(|(id, ..)| *id == row.id).map(|(_, t, _)| t.clone()).collect();
    }
    Ok(rows)
}

/// One page of the roster matching `filter`, by name, and how many match in all.
pub async fn search(pool: &Pool, filter: &RosterFilter, per_page: i64) -> Result<(Vec<RosterRow>, i64), sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM experts e");
    push_roster_conditions(&mut count, filter);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    let mut sql = Sql::new(&format!("SELECT {ROSTER_COLUMNS} FROM experts e"));
    push_roster_conditions(&mut sql, filter);
    sql.push(" ORDER BY e.full_name, e.id LIMIT ")
        .bind(Value::Int(per_page))
        .push(" OFFSET ")
        .bind(Value::Int((filter.page - 1) * per_page));
    Ok((roster_rows(pool, &sql).await?, total))
}

/// Every profile matching `filter` (the CSV export).
pub async fn all_matching(pool: &Pool, filter: &RosterFilter) -> Result<Vec<RosterRow>, sqlx::Error> {
    let mut sql = Sql::new(&format!("SELECT {ROSTER_COLUMNS} FROM experts e"));
    push_roster_conditions(&mut sql, filter);
    sql.push(" ORDER BY e.full_name, e.id");
    roster_rows(pool, &sql).await
}

/// Records that a member of staff read personal data in bulk or a file (`action`), about
/// expert `id` or, for an export, the whole roster (`id` none).
pub async fn record_access(
    pool: &Pool,
    actor: &str,
    action: &str,
    id: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let record = id.map_or_else(|| "roster".to_owned(), record_id);
    audit(&mut tx, now, actor, action, "expert", &record, None, None).await?;
    tx.commit().await
}

/// The roster's public figures: how many profiles are on it, by gender and by sector.
pub async fn figures(pool: &Pool) -> Result<RosterFigures, sqlx::Error> {
    let on_roster = |group: &str| {
        format!(
            "SELECT {group}, COUNT(*) FROM experts WHERE status = 'active' AND {group} IS NOT NULL GROUP BY {group}"
        )
    };
    let experts: i64 =
        sqlx::query("SELECT COUNT(*) FROM experts WHERE status = 'active'").fetch_one(pool).await?.try_get(0)?;
    Ok(RosterFigures {
        experts: u32::try_from(experts).unwrap_or(u32::MAX),
        by_gender: code_counts(pool, &on_roster("gender")).await?,
        by_sector: code_counts(pool, &on_roster("sector")).await?,
    })
}

/// Active profiles not updated since `stale_before` and not yet reminded: (id, address,
/// language).
pub async fn due_reminders(pool: &Pool, stale_before: &str) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query("SELECT id, email, locale FROM experts WHERE status = $1 AND updated_at < $2 AND reminded_at IS NULL")
        .bind(ExpertStatus::Active.as_str())
        .bind(stale_before)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get::<Option<String>, _>(1)?.unwrap_or_default(), r.try_get(2)?)))
        .collect()
}

/// Records the reminder sent to expert `id`, with its e-mail.
pub async fn remind(pool: &Pool, id: i64, mail: &OutgoingMail, now: &str) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE experts SET reminded_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
    queue_expert_mail(&mut tx, mail, id, now).await?;
    audit(&mut tx, now, "system", "remind", "expert", &record_id(id), None, None).await?;
    tx.commit().await
}

/// Deactivates the active profiles reminded before `reminded_before` and not updated since.
pub async fn deactivate_unanswered(pool: &Pool, reminded_before: &str, now: &str) -> Result<usize, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let ids: Vec<i64> = sqlx::query(
        "UPDATE experts SET status = $1 WHERE status = $2 AND reminded_at IS NOT NULL AND reminded_at < $3 RETURNING id",
    )
    .bind(ExpertStatus::Inactive.as_str())
    .bind(ExpertStatus::Active.as_str())
    .bind(reminded_before)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let (from, to) = (Some(ExpertStatus::Active.as_str()), Some(ExpertStatus::Inactive.as_str()));
    for id in &ids {
        audit(&mut tx, now, "system", "deactivate", "expert", &record_id(*id), from, to).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// Profiles whose time is up: inactive ones reminded before `reminded_before` (they were
/// set aside a grace period after the reminder, and no update brought them back),
/// unconfirmed since before `unconfirmed_before` (their link expired), or drafts left since
/// `drafts_before`.
pub async fn expired(
    pool: &Pool,
    reminded_before: &str,
    unconfirmed_before: &str,
    drafts_before: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT id FROM experts WHERE (status = $1 AND reminded_at < $2) OR (status = $3 AND submitted_at < $4)
         OR (status = $5 AND updated_at < $6)",
    )
    .bind(ExpertStatus::Inactive.as_str())
    .bind(reminded_before)
    .bind(ExpertStatus::Unverified.as_str())
    .bind(unconfirmed_before)
    .bind(ExpertStatus::Draft.as_str())
    .bind(drafts_before)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// What following an address-change link did.
#[derive(Debug, PartialEq, Eq)]
pub enum AddressChange {
    Changed,
    /// Another profile has the new address; nothing changed.
    Taken,
    /// Unknown, used or expired.
    Invalid,
}

/// Uses an address-change link once: the profile takes the new address it confirms.
pub async fn change_address(pool: &Pool, token_hash: &str, now: &str) -> Result<AddressChange, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let used = sqlx::query(
        "UPDATE expert_links SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING expert_id, new_email",
    )
    .bind(now)
    .bind(token_hash)
    .bind(LinkPurpose::ChangeAddress.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = used else { return Ok(AddressChange::Invalid) };
    let (id, address): (i64, String) = (row.try_get(0)?, row.try_get::<Option<String>, _>(1)?.unwrap_or_default());
    let key = address.to_lowercase();
    let taken = sqlx::query("SELECT 1 FROM experts WHERE email_key = $1 AND id <> $2")
        .bind(&key)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        tx.commit().await?;
        return Ok(AddressChange::Taken);
    }
    let json: String =
        sqlx::query("SELECT form_json FROM experts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?.try_get(0)?;
    let mut form: RawForm = serde_json::from_str(&json).unwrap_or_default();
    form.set("email", vec![address.clone()]);
    sqlx::query("UPDATE experts SET email = $1, email_key = $2, form_json = $3, updated_at = $4 WHERE id = $5")
        .bind(&address)
        .bind(&key)
        .bind(to_json(&form))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, EXPERT, "change_address", "expert", &record_id(id), None, None).await?;
    tx.commit().await?;
    Ok(AddressChange::Changed)
}

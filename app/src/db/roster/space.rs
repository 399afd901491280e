//! The expert's own space: sign-in links and sessions, loading and updating the profile,
//! changing its address, and erasure.

use super::applications::{store_profile, CV};
use super::{record_id, EXPERT};
use crate::db::addresses::address_key;
use crate::db::audit::audit;
use crate::db::drafts::{form_json, form_of};
use crate::db::outbox::queue_expert_mail;
use crate::db::Pool;
use crate::domain::form::RawForm;
use crate::domain::roster::{ExpertForm, ExpertRecord, ExpertStatus, LinkPurpose};
use crate::mail::OutgoingMail;
use sqlx::Row;

/// A profile on the roster (any status but draft) by its address, for sign-in.
pub async fn find_by_address(pool: &Pool, address: &str) -> Result<Option<ProfileAddress>, sqlx::Error> {
    sqlx::query("SELECT id, email, locale FROM experts WHERE email_key = $1 AND status <> $2")
        .bind(address_key(address))
        .bind(ExpertStatus::Draft.as_str())
        .fetch_optional(pool)
        .await?
        .map(|r| Ok(ProfileAddress { id: r.try_get(0)?, email: r.try_get(1)?, locale: r.try_get(2)? }))
        .transpose()
}

/// A profile found by its address: where its mail goes is the address it stores, never the
/// one typed (which may only look alike: `\u{212a}im@` lowercases to `kim@`).
pub struct ProfileAddress {
    pub id: i64,
    pub email: String,
    pub locale: String,
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
    let mut tx = crate::db::begin(pool).await?;
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

/// A session an e-mailed link opens.
pub struct NewExpertSession<'a> {
    pub token_hash: &'a str,
    /// The browser it is opened with (see `SessionSummary`).
    pub device: Option<&'a str>,
    pub now: &'a str,
    pub expires_at: &'a str,
    /// The session this browser held before, which the new one replaces.
    pub replaces: Option<&'a str>,
}

/// Uses a sign-in link once and opens `session` for its expert. Following it proves the
/// address too, so a profile still awaiting confirmation joins the roster.
pub async fn sign_in(pool: &Pool, link_hash: &str, session: NewExpertSession<'_>) -> Result<Option<i64>, sqlx::Error> {
    let now = session.now;
    let mut tx = crate::db::begin(pool).await?;
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
    if let Some(replaced) = session.replaces {
        sqlx::query("DELETE FROM expert_sessions WHERE token_hash = $1 AND expert_id = $2")
            .bind(replaced)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO expert_sessions (token_hash, expert_id, device, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(session.token_hash)
    .bind(id)
    .bind(session.device)
    .bind(now)
    .bind(session.expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The expert of a live session (not past its end, used since `idle_since`), marking it
/// used now.
pub async fn session_expert(
    pool: &Pool,
    session_hash: &str,
    now: &str,
    idle_since: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "UPDATE expert_sessions SET last_seen_at = $1
         WHERE token_hash = $2 AND last_seen_at > $3 AND expires_at > $1 RETURNING expert_id",
    )
    .bind(now)
    .bind(session_hash)
    .bind(idle_since)
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
        // Only this module writes form_json; an unreadable one is treated as empty.
        form: form_of(&json),
        locale: row.try_get(2)?,
        cv: crate::db::files::attached(pool, CV, id).await?,
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
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("UPDATE experts SET form_json = $1, updated_at = $2, reminded_at = NULL WHERE id = $3")
        .bind(form_json(form))
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
    let mut tx = crate::db::begin(pool).await?;
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

/// The tables an expert's erasure deletes rows from (`experts` and what hangs off it).
pub const ERASED_TABLES: [&str; 15] = [
    "experts",
    "expert_topics",
    "expert_typologies",
    "expert_regions",
    "expert_countries",
    "expert_languages",
    "expert_unavailability",
    "expert_cvs",
    "expert_consents",
    "expert_links",
    "expert_sessions",
    "expert_assignments",
    "assignment_periods",
    "ta_activity_experts",
    "outbox",
];

/// What erased profiles left in the database's files, gone (`db::scrub_deleted`).
pub async fn scrub_erased(pool: &Pool) -> Result<(), sqlx::Error> {
    crate::db::scrub_deleted(pool, &ERASED_TABLES).await
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
    let mut tx = crate::db::begin(pool).await?;
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
    let key = address_key(&address);
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
    let mut form: RawForm = form_of(&json);
    form.set("email", vec![address.clone()]);
    sqlx::query("UPDATE experts SET email = $1, email_key = $2, form_json = $3, updated_at = $4 WHERE id = $5")
        .bind(&address)
        .bind(&key)
        .bind(form_json(&form))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, EXPERT, "change_address", "expert", &record_id(id), None, None).await?;
    tx.commit().await?;
    Ok(AddressChange::Changed)
}

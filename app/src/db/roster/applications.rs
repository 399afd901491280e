//! Applications to the roster: a profile in the `draft` status, its CV, submission (one
//! transaction: searchable columns and tables, consent, confirmation link and e-mail, audit)
//! and address confirmation.

use super::space::load;
use super::{record_id, EXPERT};
use crate::db::addresses::address_key;
use crate::db::audit::audit;
use crate::db::drafts::{self, DraftTable};
use crate::db::files::{FileSlot, NewFile};
use crate::db::outbox::queue_expert_mail;
use crate::db::{Pool, Value};
use crate::domain::form::RawForm;
use crate::domain::roster::{level_rank, ExpertForm, ExpertRecord, ExpertStatus, LinkPurpose, PRIVACY_VERSION};
use crate::domain::taxonomy::fold;
use crate::mail::OutgoingMail;
use sqlx::Row;

/// Starts an application with the answers of its first step.
pub async fn create_draft(
    pool: &Pool,
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let status = ("status", Value::Text(ExpertStatus::Draft.as_str().to_owned()));
    drafts::create(pool, DRAFTS, &[status], token_hash, form, locale, now).await
}

/// The application behind a draft link (also once submitted, so a late click can be told).
pub async fn find_by_draft_token(pool: &Pool, token_hash: &str) -> Result<Option<ExpertRecord>, sqlx::Error> {
    let id: Option<i64> = sqlx::query("SELECT id FROM experts WHERE draft_token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    match id {
        Some(id) => load(pool, id).await,
        None => Ok(None),
    }
}

/// Applications: saved while in the `draft` status (a submitted profile changes only through
/// the expert's own space).
pub const DRAFTS: DraftTable =
    DraftTable { table: "experts", token_column: "draft_token_hash", open: "status = 'draft'" };

/// Queues an e-mail about expert `id` on its own (the resume link).
pub async fn send_mail(pool: &Pool, id: i64, mail: &OutgoingMail, now: &str) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    queue_expert_mail(&mut tx, mail, id, now).await?;
    tx.commit().await
}

/// An expert's CV: one per profile.
pub const CV: FileSlot = FileSlot {
    table: "expert_cvs",
    owner: "expert_id",
    received_at: "uploaded_at",
    replaces: "1 = 1",
    shared_with: None,
};

/// Puts `new` in place of the expert's CV; returns the stored names of the files it
/// replaced, for the caller to delete once this has committed.
pub async fn replace_cv(pool: &Pool, id: i64, new: &NewFile<'_>, now: &str) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let replaced = crate::db::files::replace_in(&mut tx, CV, id, new, now).await?;
    sqlx::query("UPDATE experts SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(replaced)
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
    let mut tx = crate::db::begin(pool).await?;
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
    let email_key = address_key(&email);
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
pub(super) async fn store_profile(
    tx: &mut crate::db::WriteTx,
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
    let mut tx = crate::db::begin(pool).await?;
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

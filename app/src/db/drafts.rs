//! What the drafts of every multi-step form share (`routes::journey` runs the forms): the
//! answers kept exactly as typed, as JSON in the row's `form_json`, saved at every step even
//! with problems, and the record that the link to come back was e-mailed.
//!
//! Submitting stays each form's own: a request, an application to the roster and a grant
//! application write different rows. Two things they do alike, decided
//! once: rows whose number depends on the answers go in one statement (`db::insert_rows`);
//! and a reference number is taken once the submission is known to be stored. For a TA
//! request that is always (`db::begin_numbered`: on PostgreSQL just before its transaction,
//! so the counter row is never held while a submission commits); a grant application takes
//! its number inside the transaction, after the deadline is checked and only on its first
//! submission, so that late or repeated submissions use no number.

use crate::domain::form::RawForm;
use crate::mail::OutgoingMail;

use sqlx::Row;

use super::outbox::queue_mail;
use super::{Pool, Sql, Value};

/// Where a form keeps its drafts: the table, and which of its rows may still be saved.
#[derive(Clone, Copy, Debug)]
pub struct DraftTable {
    pub table: &'static str,
    /// The column holding the SHA-256 of the draft's secret link.
    pub token_column: &'static str,
    /// SQL a row must meet for a save to change it (a submitted request's draft stays as sent).
    pub open: &'static str,
}

/// The answers as stored.
pub fn form_json(form: &RawForm) -> String {
    // A list of names and lists of strings always serialises.
    serde_json::to_string(form).unwrap_or_else(|_| "[]".into())
}

/// The answers read back; only these modules write `form_json`, so an unreadable one is
/// taken as empty rather than failing the page.
pub fn form_of(json: &str) -> RawForm {
    serde_json::from_str(json).unwrap_or_default()
}

/// Stores a new draft with its first answers, as typed in `locale`, and returns its id;
/// `columns` are what the form's own table adds (a status, the call applied to).
pub async fn create(
    pool: &Pool,
    drafts: DraftTable,
    columns: &[(&str, Value)],
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let mut names = vec![drafts.token_column, "form_json", "locale", "created_at", "updated_at"];
    let text = |value: &str| Value::Text(value.to_owned());
    let mut values = vec![text(token_hash), Value::Text(form_json(form)), text(locale), text(now), text(now)];
    for (name, value) in columns {
        names.push(name);
        values.push(value.clone());
    }
    let mut sql = Sql::new(&format!("INSERT INTO {} ({}) VALUES ", drafts.table, names.join(", ")));
    sql.bind_list(values).push(" RETURNING id");
    sql.query().fetch_one(pool).await?.try_get(0)
}

/// Saves the answers of draft `id`, as typed and without checking them.
pub async fn save(pool: &Pool, drafts: DraftTable, id: i64, form: &RawForm, now: &str) -> Result<(), sqlx::Error> {
    let sql = format!("UPDATE {} SET form_json = $1, updated_at = $2 WHERE id = $3 AND {}", drafts.table, drafts.open);
    sqlx::query(&sql).bind(form_json(form)).bind(now).bind(id).execute(pool).await?;
    Ok(())
}

/// Records that the link to draft `id` went to `address`, with the e-mail, in one
/// transaction (for a draft whose table has `resume_link_sent_to`).
pub async fn send_resume_link(
    pool: &Pool,
    drafts: DraftTable,
    id: i64,
    address: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let sql = format!("UPDATE {} SET resume_link_sent_to = $1, updated_at = $2 WHERE id = $3", drafts.table);
    sqlx::query(&sql).bind(address).bind(now).bind(id).execute(&mut *tx).await?;
    queue_mail(&mut tx, mail, now).await?;
    tx.commit().await
}

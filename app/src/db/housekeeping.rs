//! Forgetting what the portal no longer needs (run hourly by the server's `jobs`): ended
//! sessions, failed sign-ins older than a day, sign-in, confirmation and password-reset
//! links a day after they expired, e-mails a month after they were delivered or given up
//! on (their bodies hold addresses and secret links), and drafts never submitted: a TA
//! request draft untouched for `DRAFT_DAYS` (the resume e-mail says so), a grant
//! application untouched as long whose call has closed. The expert roster's own drafts
//! follow its privacy notice (`jobs::roster_upkeep`).

use sqlx::Row;

use super::Pool;

/// The moments before which each kind of record is forgotten (RFC 3339, UTC).
pub struct Horizons<'a> {
    pub now: &'a str,
    /// Staff and expert sessions unused since then have ended (the idle timeouts); each
    /// session also carries its own latest end.
    pub idle_before: &'a str,
    pub day_ago: &'a str,
    pub month_ago: &'a str,
    /// `DRAFT_DAYS` ago.
    pub drafts_untouched_since: &'a str,
    /// Sending tries after which the mailer gives a message up.
    pub max_attempts: i64,
}

/// How long a draft never submitted is kept after its last change.
pub const DRAFT_DAYS: i64 = 90;

/// How many records of each kind were forgotten, and the stored files of the drafts (to
/// delete from the files folder once committed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forgotten {
    pub sessions: u64,
    pub failed_sign_ins: u64,
    pub links: u64,
    pub mails: u64,
    pub drafts: u64,
    pub files: Vec<String>,
}

pub async fn forget_expired(pool: &Pool, horizons: &Horizons<'_>) -> Result<Forgotten, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let mut forgotten = Forgotten::default();
    for table in ["staff_sessions", "expert_sessions"] {
        forgotten.sessions += sqlx::query(&format!("DELETE FROM {table} WHERE expires_at <= $1 OR last_seen_at <= $2"))
            .bind(horizons.now)
            .bind(horizons.idle_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    forgotten.failed_sign_ins = sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(horizons.day_ago)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    for table in ["expert_links", "staff_password_resets"] {
        forgotten.links += sqlx::query(&format!("DELETE FROM {table} WHERE expires_at < $1"))
            .bind(horizons.day_ago)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    // Without SMTP (a demonstration) nothing is sent, and the outbox is what staff read.
    forgotten.mails =
        sqlx::query("DELETE FROM outbox WHERE created_at < $1 AND (sent_at IS NOT NULL OR attempts >= $2)")
            .bind(horizons.month_ago)
            .bind(horizons.max_attempts)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    forget_drafts(&mut tx, horizons, &mut forgotten).await?;
    tx.commit().await?;
    Ok(forgotten)
}

async fn forget_drafts(
    tx: &mut crate::db::WriteTx,
    horizons: &Horizons<'_>,
    forgotten: &mut Forgotten,
) -> Result<(), sqlx::Error> {
    const TA_DRAFTS: &str = "SELECT id FROM ta_drafts WHERE request_id IS NULL AND updated_at < $1";
    const GRANT_DRAFTS: &str = "SELECT a.id FROM grant_applications a JOIN grant_calls c ON c.id = a.call_id
         WHERE a.status = 'draft' AND a.updated_at < $1 AND c.closes_at < $2";
    let files = sqlx::query(&format!(
        "SELECT stored_name FROM ta_attachments WHERE request_id IS NULL AND draft_id IN ({TA_DRAFTS})
         UNION ALL SELECT stored_name FROM grant_certificates WHERE application_id IN ({GRANT_DRAFTS})"
    ))
    .bind(horizons.drafts_untouched_since)
    .bind(horizons.now)
    .fetch_all(&mut **tx)
    .await?;
    forgotten.files = files.iter().map(|row| row.try_get(0)).collect::<Result<_, _>>()?;
    sqlx::query(&format!("DELETE FROM ta_attachments WHERE request_id IS NULL AND draft_id IN ({TA_DRAFTS})"))
        .bind(horizons.drafts_untouched_since)
        .execute(&mut **tx)
        .await?;
    forgotten.drafts = sqlx::query("DELETE FROM ta_drafts WHERE request_id IS NULL AND updated_at < $1")
        .bind(horizons.drafts_untouched_since)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    // Their countries, topics, budget lines and certificate go with them (ON DELETE CASCADE).
    forgotten.drafts += sqlx::query(&format!("DELETE FROM grant_applications WHERE id IN ({GRANT_DRAFTS})"))
        .bind(horizons.drafts_untouched_since)
        .bind(horizons.now)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(())
}

//! The roster's daily upkeep, as its privacy notice promises: experts whose profile was not
//! updated for `stale_days` are reminded by e-mail; `grace_days` later, still not updated,
//! the profile is deactivated; an inactive profile is erased after `erase_inactive_days`;
//! an application whose address was never confirmed is erased once its link has expired,
//! and one left unfinished after `draft_days`. Each instance runs it once a day; a row in
//! `job_runs` makes sure only one instance does on a given day. Every hour each instance also
//! sweeps the files folder of uploads a crash left behind (`files::sweep`), forgets rate
//! counters older than a day, and forgets ended sessions, expired links and old e-mails
//! (`forget_expired`), and runs the consultation rounds' reminders and closings
//! (`consultation_upkeep`).

use std::time::Duration as StdDuration;

use app::db::housekeeping::{self, Forgotten, Horizons};
use app::db::{roster, ta_requests, Pool};
use app::i18n::Locale;
use app::mail;
use time::{Duration, OffsetDateTime};

use crate::auth::rfc3339;
use crate::config::{Retention, Settings};

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Upkeep {
    pub reminded: usize,
    pub deactivated: usize,
    pub erased: usize,
}

/// Runs the upkeep as of `now`.
pub async fn roster_upkeep(
    pool: &Pool,
    retention: &Retention,
    files_dir: &std::path::Path,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<Upkeep, sqlx::Error> {
    let at = rfc3339(now);
    let days_ago = |days: i64| rfc3339(now - Duration::days(days));
    let mut upkeep = Upkeep::default();
    let sign_in = format!("{public_url}/experts/sign-in");
    for (id, address, locale) in roster::due_reminders(pool, &days_ago(retention.stale_days)).await? {
        let locale = Locale::from_code(&locale).unwrap_or_default();
        let message = mail::expert_reminder(locale, &address, &sign_in, retention.grace_days, id);
        roster::remind(pool, id, &message, &at).await?;
        upkeep.reminded += 1;
    }
    upkeep.deactivated = roster::deactivate_unanswered(pool, &days_ago(retention.grace_days), &at).await?;
    let unconfirmed_before = rfc3339(now - crate::policy::CONFIRM_FOR);
    let expired = roster::expired(
        pool,
        // Set aside `grace_days` after the reminder, erased `erase_inactive_days` after that.
        &days_ago(retention.grace_days + retention.erase_inactive_days),
        &unconfirmed_before,
        &days_ago(retention.draft_days),
    )
    .await?;
    for id in expired {
        crate::files::discard(files_dir, roster::erase(pool, id, &at).await?).await;
        upkeep.erased += 1;
    }
    if upkeep.erased > 0 {
        roster::scrub_erased(pool).await?;
    }
    Ok(upkeep)
}

/// What one run of the consultation upkeep did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ConsultationUpkeep {
    pub reminded: usize,
    pub closed: usize,
}

/// Reminds the consultees who have not answered, two working days before their round's
/// deadline (each once, with a link of its own), and records closed the rounds whose deadline
/// passed, the silent counted as agreeing. Runs every hour on every instance: each reminder
/// and each closing is claimed by a conditional update, so none happens twice.
pub async fn consultation_upkeep(
    pool: &Pool,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<ConsultationUpkeep, sqlx::Error> {
    let at = rfc3339(now);
    let mut upkeep = ConsultationUpkeep::default();
    for due in ta_requests::due_reminders(pool, &at).await? {
        let locale = Locale::from_code(&due.locale).unwrap_or_default();
        let token = app::secret::new_token();
        let link = format!("{public_url}/requests/consult/{token}");
        let message =
            mail::consultation_reminder(locale, &due.email, &due.reference, &due.round.deadline_text(locale), &link);
        let hash = app::secret::token_hash(&token);
        upkeep.reminded += usize::from(ta_requests::send_reminder(pool, due.consultee_id, &hash, &message, &at).await?);
    }
    upkeep.closed = ta_requests::close_rounds_past_deadline(pool, &at).await?;
    Ok(upkeep)
}

/// Forgets ended sessions, old failed sign-ins, expired links, old e-mails and drafts never
/// submitted as of `now` (`app::db::housekeeping`), and the drafts' files.
pub async fn forget_expired(
    pool: &Pool,
    files_dir: &std::path::Path,
    now: OffsetDateTime,
) -> Result<Forgotten, sqlx::Error> {
    let idle = crate::policy::STAFF_IDLE_TIMEOUT.max(crate::policy::EXPERT_IDLE_TIMEOUT);
    let horizons = Horizons {
        now: &rfc3339(now),
        idle_before: &rfc3339(now - idle),
        day_ago: &rfc3339(now - Duration::days(1)),
        month_ago: &rfc3339(now - Duration::days(30)),
        drafts_untouched_since: &rfc3339(now - Duration::days(housekeeping::DRAFT_DAYS)),
        max_attempts: crate::mailer::MAX_ATTEMPTS,
    };
    let forgotten = housekeeping::forget_expired(pool, &horizons).await?;
    crate::files::discard(files_dir, forgotten.files.iter().cloned()).await;
    Ok(forgotten)
}

/// Claims today's run for this instance; `false` when another instance has it.
pub async fn claim_today(pool: &Pool, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let day = now.date().to_string();
    let claimed = sqlx::query(
        "INSERT INTO job_runs (job, day, started_at) VALUES ('roster_upkeep', $1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(day)
    .bind(rfc3339(now))
    .execute(pool)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Runs the upkeep once a day (the first time a minute after start).
pub fn start(settings: &Settings, pool: Pool) {
    let (retention, files_dir, public_url) =
        (settings.retention.clone(), settings.files_dir.clone(), settings.public_url.trim_end_matches('/').to_owned());
    // While serving, uploads are in flight here too: never sweep younger files than an hour.
    let sweep_grace = StdDuration::from_secs(settings.orphan_grace_secs.max(60 * 60));
    tokio::spawn(async move {
        tokio::time::sleep(StdDuration::from_secs(60)).await;
        loop {
            let now = OffsetDateTime::now_utc();
            match claim_today(&pool, now).await {
                Ok(true) => match roster_upkeep(&pool, &retention, &files_dir, &public_url, now).await {
                    Ok(done) => tracing::info!(?done, "roster upkeep done"),
                    Err(error) => tracing::error!(%error, "roster upkeep failed; retried tomorrow"),
                },
                Ok(false) => {}
                Err(error) => tracing::error!(%error, "could not claim the roster upkeep"),
            }
            match consultation_upkeep(&pool, &public_url, OffsetDateTime::now_utc()).await {
                Ok(done) if done != ConsultationUpkeep::default() => tracing::info!(?done, "consultation upkeep done"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "consultation upkeep failed; retried in an hour"),
            }
            if let Err(error) = crate::files::sweep(&pool, &files_dir, sweep_grace).await {
                tracing::error!(%error, "sweeping the files folder failed");
            }
            if let Err(error) = forget_expired(&pool, &files_dir, OffsetDateTime::now_utc()).await {
                tracing::error!(%error, "forgetting expired sessions, links and mails failed");
            }
            // The longest window is a day, and the one before the current still counts.
            let two_days_ago = OffsetDateTime::now_utc().unix_timestamp() - 2 * 24 * 60 * 60;
            if let Err(error) = app::db::rate::forget_before(&pool, two_days_ago).await {
                tracing::error!(%error, "forgetting old rate counters failed");
            }
            tokio::time::sleep(StdDuration::from_secs(60 * 60)).await;
        }
    });
}

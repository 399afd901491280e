//! Staff accounts, their sessions and failed logins.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Pool;
use crate::domain::staff::{Role, SessionSummary, StaffUser};

/// What logging in needs to know about an account.
pub struct LoginRecord {
    pub user: StaffUser,
    pub password_hash: String,
    pub totp_secret: Option<String>,
}

/// A new account, as `portal create-user` gives it.
pub struct NewStaffUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub totp_secret: Option<&'a str>,
    pub regions: &'a [String],
}

/// Addresses are compared without case, so they are stored in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates the account, or replaces name, role, password, second factor and regions of an
/// existing one with the same address (how an administrator resets a password).
pub async fn upsert_user(pool: &Pool, new: NewStaffUser<'_>, now: &str) -> Result<i64, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO staff_users (email, name, role, password_hash, totp_secret, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (email) DO UPDATE SET name = $2, role = $3, password_hash = $4, totp_secret = $5, active = 1, updated_at = $6
         RETURNING id",
    )
    .bind(normalise_email(new.email))
    .bind(new.name)
    .bind(new.role.as_str())
    .bind(new.password_hash)
    .bind(new.totp_secret)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query("DELETE FROM staff_user_regions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    for region in new.regions {
        sqlx::query("INSERT INTO staff_user_regions (user_id, region_code) VALUES ($1, $2)")
            .bind(id)
            .bind(region)
            .execute(&mut *tx)
            .await?;
    }
    // Changing an account ends its sessions.
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces the password of account `user_id`, ending its other sessions when asked (the
/// one with `keep_session_hash` stays), with an audit record.
pub async fn change_password(
    pool: &Pool,
    user_id: i64,
    password_hash: &str,
    end_other_sessions: bool,
    keep_session_hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("UPDATE staff_users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if end_other_sessions {
        end_all_but(&mut tx, user_id, keep_session_hash).await?;
    }
    let actor = format!("staff:{user_id}");
    crate::db::audit::audit(&mut tx, now, &actor, "password_change", "staff_user", &user_id.to_string(), None, None)
        .await?;
    tx.commit().await
}

async fn regions_of(pool: &Pool, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT region_code FROM staff_user_regions WHERE user_id = $1 ORDER BY region_code")
        .bind(user_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

async fn user_from_row(pool: &Pool, row: &AnyRow) -> Result<StaffUser, sqlx::Error> {
    let id: i64 = row.try_get("id")?;
    let role: String = row.try_get("role")?;
    Ok(StaffUser {
        id,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        regions: regions_of(pool, id).await?,
    })
}

/// The active account with this address, for checking a login.
pub async fn find_for_login(pool: &Pool, email: &str) -> Result<Option<LoginRecord>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, email, name, role, password_hash, totp_secret FROM staff_users WHERE email = $1 AND active = 1",
    )
    .bind(normalise_email(email))
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(LoginRecord {
        user: user_from_row(pool, &row).await?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
    }))
}

/// Records `step` as the account's last used one-time code step; `false` when a code of this
/// step or a later one was already accepted (a code seen over a shoulder or replayed).
pub async fn use_totp_step(pool: &Pool, user_id: i64, step: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE staff_users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A new session of account `user_id`, opened on `device` (see `SessionSummary`).
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub device: Option<&'a str>,
    pub now: &'a str,
    pub expires_at: &'a str,
}

pub async fn create_session(pool: &Pool, session: NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, user_id, device, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(session.token_hash)
    .bind(session.user_id)
    .bind(session.device)
    .bind(session.now)
    .bind(session.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// How many hex digits of a session's token hash name it in its owner's list: enough to
/// tell an account's sessions apart. Written out in `end_sessions`' SQL as well.
pub const SESSION_KEY_DIGITS: usize = 16;

/// The live sessions of account `user_id` (as `session_user` counts them), newest first;
/// the one whose token hash is `current_hash` is marked.
pub async fn sessions_of(
    pool: &Pool,
    user_id: i64,
    current_hash: &str,
    now: &str,
    idle_since: &str,
) -> Result<Vec<SessionSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT token_hash, created_at, last_seen_at, device FROM staff_sessions
         WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(idle_since)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let hash: String = row.try_get("token_hash")?;
            Ok(SessionSummary {
                key: hash.chars().take(SESSION_KEY_DIGITS).collect(),
                started_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
                device: row.try_get("device")?,
                current: hash == current_hash,
            })
        })
        .collect()
}

/// Which of an account's sessions to end.
pub enum EndSessions<'a> {
    /// The one named `key` in the list (`SessionSummary::key`).
    One { key: &'a str },
    /// All but the one whose token hash is given.
    AllBut { keep_hash: &'a str },
}

/// Ends sessions of account `user_id` (never another account's) with an audit record;
/// returns how many ended.
pub async fn end_sessions(pool: &Pool, user_id: i64, which: EndSessions<'_>, now: &str) -> Result<u64, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let ended = match which {
        EndSessions::One { key } => {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) = $2")
                .bind(user_id)
                .bind(key)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        }
        EndSessions::AllBut { keep_hash } => end_all_but(&mut tx, user_id, keep_hash).await?,
    };
    let actor = format!("staff:{user_id}");
    crate::db::audit::audit(&mut tx, now, &actor, "end_sessions", "staff_user", &user_id.to_string(), None, None)
        .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Sessions an operator ended (`portal end-sessions`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EndedSessions {
    pub staff: u64,
    pub experts: u64,
}

/// Ends every session of the staff account and the expert profile using `address`, or,
/// with `None`, every session of everyone (after a suspected breach), with an audit record.
pub async fn end_sessions_of(pool: &Pool, address: Option<&str>, now: &str) -> Result<EndedSessions, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let ended = match address.map(normalise_email) {
        Some(address) => EndedSessions {
            staff: sqlx::query(
                "DELETE FROM staff_sessions WHERE user_id IN (SELECT id FROM staff_users WHERE email = $1)",
            )
            .bind(&address)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            experts: sqlx::query(
                "DELETE FROM expert_sessions WHERE expert_id IN (SELECT id FROM experts WHERE email_key = $1)",
            )
            .bind(&address)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        },
        None => EndedSessions {
            staff: sqlx::query("DELETE FROM staff_sessions").execute(&mut *tx).await?.rows_affected(),
            experts: sqlx::query("DELETE FROM expert_sessions").execute(&mut *tx).await?.rows_affected(),
        },
    };
    let scope = if address.is_some() { "one address" } else { "everyone" };
    crate::db::audit::audit(&mut tx, now, "operator", "end_sessions", "sessions", scope, None, None).await?;
    tx.commit().await?;
    Ok(ended)
}

async fn end_all_but(tx: &mut crate::db::WriteTx, user_id: i64, keep_hash: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// The user of a live session: not past its absolute end, and used since `idle_since`.
/// Using it moves its idle clock on.
pub async fn session_user(
    pool: &Pool,
    token_hash: &str,
    now: &str,
    idle_since: &str,
) -> Result<Option<StaffUser>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.role FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(Some(user_from_row(pool, &row).await?))
}

pub async fn delete_session(pool: &Pool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

pub async fn record_login_failure(pool: &Pool, client: &str, email: &str, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (client, email, at) VALUES ($1, $2, $3)")
        .bind(client)
        .bind(normalise_email(email))
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Failed logins since `since`: from this client, and for this address.
pub async fn recent_login_failures(
    pool: &Pool,
    client: &str,
    email: &str,
    since: &str,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM login_failures WHERE client = $1 AND at > $3),
                (SELECT COUNT(*) FROM login_failures WHERE email = $2 AND at > $3)",
    )
    .bind(client)
    .bind(normalise_email(email))
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Every active member of staff as `(id, name)`, by name: who can be asked to review.
pub async fn active_members(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, name FROM staff_users WHERE active = 1 ORDER BY name, id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

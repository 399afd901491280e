//! Staff accounts, their sessions and failed logins.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::addresses::address_key;
use super::sessions::{self, EndSessions, Holder};
use super::Pool;
use crate::domain::staff::{Role, StaffUser};

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
    .bind(address_key(new.email))
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
    // Changing an account ends its sessions and its reset links.
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
    end_reset_links(&mut tx, id, now).await?;
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
    set_password(&mut tx, user_id, password_hash, now).await?;
    if end_other_sessions {
        let others = EndSessions::AllBut { keep_hash: keep_session_hash };
        sessions::end_in(&mut tx, Holder::Staff(user_id), others).await?;
    }
    let actor = format!("staff:{user_id}");
    crate::db::audit::audit(&mut tx, now, &actor, "password_change", "staff_user", &user_id.to_string(), None, None)
        .await?;
    tx.commit().await
}

/// Gives account `user_id` a new password hash, in the caller's transaction.
pub(crate) async fn set_password(
    tx: &mut crate::db::WriteTx,
    user_id: i64,
    password_hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    end_reset_links(tx, user_id, now).await
}

/// A reset link asked for before a password was set must not set another one after it.
async fn end_reset_links(tx: &mut crate::db::WriteTx, user_id: i64, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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
    .bind(address_key(email))
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
    let ended = match address.map(address_key) {
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

/// Records a sign-in attempt as failed (it is, until its check succeeds); its row's id.
pub async fn record_login_failure(pool: &Pool, client: &str, email: &str, now: &str) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (client, email, at) VALUES ($1, $2, $3) RETURNING id")
        .bind(client)
        .bind(address_key(email))
        .bind(now)
        .fetch_one(pool)
        .await?
        .try_get(0)
}

/// Takes back an attempt recorded by `record_login_failure`: it succeeded, or never ran.
pub async fn forget_login_failure(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(pool).await?;
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
    .bind(address_key(email))
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

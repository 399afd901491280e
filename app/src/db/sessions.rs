//! Where an account is signed in: the live sessions of a member of staff or of an expert as
//! their owner sees them, and ending them (ASVS 7.5.2). Both kinds of session are kept the
//! same way: a SHA-256 of the token, when it was opened and last used, when it ends at the
//! latest, and the browser it was opened with.

use sqlx::Row;

use super::Pool;
use crate::domain::staff::{SessionSummary, END_OTHERS};

/// Whose sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Staff(i64),
    Expert(i64),
}

impl Holder {
    fn table(self) -> &'static str {
        match self {
            Holder::Staff(_) => "staff_sessions",
            Holder::Expert(_) => "expert_sessions",
        }
    }

    fn owner_column(self) -> &'static str {
        match self {
            Holder::Staff(_) => "user_id",
            Holder::Expert(_) => "expert_id",
        }
    }

    fn id(self) -> i64 {
        match self {
            Holder::Staff(id) | Holder::Expert(id) => id,
        }
    }

    /// Who the audit record names as acting, and the record acted on.
    fn audit_names(self) -> (String, &'static str) {
        match self {
            Holder::Staff(id) => (format!("staff:{id}"), "staff_user"),
            Holder::Expert(_) => (super::roster::EXPERT.to_owned(), "expert"),
        }
    }
}

/// How many hex digits of a session's token hash name it in its owner's list: enough to
/// tell an account's sessions apart, never enough to be the token.
pub const SESSION_KEY_DIGITS: usize = 16;

/// The live sessions of `holder` (not past their end, used since `idle_since`), newest
/// first (sessions opened in the same second in a fixed order, so the list does not
/// reshuffle between loads); the one whose token hash is `current_hash` is marked.
pub async fn live_sessions(
    pool: &Pool,
    holder: Holder,
    current_hash: &str,
    now: &str,
    idle_since: &str,
) -> Result<Vec<SessionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT token_hash, created_at, last_seen_at, device FROM {} \
         WHERE {} = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC, token_hash",
        holder.table(),
        holder.owner_column()
    );
    let rows = sqlx::query(&sql).bind(holder.id()).bind(now).bind(idle_since).fetch_all(pool).await?;
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

impl<'a> EndSessions<'a> {
    /// What the sessions form's button asks (`END_OTHERS` or a session's key), keeping the
    /// session `current_hash`; `None` for anything else.
    pub fn from_button(value: &'a str, current_hash: &'a str) -> Option<EndSessions<'a>> {
        if value == END_OTHERS {
            Some(EndSessions::AllBut { keep_hash: current_hash })
        } else if value.len() == SESSION_KEY_DIGITS && value.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(EndSessions::One { key: value })
        } else {
            None
        }
    }
}

/// Ends sessions of `holder` (never anyone else's) with an audit record; returns how many
/// ended.
pub async fn end_sessions(pool: &Pool, holder: Holder, which: EndSessions<'_>, now: &str) -> Result<u64, sqlx::Error> {
    let mut tx = super::begin(pool).await?;
    let ended = end_in(&mut tx, holder, which).await?;
    let (actor, entity) = holder.audit_names();
    super::audit::audit(&mut tx, now, &actor, "end_sessions", entity, &holder.id().to_string(), None, None).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Ends sessions of `holder` inside a transaction the caller commits.
pub async fn end_in(tx: &mut super::WriteTx, holder: Holder, which: EndSessions<'_>) -> Result<u64, sqlx::Error> {
    let (condition, value) = match which {
        EndSessions::One { key } => (format!("substr(token_hash, 1, {SESSION_KEY_DIGITS}) = $2"), key),
        EndSessions::AllBut { keep_hash } => ("token_hash <> $2".to_owned(), keep_hash),
    };
    let sql = format!("DELETE FROM {} WHERE {} = $1 AND {condition}", holder.table(), holder.owner_column());
    Ok(sqlx::query(&sql).bind(holder.id()).bind(value).execute(&mut **tx).await?.rows_affected())
}

//! The governments a request is made by and their officials' endorsements: asked for at
//! submission (one row per government, each with its own single-use link), given once through
//! the link, asked again by staff with a fresh link, and carried over when staff join one
//! request into another. A request moves past "submitted" only once every row is endorsed.

use sqlx::Row;

use super::cycle::hold_at_stage;
use crate::db::audit::audit;
use crate::db::outbox::queue_mails;
use crate::db::{Pool, WriteTx};
use crate::domain::stage::{EventKind, Stage};
use crate::domain::ta_request::{Endorsement, Institution, StoredRequest};
use crate::mail::OutgoingMail;
use crate::secret::{new_token, token_hash};

/// A government to ask for its endorsement, with the digest of the link its official gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEndorsement {
    /// A government's country or, for a regional organisation's own row, the organisation.
    pub country: Option<String>,
    pub organisation: Option<String>,
    pub official_name: String,
    pub official_email: String,
    pub locale: String,
    pub token_hash: String,
}

impl NewEndorsement {
    /// The endorsements a request's answers ask for, the requester's own first, each with
    /// its new link's token (to e-mail; only its digest is stored).
    pub fn asked_by(institution: &Institution, locale: &str) -> Vec<(NewEndorsement, String)> {
        let government = institution.is_government();
        let lead = NewEndorsement {
            country: institution.country.clone().filter(|_| government),
            organisation: institution.organisation.clone().filter(|_| !government),
            official_name: institution.official_name.clone().unwrap_or_default(),
            official_email: institution.official_email.clone().unwrap_or_default(),
            locale: locale.to_owned(),
            token_hash: String::new(),
        };
        let joint = institution.joint_governments().into_iter().map(|joint| NewEndorsement {
            country: joint.country,
            organisation: None,
            official_name: joint.official_name.unwrap_or_default(),
            official_email: joint.official_email.unwrap_or_default(),
            locale: locale.to_owned(),
            token_hash: String::new(),
        });
        std::iter::once(lead)
            .chain(joint)
            .map(|asked| {
                let token = new_token();
                (NewEndorsement { token_hash: token_hash(&token), ..asked }, token)
            })
            .collect()
    }

    /// The country's or the organisation's code, whichever the row names.
    pub fn government_code(&self) -> &str {
        self.country.as_deref().or(self.organisation.as_deref()).unwrap_or_default()
    }
}

/// Stores the endorsements a submitted request waits for, the lead's first.
pub(super) async fn ask_endorsements(
    tx: &mut WriteTx,
    request_id: i64,
    asked: &[NewEndorsement],
    now: &str,
) -> Result<(), sqlx::Error> {
    for (position, row) in asked.iter().enumerate() {
        sqlx::query(
            "INSERT INTO ta_endorsements (request_id, position, country_iso3, organisation_code, official_name,
                 official_email, locale, token_sha256, asked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(request_id)
        .bind(position as i64)
        .bind(row.country.clone())
        .bind(row.organisation.clone())
        .bind(&row.official_name)
        .bind(&row.official_email)
        .bind(&row.locale)
        .bind(&row.token_hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

const COLUMNS: &str =
    "e.id, e.position, e.country_iso3, e.official_name, e.official_email, e.locale, e.asked_at, e.endorsed_at,
     e.joined_from, e.organisation_code";

fn endorsement_of(row: &sqlx::any::AnyRow) -> Result<Endorsement, sqlx::Error> {
    Ok(Endorsement {
        id: row.try_get(0)?,
        lead: row.try_get::<i64, _>(1)? == 0,
        country: row.try_get(2)?,
        official_name: row.try_get(3)?,
        official_email: row.try_get(4)?,
        locale: row.try_get(5)?,
        asked_at: row.try_get(6)?,
        endorsed_at: row.try_get(7)?,
        joined_from: row.try_get(8)?,
        organisation: row.try_get(9)?,
    })
}

/// A request's governments and their endorsements, the lead's first.
pub async fn endorsements(pool: &Pool, request_id: i64) -> Result<Vec<Endorsement>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM ta_endorsements e WHERE e.request_id = $1 ORDER BY e.position"))
        .bind(request_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(endorsement_of)
        .collect()
}

/// Whether a government's endorsement is still awaited (checked in a stage move's transaction).
pub(super) async fn endorsement_awaited(tx: &mut WriteTx, request_id: i64) -> Result<bool, sqlx::Error> {
    let awaited: i64 =
        sqlx::query("SELECT COUNT(*) FROM ta_endorsements WHERE request_id = $1 AND endorsed_at IS NULL")
            .bind(request_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
    Ok(awaited > 0)
}

/// The endorsement an official's link leads to, with its request's reference and stage.
#[derive(Clone, Debug, PartialEq)]
pub struct EndorsementLink {
    pub request_id: i64,
    pub reference: String,
    pub stage: Stage,
    pub endorsement: Endorsement,
}

pub async fn endorsement_by_link(pool: &Pool, token_hash: &str) -> Result<Option<EndorsementLink>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, r.id, r.reference, r.stage FROM ta_endorsements e
         JOIN ta_requests r ON r.id = e.request_id WHERE e.token_sha256 = $1"
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stage: String = row.try_get(12)?;
    Ok(Some(EndorsementLink {
        request_id: row.try_get(10)?,
        reference: row.try_get(11)?,
        stage: Stage::parse(&stage).ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {stage}").into()))?,
        endorsement: endorsement_of(&row)?,
    }))
}

/// What became of an official's endorsement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndorseWrite {
    Done,
    /// Given already (a second click, a replayed post): nothing changed.
    EndorsedAlready,
    /// The request was closed (declined, withdrawn, joined) before the endorsement came.
    Closed,
}

/// Records the official's endorsement once, with its history entry and audit record; when it
/// is the last one awaited, `when_complete` (the staff's notices) is queued with it.
pub async fn endorse(
    pool: &Pool,
    link: &EndorsementLink,
    when_complete: &[OutgoingMail],
    now: &str,
) -> Result<EndorseWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    // The request's row first, so a stage move or a join of the same request waits for this.
    let open = sqlx::query("UPDATE ta_requests SET updated_at = $1 WHERE id = $2 AND stage NOT IN ($3, $4, $5)")
        .bind(now)
        .bind(link.request_id)
        .bind(Stage::Declined.as_str())
        .bind(Stage::Withdrawn.as_str())
        .bind(Stage::Joined.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if open == 0 {
        return Ok(EndorseWrite::Closed);
    }
    let endorsed = sqlx::query("UPDATE ta_endorsements SET endorsed_at = $1 WHERE id = $2 AND endorsed_at IS NULL")
        .bind(now)
        .bind(link.endorsement.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if endorsed == 0 {
        return Ok(EndorseWrite::EndorsedAlready);
    }
    let government = link.endorsement.government_code().to_owned();
    let official = format!("official:{}", link.endorsement.id);
    sqlx::query("INSERT INTO ta_request_events (request_id, at, actor, kind, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(link.request_id)
        .bind(now)
        .bind(&official)
        .bind(EventKind::Endorsed.as_str())
        .bind(&government)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, &official, "endorse", "ta_request", &link.reference, None, Some(&government)).await?;
    if !endorsement_awaited(&mut tx, link.request_id).await? {
        queue_mails(&mut tx, when_complete, now).await?;
    }
    tx.commit().await?;
    Ok(EndorseWrite::Done)
}

/// Staff send an official a fresh link (the one before stops working), while the request is
/// before its TA fiche and the endorsement is still awaited. False when it no longer is.
pub async fn ask_again(
    pool: &Pool,
    request: &StoredRequest,
    endorsement_id: i64,
    token_hash: &str,
    mail: &OutgoingMail,
    actor: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    if !request.stage.before_fiche() {
        return Ok(false);
    }
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, request.stage, now).await? {
        return Ok(false);
    }
    let renewed = sqlx::query(
        "UPDATE ta_endorsements SET token_sha256 = $1, asked_at = $2
         WHERE id = $3 AND request_id = $4 AND endorsed_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .bind(endorsement_id)
    .bind(request.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if renewed == 0 {
        return Ok(false);
    }
    audit(&mut tx, now, actor, "ask_endorsement_again", "ta_request", &request.reference, None, None).await?;
    queue_mails(&mut tx, std::slice::from_ref(mail), now).await?;
    tx.commit().await?;
    Ok(true)
}

/// What became of joining one request into another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinWrite {
    Done,
    /// One of the two moved meanwhile, or is past the stages a request can be joined at.
    NotJoinable,
}

/// Joins `joined` into `into`: its governments (with their endorsements, given or awaited)
/// and its topics come to `into`, and it closes at the stage `joined`, naming `into`, with
/// its requester's e-mail. Both rows are held at the stages the caller read, so a move or an
/// endorsement of either waits, or makes this refuse.
pub async fn join(
    pool: &Pool,
    into: &StoredRequest,
    joined: &StoredRequest,
    actor: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<JoinWrite, sqlx::Error> {
    if into.id == joined.id || !into.stage.before_fiche() || !joined.stage.before_fiche() {
        return Ok(JoinWrite::NotJoinable);
    }
    let mut tx = crate::db::begin(pool).await?;
    for request in [into, joined] {
        if !hold_at_stage(&mut tx, request.id, request.stage, now).await? {
            return Ok(JoinWrite::NotJoinable);
        }
    }
    let after: i64 = sqlx::query("SELECT COALESCE(MAX(position), -1) + 1 FROM ta_endorsements WHERE request_id = $1")
        .bind(into.id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    sqlx::query(
        "UPDATE ta_endorsements SET request_id = $1, joined_from = COALESCE(joined_from, $2), position = position + $3
         WHERE request_id = $4",
    )
    .bind(into.id)
    .bind(&joined.reference)
    .bind(after)
    .bind(joined.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO ta_request_topics (request_id, topic_code)
         SELECT $1, topic_code FROM ta_request_topics
         WHERE request_id = $2 AND topic_code NOT IN (SELECT topic_code FROM ta_request_topics WHERE request_id = $1)",
    )
    .bind(into.id)
    .bind(joined.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE ta_requests SET stage = $1, joined_into_id = $2 WHERE id = $3")
        .bind(Stage::Joined.as_str())
        .bind(into.id)
        .bind(joined.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO ta_request_events (request_id, at, actor, kind, from_stage, to_stage, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(joined.id)
    .bind(now)
    .bind(actor)
    .bind(EventKind::StageChanged.as_str())
    .bind(joined.stage.as_str())
    .bind(Stage::Joined.as_str())
    .bind(&into.reference)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        now,
        actor,
        "join",
        "ta_request",
        &joined.reference,
        Some(joined.stage.as_str()),
        Some(&into.reference),
    )
    .await?;
    audit(&mut tx, now, actor, "join_in", "ta_request", &into.reference, None, Some(&joined.reference)).await?;
    queue_mails(&mut tx, std::slice::from_ref(mail), now).await?;
    tx.commit().await?;
    Ok(JoinWrite::Done)
}

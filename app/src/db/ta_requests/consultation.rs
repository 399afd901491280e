//! The consultation round on a TA fiche: opening a round (the management unit), a
//! consultee's answer by their single-use link, and the management unit's decision on an
//! objection (the hourly reminders and closings are in `consultation_upkeep`). Every write holds
//! the request's row at the TA-fiche stage first, so an answer and a stage move never cross.

use sqlx::{AnyConnection, Row};

use super::cycle::hold_at_stage;
use crate::db::audit::audit;
use crate::db::outbox::queue_mails;
use crate::db::{Pool, WriteTx};
use crate::domain::consultation::{Consultation, Consultee, Round, RoundDecided, RoundOutcome, Standing};
use crate::domain::stage::Stage;
use crate::domain::ta_request::StoredRequest;
use crate::mail::OutgoingMail;

/// How a consultee appears in the audit log: by number, never by address.
fn consultee_actor(id: i64) -> String {
    format!("consultee:{id}")
}

/// Every round on a request's fiche, newest first, with its consultees.
pub async fn consultation_of(conn: &mut AnyConnection, request_id: i64) -> Result<Consultation, sqlx::Error> {
    let rounds = sqlx::query(
        "SELECT id, round, opened_at, deadline_at, utc_offset, decision, decision_reason, decided_at
         FROM ta_consultations WHERE request_id = $1 ORDER BY round DESC",
    )
    .bind(request_id)
    .fetch_all(&mut *conn)
    .await?;
    let consultees = sqlx::query(
        "SELECT c.consultation_id, c.id, c.email, c.is_requester, c.answer, c.comment, c.answered_at, c.reminded_at
         FROM ta_consultees c JOIN ta_consultations r ON r.id = c.consultation_id
         WHERE r.request_id = $1 ORDER BY c.is_requester DESC, c.id",
    )
    .bind(request_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut read = Vec::with_capacity(rounds.len());
    for row in &rounds {
        let id: i64 = row.try_get(0)?;
        let decided = match row.try_get::<Option<String>, _>(5)? {
            Some(decision) => Some(RoundDecided {
                decision,
                reason: row.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
                at: row.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
            }),
            None => None,
        };
        let mut of_round = Vec::new();
        for c in consultees.iter().filter(|c| c.try_get::<i64, _>(0).is_ok_and(|r| r == id)) {
            of_round.push(Consultee {
                id: c.try_get(1)?,
                email: c.try_get(2)?,
                is_requester: c.try_get::<i64, _>(3)? == 1,
                answer: c.try_get(4)?,
                comment: c.try_get(5)?,
                answered_at: c.try_get(6)?,
                reminded_at: c.try_get(7)?,
            });
        }
        read.push(Round {
            id,
            number: row.try_get(1)?,
            opened_at: row.try_get(2)?,
            deadline_at: row.try_get(3)?,
            utc_offset: row.try_get(4)?,
            decided,
            consultees: of_round,
        });
    }
    Ok(Consultation { rounds: read })
}

/// The consultation of a request, read from the pool.
pub async fn consultation(pool: &Pool, request_id: i64) -> Result<Consultation, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    consultation_of(&mut connection, request_id).await
}

/// A consultee to invite: address, language of their e-mails, and the SHA-256 of their link.
#[derive(Clone, Debug)]
pub struct Invitee {
    pub email: String,
    pub locale: String,
    pub is_requester: bool,
    pub token_hash: String,
}

/// A round about to open.
#[derive(Clone, Debug)]
pub struct NewRound {
    /// UTC, as stored.
    pub deadline_at: String,
    pub utc_offset: String,
    pub remind_at: String,
    pub invitees: Vec<Invitee>,
}

/// What became of a write to the consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsultationWrite {
    /// Done (a round opened: its number).
    Done(i64),
    /// The request is no longer at the TA-fiche stage.
    NotAtStage,
    /// A round opens only on a complete fiche.
    FicheIncomplete,
    /// A round is under way or agreed (open), or there is nothing to decide (decision).
    RoundState,
}

/// Opens the next round: its consultees, the audit record, and the invitations (`mails`).
pub async fn open_round(
    pool: &Pool,
    request: &StoredRequest,
    round: &NewRound,
    actor: &str,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<ConsultationWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, Stage::TaFiche, now).await? {
        return Ok(ConsultationWrite::NotAtStage);
    }
    if !super::fiche::fiche_complete(&mut tx, request.id).await? {
        return Ok(ConsultationWrite::FicheIncomplete);
    }
    let consultation = consultation_of(&mut tx, request.id).await?;
    if !consultation.may_open_round(now) {
        return Ok(ConsultationWrite::RoundState);
    }
    let number = consultation.latest().map_or(1, |r| r.number + 1);
    let id: i64 = sqlx::query(
        "INSERT INTO ta_consultations (request_id, round, opened_at, opened_by, deadline_at, utc_offset, remind_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(request.id)
    .bind(number)
    .bind(now)
    .bind(actor)
    .bind(&round.deadline_at)
    .bind(&round.utc_offset)
    .bind(&round.remind_at)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    for invitee in &round.invitees {
        sqlx::query(
            "INSERT INTO ta_consultees (consultation_id, email, locale, is_requester, token_sha256)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&invitee.email)
        .bind(&invitee.locale)
        .bind(i64::from(invitee.is_requester))
        .bind(&invitee.token_hash)
        .execute(&mut *tx)
        .await?;
    }
    let opened = format!("round {number}: {} consultees, deadline {}", round.invitees.len(), round.deadline_at);
    audit(&mut tx, now, actor, "open_consultation", "ta_request", &request.reference, None, Some(&opened)).await?;
    queue_mails(&mut tx, mails, now).await?;
    tx.commit().await?;
    Ok(ConsultationWrite::Done(number))
}

/// A consultee's link, as the answer page reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsulteeLink {
    pub consultee: Consultee,
    pub round: Round,
    /// The request consulted on.
    pub request_id: i64,
    pub reference: String,
    /// The round is the request's latest and the request is at the TA-fiche stage.
    pub current: bool,
}

/// The consultee behind a link, with their round; `None` for a link nobody holds.
pub async fn consultee_by_link(pool: &Pool, token_hash: &str) -> Result<Option<ConsulteeLink>, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let Some(row) = sqlx::query(
        "SELECT c.id, r.request_id, q.reference, q.stage,
             CASE WHEN r.round = (SELECT MAX(round) FROM ta_consultations WHERE request_id = r.request_id)
                 THEN 1 ELSE 0 END
         FROM ta_consultees c JOIN ta_consultations r ON r.id = c.consultation_id
         JOIN ta_requests q ON q.id = r.request_id WHERE c.token_sha256 = $1 OR c.reminder_token_sha256 = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *connection)
    .await?
    else {
        return Ok(None);
    };
    let consultee_id: i64 = row.try_get(0)?;
    let latest = row.try_get::<i64, _>(4)? == 1;
    let current = latest && row.try_get::<String, _>(3)? == Stage::TaFiche.as_str();
    let consultation = consultation_of(&mut connection, row.try_get(1)?).await?;
    let found = consultation.rounds.into_iter().find_map(|round| {
        let consultee = round.consultees.iter().find(|c| c.id == consultee_id)?.clone();
        Some((consultee, round))
    });
    let (request_id, reference): (i64, String) = (row.try_get(1)?, row.try_get(2)?);
    Ok(found.map(|(consultee, round)| ConsulteeLink { consultee, round, request_id, reference, current }))
}

/// What became of a consultee's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerWrite {
    Done,
    /// The link was used already.
    AnsweredAlready,
    /// The deadline passed: the consultee's silence counted as agreeing.
    TooLate,
    /// The round is no longer the current one (a later round, or the request moved on).
    RoundOver,
}

/// Records `consultee`'s answer, once and before the deadline; the staff holding the request
/// are told by `mails` (an objection or comments). When this was the last answer awaited, the
/// round is recorded closed.
pub async fn answer_consultation(
    pool: &Pool,
    link: &ConsulteeLink,
    answer: &str,
    comment: Option<&str>,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<AnswerWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let request_id = link.request_id;
    if !hold_at_stage(&mut tx, request_id, Stage::TaFiche, now).await? {
        return Ok(AnswerWrite::RoundOver);
    }
    let consultation = consultation_of(&mut tx, request_id).await?;
    let Some(round) = consultation.latest().filter(|r| r.id == link.round.id) else {
        return Ok(AnswerWrite::RoundOver);
    };
    if round.deadline_passed(now) {
        return Ok(AnswerWrite::TooLate);
    }
    let recorded = sqlx::query(
        "UPDATE ta_consultees SET answer = $1, comment = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL",
    )
    .bind(answer)
    .bind(comment)
    .bind(now)
    .bind(link.consultee.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if recorded == 0 {
        return Ok(AnswerWrite::AnsweredAlready);
    }
    let answered = format!("round {}: {answer}", round.number);
    let actor = consultee_actor(link.consultee.id);
    audit(&mut tx, now, &actor, "answer_consultation", "ta_request", &link.reference, None, Some(&answered)).await?;
    let consultation = consultation_of(&mut tx, request_id).await?;
    if let Some(round) = consultation.latest().filter(|r| r.outcome(now) != RoundOutcome::Open) {
        close_round(&mut tx, round, &link.reference, now).await?;
    }
    queue_mails(&mut tx, mails, now).await?;
    tx.commit().await?;
    Ok(AnswerWrite::Done)
}

/// Records `round` closed (once) with how each consultee stands, the silent counted as
/// agreeing; `false` when it was recorded closed already.
pub(super) async fn close_round(
    tx: &mut WriteTx,
    round: &Round,
    reference: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let closed = sqlx::query("UPDATE ta_consultations SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now)
        .bind(round.id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if closed == 0 {
        return Ok(false);
    }
    let count = |standing: Standing| round.consultees.iter().filter(|c| round.standing(c, now) == standing).count();
    let summary = format!(
        "round {}: {} agreed, {} with comments, {} objected, {} silent (counted as agreeing)",
        round.number,
        count(Standing::Agreed),
        count(Standing::AgreedWithComments),
        count(Standing::Objected),
        count(Standing::SilentAgreed),
    );
    audit(tx, now, "system", "close_consultation", "ta_request", reference, None, Some(&summary)).await?;
    Ok(true)
}

/// The management unit decides on a round closed with an objection: go on, or revise.
pub async fn decide_on_objection(
    pool: &Pool,
    request: &StoredRequest,
    decision: &str,
    reason: &str,
    actor: &str,
    now: &str,
) -> Result<ConsultationWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, Stage::TaFiche, now).await? {
        return Ok(ConsultationWrite::NotAtStage);
    }
    let consultation = consultation_of(&mut tx, request.id).await?;
    let Some(round) = consultation.latest().filter(|r| r.outcome(now) == RoundOutcome::Objected) else {
        return Ok(ConsultationWrite::RoundState);
    };
    sqlx::query(
        "UPDATE ta_consultations SET decision = $1, decision_reason = $2, decided_at = $3, decided_by = $4
         WHERE id = $5 AND decision IS NULL",
    )
    .bind(decision)
    .bind(reason)
    .bind(now)
    .bind(actor)
    .bind(round.id)
    .execute(&mut *tx)
    .await?;
    let decided = format!("round {}: {decision}: {reason}", round.number);
    audit(&mut tx, now, actor, "decide_consultation", "ta_request", &request.reference, None, Some(&decided)).await?;
    tx.commit().await?;
    Ok(ConsultationWrite::Done(round.number))
}

/// The latest round of a request at the TA-fiche stage lets the fiche move on (for the move's
/// check, in its transaction).
pub(super) async fn consulted(tx: &mut WriteTx, request_id: i64, now: &str) -> Result<bool, sqlx::Error> {
    let consultation = consultation_of(tx, request_id).await?;
    Ok(consultation.latest().is_some_and(|round| round.outcome(now).lets_fiche_move_on()))
}

//! The work a request's stages hold: the concept note's versions, the requester's comments
//! and agreement, and what a stage move checks is done (the fiche's own writes are in
//! `fiche`). Every write first touches the
//! request's row while it is at the stage the write belongs to: on PostgreSQL that row lock
//! puts saves, agreements and stage moves of one request in a line, so an agreement always
//! names the version the move then finds, and a version saved meanwhile is never lost.

use sqlx::Row;

use super::REQUESTER;
use crate::db::audit::audit;
use crate::db::outbox::queue_mails;
use crate::db::{Pool, WriteTx};
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{ConceptNote, ConceptNoteText, ConceptNoteWork, MissingWork, NoteComment};
use crate::domain::ta_request::StoredRequest;
use crate::mail::OutgoingMail;

/// Locks the request's row if it is at `stage`; `false` when it is not (moved meanwhile).
pub(super) async fn hold_at_stage(
    tx: &mut WriteTx,
    request_id: i64,
    stage: Stage,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let held = sqlx::query("UPDATE ta_requests SET updated_at = $1 WHERE id = $2 AND stage = $3")
        .bind(now)
        .bind(request_id)
        .bind(stage.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(held == 1)
}

/// What became of a write to a stage's work (the fiche, the baseline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageWrite {
    Done,
    /// The request is no longer at the stage the work belongs to.
    NotAtStage,
    /// The row named (a result, an indicator, a document) is not this request's.
    NoSuchRow,
    /// The fiche is out for consultation, or agreed by it: it changes only once the
    /// management unit sends it back for revision.
    InConsultation,
}

/// Runs `write` on the request held at `stage`, then audits `action` with what `write` says
/// changed (before, after); `NoSuchRow` when `write` found nothing to change. At the TA-fiche
/// stage a fiche frozen by its consultation takes no write.
pub(super) async fn audited_stage_write<F>(
    pool: &Pool,
    request: &StoredRequest,
    stage: Stage,
    actor: &str,
    action: &str,
    now: &str,
    write: F,
) -> Result<StageWrite, sqlx::Error>
where
    F: AsyncFnOnce(&mut WriteTx) -> Result<Option<(Option<String>, Option<String>)>, sqlx::Error>,
{
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, stage, now).await? {
        return Ok(StageWrite::NotAtStage);
    }
    if stage == Stage::TaFiche && super::consultation::consultation_of(&mut tx, request.id).await?.freezes_fiche(now) {
        return Ok(StageWrite::InConsultation);
    }
    let Some((before, after)) = write(&mut tx).await? else {
        return Ok(StageWrite::NoSuchRow);
    };
    audit(&mut tx, now, actor, action, "ta_request", &request.reference, before.as_deref(), after.as_deref()).await?;
    tx.commit().await?;
    Ok(StageWrite::Done)
}

/// What the move `from` -> `to` needs and the request does not have yet.
pub(super) async fn missing_work(
    tx: &mut WriteTx,
    request_id: i64,
    from: Stage,
    to: Stage,
    now: &str,
) -> Result<Option<MissingWork>, sqlx::Error> {
    match (from, to) {
        (Stage::Submitted, Stage::ConceptNote) => {
            let awaited = super::endorsement::endorsement_awaited(tx, request_id).await?;
            return Ok(awaited.then_some(MissingWork::Endorsements));
        }
        (Stage::ConceptNote, Stage::TaFiche) => {
            // A request joined in at the concept note may bring endorsements still awaited.
            if super::endorsement::endorsement_awaited(tx, request_id).await? {
                return Ok(Some(MissingWork::Endorsements));
            }
        }
        (Stage::TaFiche, Stage::BaselineAssessment) => {
            if !super::fiche::fiche_complete(tx, request_id).await? {
                return Ok(Some(MissingWork::CompleteFiche));
            }
            let consulted = super::consultation::consulted(tx, request_id, now).await?;
            return Ok((!consulted).then_some(MissingWork::ConsultedFiche));
        }
        (Stage::BaselineAssessment, Stage::TaIntervention) => {
            let complete = super::baseline::baseline_complete(tx, request_id).await?;
            return Ok((!complete).then_some(MissingWork::CompleteBaseline));
        }
        (Stage::TaIntervention, Stage::Completed) => {
            if !super::intervention::intervention_complete(tx, request_id).await? {
                return Ok(Some(MissingWork::CarriedOutActivity));
            }
            let complete = super::completion::completion_complete(tx, request_id).await?;
            return Ok((!complete).then_some(MissingWork::CompleteResults));
        }
        _ => return Ok(None),
    }
    let agreed: i64 = sqlx::query(
        "SELECT COUNT(*) FROM ta_concept_notes WHERE request_id = $1 AND agreed_at IS NOT NULL
         AND version = (SELECT MAX(version) FROM ta_concept_notes WHERE request_id = $1)",
    )
    .bind(request_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    Ok((agreed == 0).then_some(MissingWork::AgreedConceptNote))
}

/// The concept note as it stands and every comment on it, oldest first.
pub async fn concept_note_work(pool: &Pool, request_id: i64) -> Result<ConceptNoteWork, sqlx::Error> {
    let note = sqlx::query(
        "SELECT version, context, objectives, approach, expected_results, timeline, work_language, written_at,
             agreed_at
         FROM ta_concept_notes WHERE request_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(pool)
    .await?
    .map(|row| {
        let text = |i: usize| row.try_get::<String, _>(i).map(Some);
        Ok::<_, sqlx::Error>(ConceptNote {
            version: row.try_get(0)?,
            text: ConceptNoteText {
                context: text(1)?,
                objectives: text(2)?,
                approach: text(3)?,
                expected_results: text(4)?,
                timeline: text(5)?,
                work_language: text(6)?,
            },
            written_at: row.try_get(7)?,
            agreed_at: row.try_get(8)?,
        })
    })
    .transpose()?;
    let comments =
        sqlx::query("SELECT version, at, body FROM ta_concept_note_comments WHERE request_id = $1 ORDER BY at, id")
            .bind(request_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok(NoteComment { version: r.try_get(0)?, at: r.try_get(1)?, body: r.try_get(2)? }))
            .collect::<Result<_, sqlx::Error>>()?;
    Ok(ConceptNoteWork { note, comments })
}

/// What became of a write to the concept note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteWrite {
    /// Saved as this version (a save), or done (a comment, an agreement).
    Done(i64),
    /// The request is no longer at the concept-note stage.
    NotAtStage,
    /// The note is no longer the version the writer read: someone saved a newer one (or,
    /// for an agreement, it was agreed already).
    Stale,
}

/// The latest version number, 0 before the first save.
async fn latest_version(tx: &mut WriteTx, request_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COALESCE(MAX(version), 0) FROM ta_concept_notes WHERE request_id = $1")
        .bind(request_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

/// Saves `text` as the next version of the note, written over `based_on` (the version the
/// writer read, 0 for none), with its audit record and the e-mail telling the requester.
pub async fn save_concept_note(
    pool: &Pool,
    request: &StoredRequest,
    based_on: i64,
    text: &ConceptNoteText,
    actor: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<NoteWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, Stage::ConceptNote, now).await? {
        return Ok(NoteWrite::NotAtStage);
    }
    if latest_version(&mut tx, request.id).await? != based_on {
        return Ok(NoteWrite::Stale);
    }
    let version = based_on + 1;
    sqlx::query(
        "INSERT INTO ta_concept_notes (request_id, version, context, objectives, approach, expected_results,
             timeline, work_language, written_at, written_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(request.id)
    .bind(version)
    .bind(text.context.clone())
    .bind(text.objectives.clone())
    .bind(text.approach.clone())
    .bind(text.expected_results.clone())
    .bind(text.timeline.clone())
    .bind(text.work_language.clone())
    .bind(now)
    .bind(actor)
    .execute(&mut *tx)
    .await?;
    let (before, after) = (format!("version {based_on}"), format!("version {version}"));
    let before = (based_on > 0).then_some(before.as_str());
    audit(&mut tx, now, actor, "concept_note", "ta_request", &request.reference, before, Some(&after)).await?;
    queue_mails(&mut tx, std::slice::from_ref(mail), now).await?;
    tx.commit().await?;
    Ok(NoteWrite::Done(version))
}

/// The requester agrees to `version`, which must be the latest and not yet agreed; the time
/// is kept, audited, and the staff holding the request are told (`mails`).
pub async fn agree_to_concept_note(
    pool: &Pool,
    request: &StoredRequest,
    version: i64,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<NoteWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, Stage::ConceptNote, now).await? {
        return Ok(NoteWrite::NotAtStage);
    }
    if latest_version(&mut tx, request.id).await? != version {
        return Ok(NoteWrite::Stale);
    }
    let agreed = sqlx::query(
        "UPDATE ta_concept_notes SET agreed_at = $1 WHERE request_id = $2 AND version = $3 AND agreed_at IS NULL",
    )
    .bind(now)
    .bind(request.id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if agreed == 0 {
        return Ok(NoteWrite::Stale);
    }
    let agreed_to = format!("agreed to version {version}");
    audit(&mut tx, now, REQUESTER, "agree_concept_note", "ta_request", &request.reference, None, Some(&agreed_to))
        .await?;
    queue_mails(&mut tx, mails, now).await?;
    tx.commit().await?;
    Ok(NoteWrite::Done(version))
}

/// A comment of the requester on the note as it stands (its latest version), e-mailed to the
/// staff holding the request (`mails`).
pub async fn comment_on_concept_note(
    pool: &Pool,
    request: &StoredRequest,
    body: &str,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<NoteWrite, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    if !hold_at_stage(&mut tx, request.id, Stage::ConceptNote, now).await? {
        return Ok(NoteWrite::NotAtStage);
    }
    let version = latest_version(&mut tx, request.id).await?;
    if version == 0 {
        return Ok(NoteWrite::Stale);
    }
    sqlx::query("INSERT INTO ta_concept_note_comments (request_id, version, at, body) VALUES ($1, $2, $3, $4)")
        .bind(request.id)
        .bind(version)
        .bind(now)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, REQUESTER, "comment_concept_note", "ta_request", &request.reference, None, None).await?;
    queue_mails(&mut tx, mails, now).await?;
    tx.commit().await?;
    Ok(NoteWrite::Done(version))
}

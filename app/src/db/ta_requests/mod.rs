//! Technical-assistance requests: drafts and submission here (one transaction: the
//! reference number, the request, its topics, its first history entry, the audit record and
//! the receipt e-mail are all stored, or none is); the requester's tracking page in
//! `tracking`; the back office's lists, stage moves, messages and notes in `back_office`;
//! the work the stages hold: the concept note in `cycle`, the TA fiche in `fiche`, its
//! consultation round in `consultation` (and its hourly upkeep in `consultation_upkeep`),
//! the baseline in `baseline`, the intervention in `intervention`, results, lessons and the
//! requester's assessment in `completion`, any stage's files in `documents`, the link of a
//! follow-up request to the one it follows in `follow_up`; the requesting governments'
//! endorsements and the joining of two requests in `endorsement`; the back office's export
//! of requests with their figures in `export`;
//! putting a completed request on the map in `publishing`.

mod back_office;
mod baseline;
mod completion;
mod consultation;
mod consultation_upkeep;
mod cycle;
mod documents;
mod endorsement;
mod export;
mod fiche;
mod follow_up;
mod intervention;
mod publishing;
mod tracking;

pub use back_office::*;
pub use baseline::*;
pub use completion::*;
pub use consultation::*;
pub use consultation_upkeep::*;
pub use cycle::*;
pub use documents::*;
pub use endorsement::*;
pub use export::*;
pub use fiche::*;
pub use follow_up::*;
pub use intervention::*;
pub use publishing::*;
pub use tracking::*;

use sqlx::Row;

use crate::db::audit::audit;
use crate::db::drafts::{self, form_json, form_of, DraftTable};
use crate::db::files::FileSlot;
use crate::db::outbox::queue_mails;
use crate::db::{insert_rows, Pool, Value};
use crate::domain::file::AttachedFile;
use crate::domain::form::RawForm;
use crate::domain::stage::{EventKind, Reference, Stage};
use crate::domain::ta_request::{StoredRequest, TaRequestForm};
use crate::mail::OutgoingMail;

/// How the requester appears in history and the audit log.
pub const REQUESTER: &str = "requester";

/// A draft as stored: the fields as typed, and whether it was submitted already.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub form: RawForm,
    pub locale: String,
    pub resume_link_sent_to: Option<String>,
    /// The reference of the request it became, once submitted.
    pub submitted_as: Option<String>,
}

/// TA drafts: saved until submitted, then kept as sent.
pub const DRAFTS: DraftTable =
    DraftTable { table: "ta_drafts", token_column: "token_hash", open: "request_id IS NULL" };

pub async fn create_draft(
    pool: &Pool,
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    drafts::create(pool, DRAFTS, &[], token_hash, form, locale, now).await
}

pub async fn find_draft(pool: &Pool, token_hash: &str) -> Result<Option<Draft>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT d.id, d.form_json, d.locale, d.resume_link_sent_to, r.reference
         FROM ta_drafts d LEFT JOIN ta_requests r ON r.id = d.request_id WHERE d.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Draft {
        id: row.try_get(0)?,
        form: form_of(&row.try_get::<String, _>(1)?),
        locale: row.try_get(2)?,
        resume_link_sent_to: row.try_get(3)?,
        submitted_as: row.try_get(4)?,
    }))
}

/// The region whose coordinators hold a request: the country's, or the organisation's when
/// all its members are in one region; `None` (the management unit) otherwise.
async fn holding_region(conn: &mut sqlx::AnyConnection, form: &TaRequestForm) -> Result<Option<String>, sqlx::Error> {
    if let Some(iso3) = form.institution.country.as_deref().filter(|_| form.institution.is_government()) {
        return sqlx::query("SELECT region_code FROM countries WHERE iso3 = $1")
            .bind(iso3)
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| row.try_get(0))
            .transpose();
    }
    let regions: Vec<String> = sqlx::query(
        "SELECT DISTINCT c.region_code FROM regional_organisation_members m
         JOIN countries c ON c.iso3 = m.member_iso3 WHERE m.organisation_code = $1",
    )
    .bind(form.institution.organisation.as_deref().unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| row.try_get(0))
    .collect::<Result<_, _>>()?;
    Ok(match regions.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    })
}

/// What `submit` needs besides the checked form.
pub struct Submission<'a> {
    pub draft_id: i64,
    /// The draft's fields as typed, saved with the submission.
    pub raw: &'a RawForm,
    pub form: &'a TaRequestForm,
    pub tracking_token_hash: &'a str,
    /// The governments whose officials are asked to endorse it, the requester's own first.
    pub endorsements: &'a [NewEndorsement],
    pub locale: &'a str,
    pub now: &'a str,
    pub year: i32,
}

/// Stores a checked request and returns its reference; `mails` writes the e-mails once the
/// reference and the addresses of the staff now holding the request are known (the
/// receipt, and the notice to them). A draft submitted twice (a double click, a replayed
/// post) gives `None` the second time and stores nothing.
pub async fn submit(
    pool: &Pool,
    submission: Submission<'_>,
    mails: impl FnOnce(&Reference, &[String]) -> Vec<OutgoingMail>,
) -> Result<Option<Reference>, sqlx::Error> {
    let Submission { draft_id, raw, form, tracking_token_hash, endorsements, locale, now, year } = submission;
    // Who holds the request is read before the write lock is taken: on SQLite every statement
    // inside it makes the other writers wait.
    let (region, holding) = {
        let mut conn = pool.acquire().await?;
        let region = holding_region(&mut conn, form).await?;
        let holding = holders(&mut conn, region.as_deref()).await?;
        (region, holding)
    };
    let (mut tx, number) = crate::db::begin_numbered(pool, Reference::PREFIX, year).await?;
    // Claiming the draft makes a concurrent second submission wait, then find it taken.
    let claimed =
        sqlx::query("UPDATE ta_drafts SET form_json = $1, updated_at = $2 WHERE id = $3 AND request_id IS NULL")
            .bind(form_json(raw))
            .bind(now)
            .bind(draft_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    let reference = Reference { year, number };
    let (institution, focal, details) = (&form.institution, &form.focal_point, &form.details);
    let government = institution.is_government();
    let request_id: i64 = sqlx::query(
        "INSERT INTO ta_requests (reference, tracking_token_hash, stage, region_code, requester_type, country_iso3,
             organisation_code, institution, department, official_name, official_position, work_language,
             focal_name, focal_position, focal_email, focal_phone, typology_code, background, objectives,
             expected_results, beneficiaries, policy_link, other_support, preferred_start, preferred_end, locale,
             submitted_at, updated_at, official_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, $23, $24, $25, $26, $27, $27, $28)
         RETURNING id",
    )
    .bind(reference.to_string())
    .bind(tracking_token_hash)
    .bind(Stage::Submitted.as_str())
    .bind(region)
    .bind(institution.requester_type.clone())
    .bind(if government { institution.country.clone() } else { None })
    .bind(if government { None } else { institution.organisation.clone() })
    .bind(institution.institution.clone())
    .bind(institution.department.clone())
    .bind(institution.official_name.clone())
    .bind(institution.official_position.clone())
    .bind(institution.work_language.clone())
    .bind(focal.focal_name.clone())
    .bind(focal.focal_position.clone())
    .bind(focal.focal_email.clone())
    .bind(focal.focal_phone.clone())
    .bind(details.typology.clone())
    .bind(details.background.clone())
    .bind(details.objectives.clone())
    .bind(details.expected_results.clone())
    .bind(details.beneficiaries.clone())
    .bind(details.policy_link.clone())
    .bind(details.other_support.clone())
    .bind(details.preferred_start.clone())
    .bind(details.preferred_end.clone())
    .bind(locale)
    .bind(now)
    .bind(institution.official_email.clone())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    endorsement::ask_endorsements(&mut tx, request_id, endorsements, now).await?;
    let topics = details.topics.iter().map(|topic| [Value::Int(request_id), Value::Text(topic.clone())]).collect();
    insert_rows(&mut tx, "INSERT INTO ta_request_topics (request_id, topic_code) VALUES ", topics).await?;
    sqlx::query("INSERT INTO ta_request_events (request_id, at, actor, kind, to_stage) VALUES ($1, $2, $3, $4, $5)")
        .bind(request_id)
        .bind(now)
        .bind(REQUESTER)
        .bind(EventKind::Submitted.as_str())
        .bind(Stage::Submitted.as_str())
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        now,
        REQUESTER,
        "submit",
        "ta_request",
        &reference.to_string(),
        None,
        Some(Stage::Submitted.as_str()),
    )
    .await?;
    sqlx::query("UPDATE ta_drafts SET request_id = $1 WHERE id = $2")
        .bind(request_id)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE ta_attachments SET request_id = $1 WHERE draft_id = $2")
        .bind(request_id)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    queue_mails(&mut tx, &mails(&reference, &holding), now).await?;
    tx.commit().await?;
    Ok(Some(reference))
}

/// A draft's letter: replaced while the draft is open; once submitted it belongs to the
/// request and stays.
pub const LETTER: FileSlot = FileSlot {
    table: "ta_attachments",
    owner: "draft_id",
    received_at: "created_at",
    replaces: "request_id IS NULL",
    shared_with: None,
};

/// A request's attachments with their ids (for the staff's download links).
pub async fn request_attachments(pool: &Pool, request_id: i64) -> Result<Vec<(i64, AttachedFile)>, sqlx::Error> {
    sqlx::query("SELECT id, original_name, size_bytes FROM ta_attachments WHERE request_id = $1 ORDER BY id")
        .bind(request_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, AttachedFile { name: r.try_get(1)?, size_bytes: r.try_get(2)? })))
        .collect()
}

/// The name attachment `id` of request `request_id` was sent under and its stored name.
pub async fn attachment_file(pool: &Pool, request_id: i64, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT original_name, stored_name FROM ta_attachments WHERE request_id = $1 AND id = $2")
        .bind(request_id)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .transpose()
}

/// A message on the request's thread, from staff or the requester, and the e-mails it sends,
/// in one transaction; `action` names it in the audit log.
async fn add_to_thread(
    pool: &Pool,
    request: &StoredRequest,
    actor: &str,
    action: &str,
    body: &str,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("INSERT INTO ta_request_events (request_id, at, actor, kind, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(request.id)
        .bind(now)
        .bind(actor)
        .bind(EventKind::Message.as_str())
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, actor, action, "ta_request", &request.reference, None, None).await?;
    for mail in mails {
        crate::db::outbox::queue_mail(&mut tx, mail, now).await?;
    }
    tx.commit().await
}

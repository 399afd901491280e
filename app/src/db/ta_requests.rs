//! Drafts and submitted technical-assistance requests. Submission is one transaction: the
//! reference number, the request, its topics, its first history entry, the audit record and
//! the receipt e-mail are all stored, or none is.

use sqlx::Row;

use super::audit::audit;
use super::files::FileSlot;
use super::outbox::{queue_mail, queue_mails};
use super::{Pool, Sql, Value};
use crate::domain::file::AttachedFile;
use crate::domain::form::RawForm;
use crate::domain::staff::{InboxFilter, Role, StaffUser};
use crate::domain::stage::{EventKind, HistoryEntry, Reference, RequestProgress, Stage};
use crate::domain::ta_request::{
    Details, FocalPoint, InboxRow, Institution, Note, Published, StoredRequest, TaRequestForm,
};
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

fn to_json(form: &RawForm) -> String {
    // A map of strings to lists of strings always serialises.
    serde_json::to_string(form).unwrap_or_else(|_| "{}".into())
}

pub async fn create_draft(
    pool: &Pool,
    token_hash: &str,
    form: &RawForm,
    locale: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO ta_drafts (token_hash, form_json, locale, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(token_hash)
    .bind(to_json(form))
    .bind(locale)
    .bind(now)
    .fetch_one(pool)
    .await?
    .try_get(0)
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
    let json: String = row.try_get(1)?;
    Ok(Some(Draft {
        id: row.try_get(0)?,
        // Only this module writes form_json; an unreadable one is treated as empty.
        form: serde_json::from_str(&json).unwrap_or_default(),
        locale: row.try_get(2)?,
        resume_link_sent_to: row.try_get(3)?,
        submitted_as: row.try_get(4)?,
    }))
}

pub async fn save_draft(pool: &Pool, id: i64, form: &RawForm, now: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ta_drafts SET form_json = $1, updated_at = $2 WHERE id = $3 AND request_id IS NULL")
        .bind(to_json(form))
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records that the resume link went to `address`, with the e-mail, in one transaction.
pub async fn send_resume_link(
    pool: &Pool,
    id: i64,
    address: &str,
    mail: &OutgoingMail,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("UPDATE ta_drafts SET resume_link_sent_to = $1, updated_at = $2 WHERE id = $3")
        .bind(address)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    queue_mail(&mut tx, mail, now).await?;
    tx.commit().await
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
    let Submission { draft_id, raw, form, tracking_token_hash, locale, now, year } = submission;
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
            .bind(to_json(raw))
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
             submitted_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, $23, $24, $25, $26, $27, $27)
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
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    if !details.topics.is_empty() {
        let mut topics = Sql::new("INSERT INTO ta_request_topics (request_id, topic_code) VALUES ");
        topics.bind_rows(details.topics.iter().map(|topic| [Value::Int(request_id), Value::Text(topic.clone())]));
        topics.query().execute(&mut *tx).await?;
    }
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

/// The reference of the request behind a tracking token.
pub async fn reference_by_tracking(pool: &Pool, token_hash: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT reference FROM ta_requests WHERE tracking_token_hash = $1")
        .bind(token_hash)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
}

/// The addresses of the staff who hold a request of `region`: its coordinators, or the
/// management unit when it has none (or the request spans regions).
pub async fn holders(conn: &mut sqlx::AnyConnection, region: Option<&str>) -> Result<Vec<String>, sqlx::Error> {
    let coordinators: Vec<String> = match region {
        Some(region) => sqlx::query(
            "SELECT u.email FROM staff_users u JOIN staff_user_regions r ON r.user_id = u.id
             WHERE r.region_code = $1 AND u.active = 1 AND u.role = 'coordinator' ORDER BY u.email",
        )
        .bind(region)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if !coordinators.is_empty() {
        return Ok(coordinators);
    }
    sqlx::query("SELECT email FROM staff_users WHERE role = 'admin' AND active = 1 ORDER BY email")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// A reply from the requester: in the history, audited, and e-mailed to whoever holds it.
pub async fn add_reply(
    pool: &Pool,
    request: &StoredRequest,
    body: &str,
    mails: &[OutgoingMail],
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("INSERT INTO ta_request_events (request_id, at, actor, kind, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(request.id)
        .bind(now)
        .bind(REQUESTER)
        .bind(EventKind::Message.as_str())
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, REQUESTER, "reply", "ta_request", &request.reference, None, None).await?;
    for mail in mails {
        queue_mail(&mut tx, mail, now).await?;
    }
    tx.commit().await
}

/// The tracking page's view of the request behind a tracking token.
pub async fn progress_by_tracking(pool: &Pool, token_hash: &str) -> Result<Option<RequestProgress>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, reference, stage, institution, region_code, submitted_at, decline_reason
         FROM ta_requests WHERE tracking_token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let stage: String = row.try_get(2)?;
    let history = history(pool, id).await?;
    Ok(Some(RequestProgress {
        reference: row.try_get(1)?,
        stage: Stage::parse(&stage).ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {stage}").into()))?,
        institution: row.try_get(3)?,
        region: row.try_get(4)?,
        submitted_at: row.try_get(5)?,
        decline_reason: row.try_get(6)?,
        history,
    }))
}

/// Limits `sql` (over `ta_requests r`) to what `user` covers.
fn push_scope(sql: &mut Sql, user: &StaffUser) {
    if user.role == Role::Coordinator {
        if user.regions.is_empty() {
            sql.push(" AND 1 = 0");
        } else {
            sql.push(" AND r.region_code IN ").bind_list(user.regions.iter().map(|r| Value::Text(r.clone())));
        }
    }
}

/// The staff inbox: the requests `user` covers that `filter` selects, newest first.
/// `submitted_before` carries the age filter as a time.
pub async fn inbox(
    pool: &Pool,
    user: &StaffUser,
    filter: &InboxFilter,
    submitted_before: Option<&str>,
) -> Result<Vec<InboxRow>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT r.reference, r.institution, COALESCE(r.country_iso3, r.organisation_code), r.region_code, r.stage, r.submitted_at
         FROM ta_requests r WHERE 1 = 1",
    );
    push_scope(&mut sql, user);
    if let Some(stage) = filter.stage {
        sql.push(" AND r.stage = ").bind_text(stage.as_str());
    }
    if let Some(region) = &filter.region {
        sql.push(" AND r.region_code = ").bind_text(region);
    }
    if let Some(country) = &filter.country {
        sql.push(" AND r.country_iso3 = ").bind_text(country);
    }
    if let Some(topic) = &filter.topic {
        sql.push(" AND EXISTS (SELECT 1 FROM ta_request_topics t WHERE t.request_id = r.id AND t.topic_code = ")
            .bind_text(topic)
            .push(")");
    }
    if let Some(before) = submitted_before {
        sql.push(" AND r.submitted_at <= ").bind_text(before);
    }
    sql.push(" ORDER BY r.submitted_at DESC, r.id DESC LIMIT 500");
    let mut rows = Vec::new();
    for row in sql.query().fetch_all(pool).await? {
        let stage: String = row.try_get(4)?;
        rows.push(InboxRow {
            reference: row.try_get(0)?,
            institution: row.try_get(1)?,
            requester: row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
            region: row.try_get(3)?,
            stage: parse_stage(&stage)?,
            submitted_at: row.try_get(5)?,
        });
    }
    Ok(rows)
}

fn parse_stage(text: &str) -> Result<Stage, sqlx::Error> {
    Stage::parse(text).ok_or_else(|| sqlx::Error::Decode(format!("unknown stage {text}").into()))
}

/// Requests per stage among those `user` covers, in the stages' order.
pub async fn count_by_stage(pool: &Pool, user: &StaffUser) -> Result<Vec<(Stage, i64)>, sqlx::Error> {
    let mut sql = Sql::new("SELECT r.stage, COUNT(*) FROM ta_requests r WHERE 1 = 1");
    push_scope(&mut sql, user);
    sql.push(" GROUP BY r.stage");
    let mut counts = Vec::new();
    for row in sql.query().fetch_all(pool).await? {
        let stage: String = row.try_get(0)?;
        counts.push((parse_stage(&stage)?, row.try_get(1)?));
    }
    counts.sort_by_key(|(stage, _)| Stage::ALL.iter().position(|s| s == stage));
    Ok(counts)
}

/// Requests per region and per topic among those `user` covers, most first. A request of
/// an organisation spanning regions counts under the empty region code.
pub async fn count_by_region_and_topic(
    pool: &Pool,
    user: &StaffUser,
) -> Result<(Vec<(String, i64)>, Vec<(String, i64)>), sqlx::Error> {
    let mut by_region = Sql::new("SELECT COALESCE(r.region_code, ''), COUNT(*) FROM ta_requests r WHERE 1 = 1");
    push_scope(&mut by_region, user);
    by_region.push(" GROUP BY COALESCE(r.region_code, '') ORDER BY COUNT(*) DESC, 1");
    let mut by_topic = Sql::new(
        "SELECT t.topic_code, COUNT(*) FROM ta_request_topics t JOIN ta_requests r ON r.id = t.request_id WHERE 1 = 1",
    );
    push_scope(&mut by_topic, user);
    by_topic.push(" GROUP BY t.topic_code ORDER BY COUNT(*) DESC, 1");
    let mut counts = Vec::new();
    for sql in [by_region, by_topic] {
        counts.push(
            sql.query()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?,
        );
    }
    let by_topic = counts.pop().unwrap_or_default();
    let by_region = counts.pop().unwrap_or_default();
    Ok((by_region, by_topic))
}

/// A request with everything staff see about it.
pub async fn find_by_reference(pool: &Pool, reference: &str) -> Result<Option<StoredRequest>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.id, r.reference, r.stage, r.region_code, r.submitted_at, r.locale, r.decline_reason,
             r.requester_type, r.country_iso3, r.organisation_code, r.institution, r.department, r.official_name,
             r.official_position, r.work_language, r.focal_name, r.focal_position, r.focal_email, r.focal_phone,
             r.typology_code, r.background, r.objectives, r.expected_results, r.beneficiaries, r.policy_link,
             r.other_support, r.preferred_start, r.preferred_end, i.slug, i.publishable
         FROM ta_requests r LEFT JOIN interventions i ON i.id = r.intervention_id
         WHERE r.reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let stage: String = row.try_get(2)?;
    let text = |i: usize| row.try_get::<Option<String>, _>(i);
    let topics = sqlx::query("SELECT topic_code FROM ta_request_topics WHERE request_id = $1 ORDER BY topic_code")
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<Vec<String>, _>>()?;
    Ok(Some(StoredRequest {
        id,
        reference: row.try_get(1)?,
        stage: parse_stage(&stage)?,
        region: text(3)?,
        submitted_at: row.try_get(4)?,
        locale: row.try_get(5)?,
        decline_reason: text(6)?,
        institution: Institution {
            requester_type: text(7)?,
            country: text(8)?,
            organisation: text(9)?,
            institution: text(10)?,
            department: text(11)?,
            official_name: text(12)?,
            official_position: text(13)?,
            work_language: text(14)?,
        },
        focal_point: FocalPoint {
            focal_name: text(15)?,
            focal_position: text(16)?,
            focal_email: text(17)?,
            focal_phone: text(18)?,
        },
        details: Details {
            topics,
            typology: text(19)?,
            background: text(20)?,
            objectives: text(21)?,
            expected_results: text(22)?,
            beneficiaries: text(23)?,
            policy_link: text(24)?,
            other_support: text(25)?,
            preferred_start: text(26)?,
            preferred_end: text(27)?,
        },
        published: text(28)?
            .map(|slug| Ok::<_, sqlx::Error>(Published { slug, publishable: row.try_get::<i64, _>(29)? == 1 }))
            .transpose()?,
    }))
}

/// The history the requester sees, oldest first.
pub async fn history(pool: &Pool, request_id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let mut history = Vec::new();
    for event in sqlx::query(
        "SELECT at, kind, to_stage, body, actor FROM ta_request_events WHERE request_id = $1 ORDER BY at, id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    {
        let kind: String = event.try_get(1)?;
        let to_stage: Option<String> = event.try_get(2)?;
        let Some(kind) = EventKind::parse(&kind) else { continue };
        history.push(HistoryEntry {
            at: event.try_get(0)?,
            kind,
            to_stage: to_stage.as_deref().and_then(Stage::parse),
            body: event.try_get(3)?,
            by_requester: event.try_get::<String, _>(4)? == REQUESTER,
        });
    }
    Ok(history)
}

pub async fn notes(pool: &Pool, request_id: i64) -> Result<Vec<Note>, sqlx::Error> {
    sqlx::query(
        "SELECT n.at, u.name, n.body FROM ta_request_notes n JOIN staff_users u ON u.id = n.author_id
         WHERE n.request_id = $1 ORDER BY n.at, n.id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(Note { at: r.try_get(0)?, author: r.try_get(1)?, body: r.try_get(2)? }))
    .collect()
}

/// Moves a request from `from` to `to` (the caller checked `from.can_move_to(to)`), with
/// its history entry, audit record and the requester's e-mail. `false` when the request
/// was no longer at `from` (someone else moved it first): nothing is changed then.
#[allow(clippy::too_many_arguments)]
pub async fn move_stage(
    pool: &Pool,
    request: &StoredRequest,
    from: Stage,
    to: Stage,
    actor: &str,
    reason: Option<&str>,
    mail: &OutgoingMail,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let moved = sqlx::query(
        "UPDATE ta_requests SET stage = $1, decline_reason = COALESCE($2, decline_reason), updated_at = $3
         WHERE id = $4 AND stage = $5",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .bind(request.id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO ta_request_events (request_id, at, actor, kind, from_stage, to_stage, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request.id)
    .bind(now)
    .bind(actor)
    .bind(EventKind::StageChanged.as_str())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    audit(&mut tx, now, actor, "move_stage", "ta_request", &request.reference, Some(from.as_str()), Some(to.as_str()))
        .await?;
    queue_mail(&mut tx, mail, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// A message to the requester: on the tracking page and by e-mail.
pub async fn add_message(
    pool: &Pool,
    request: &StoredRequest,
    actor: &str,
    body: &str,
    mail: &OutgoingMail,
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
    audit(&mut tx, now, actor, "message", "ta_request", &request.reference, None, None).await?;
    queue_mail(&mut tx, mail, now).await?;
    tx.commit().await
}

/// An internal note, seen by staff only.
pub async fn add_note(
    pool: &Pool,
    request: &StoredRequest,
    author: &StaffUser,
    body: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("INSERT INTO ta_request_notes (request_id, author_id, at, body) VALUES ($1, $2, $3, $4)")
        .bind(request.id)
        .bind(author.id)
        .bind(now)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, &author.actor(), "note", "ta_request", &request.reference, None, None).await?;
    tx.commit().await
}

/// What publishing a completed request writes on the public map.
pub struct PublishedIntervention<'a> {
    pub title: &'a str,
    /// False: recorded for staff only (`public_interventions` leaves it out).
    pub publishable: bool,
    pub summary: &'a str,
    /// The language code the title and summary are written in.
    pub language: &'a str,
    /// Folded texts and names for the map's free-text search.
    pub search_text: &'a str,
    /// YYYY-MM-DD of publication (the status date on the map).
    pub today: &'a str,
}

/// The region a request is shown under on the map: its own, or for an organisation spanning
/// regions the one most of its members are in.
async fn map_region(tx: &mut crate::db::WriteTx, request: &StoredRequest) -> Result<String, sqlx::Error> {
    if let Some(region) = &request.region {
        return Ok(region.clone());
    }
    sqlx::query(
        "SELECT c.region_code FROM regional_organisation_members m JOIN countries c ON c.iso3 = m.member_iso3
         WHERE m.organisation_code = $1 GROUP BY c.region_code ORDER BY COUNT(*) DESC, c.region_code LIMIT 1",
    )
    .bind(request.institution.organisation.as_deref().unwrap_or_default())
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Puts a completed request on the public map (the one interventions table) and links the
/// two; returns the intervention's slug. `None` when it was published already.
pub async fn publish(
    pool: &Pool,
    request: &StoredRequest,
    publication: &PublishedIntervention<'_>,
    actor: &str,
    now: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let slug = request.reference.to_lowercase();
    let region = map_region(&mut tx, request).await?;
    let government = request.institution.is_government();
    let year = |month: &Option<String>| month.as_deref().and_then(|m| m.get(..4)?.parse::<i64>().ok());
    let inserted = sqlx::query(
        "INSERT INTO interventions (slug, programme_code, component, scope, title, organisation_code, requesting_entity,
             beneficiary_institution, region_code, objective, summary, start_month, end_month, start_year, end_year,
             status_code, status_as_of, detail_level, source, search_text, created_at, updated_at, publishable, language)
         SELECT $1, 'ACP-EU Migration Action', 'technical_assistance', $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12,
             'completed', $13, 'full', 'portal', $14, $15, $15, $17, $18
         WHERE NOT EXISTS (SELECT 1 FROM ta_requests WHERE id = $16 AND intervention_id IS NOT NULL)
         RETURNING id",
    )
    .bind(&slug)
    .bind(if government { "national" } else { "regional" })
    .bind(publication.title)
    .bind(request.institution.organisation.clone().filter(|_| !government))
    .bind(request.institution.institution.clone())
    .bind(&region)
    .bind(request.details.objectives.clone())
    .bind(publication.summary)
    .bind(request.details.preferred_start.clone())
    .bind(request.details.preferred_end.clone())
    .bind(year(&request.details.preferred_start))
    .bind(year(&request.details.preferred_end))
    .bind(publication.today)
    .bind(publication.search_text)
    .bind(now)
    .bind(request.id)
    .bind(i64::from(publication.publishable))
    .bind(publication.language)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = inserted else { return Ok(None) };
    let intervention_id: i64 = row.try_get(0)?;
    if let Some(country) = request.institution.country.as_deref().filter(|_| government) {
        sqlx::query("INSERT INTO intervention_countries (intervention_id, iso3) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(country)
            .execute(&mut *tx)
            .await?;
    }
    for topic in &request.details.topics {
        sqlx::query("INSERT INTO intervention_topics (intervention_id, topic_code) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(topic)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(typology) = &request.details.typology {
        sqlx::query("INSERT INTO intervention_typologies (intervention_id, typology_code) VALUES ($1, $2)")
            .bind(intervention_id)
            .bind(typology)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE ta_requests SET intervention_id = $1, updated_at = $2 WHERE id = $3")
        .bind(intervention_id)
        .bind(now)
        .bind(request.id)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, now, actor, "publish", "ta_request", &request.reference, None, Some(&slug)).await?;
    tx.commit().await?;
    Ok(Some(slug))
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
